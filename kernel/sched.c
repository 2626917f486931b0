/*
 * sched.c - cooperative threads on one vCPU.
 *
 * A thread runs until it blocks, sleeps, yields or exits; schedule() then
 * picks the next runnable thread round-robin.  Event handlers only make
 * threads runnable (wake_up), never switch, so all thread state is
 * protected by masking events (irq_save).  When nothing can run, the
 * scheduler blocks the vCPU in SCHEDOP_block with a one-shot timer set
 * for the earliest sleeper or ktimer.  Each thread's stack has an unmapped
 * guard page below it, so an overflow faults instead of corrupting the
 * heap: default stacks are 32 KiB buddy blocks whose lowest page is
 * unmapped, bigger ones vmem regions (kernel/vmem.c) with a guard page
 * reserved below.  A thread's stack is freed by whichever thread runs
 * after it exits; its struct when it is joined.  A thread may have its
 * own %fs base (thread-local storage), loaded on every switch to it.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <arch/page.h>
#include <arch/trap.h>
#include <arch/x86.h>
#include <string.h>

#define STACK_ORDER 3 /* 32 KiB, the lowest page of it the guard */

enum thread_state { RUNNABLE, BLOCKED, EXITED };

struct thread {
	unsigned long sp;
	char name[24];
	void *stack;	       /* NULL for the boot thread */
	size_t stack_size;     /* vmem stacks; 0: the default buddy block */
	unsigned long fs_base; /* 0: arch's default */
	enum thread_state state;
	uint64_t wake_at; /* 0: not sleeping on a deadline */
	long exit_code;
	struct waitqueue join_wq;
	struct thread *next; /* all threads, circular */
};

struct wq_entry {
	struct thread *t;
	struct wq_entry *next;
	bool woken;
};

uint64_t timers_run(uint64_t now);
uint64_t monotonic_to_xen(uint64_t t);

static struct thread boot_thread = {.name = "main", .next = &boot_thread};
static struct thread *current = &boot_thread;
static struct thread *reap_me; /* exited; stack freed after switching */
static unsigned long nr_threads = 1;

/* ---- event masking ---- */

unsigned long irq_save(void)
{
	unsigned long flags;

	if (!shared_info)
		return 1;
	flags = shared_info->vcpu_info[0].evtchn_upcall_mask;
	shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
	barrier();
	return flags;
}

void irq_restore(unsigned long flags)
{
	volatile struct vcpu_info *v;

	if (!shared_info)
		return;
	v = &shared_info->vcpu_info[0];
	barrier();
	v->evtchn_upcall_mask = (uint8_t)flags;
	barrier(); /* unmask, then look for what arrived while masked */
	/*
	 * An event that arrived while we were masked set upcall_pending but
	 * was not delivered, and nothing will deliver it until our next
	 * hypercall.  Any hypercall will do: Xen checks for pending events on
	 * its way back to us.
	 */
	if (!flags && v->evtchn_upcall_pending)
		hypercall_xen_version(XENVER_version, NULL);
}

/* ---- threads ---- */

struct thread *current_thread(void)
{
	return current;
}

const char *thread_name(const struct thread *t)
{
	return t->name;
}

const void *thread_stack_guard(const struct thread *t)
{
	extern char boot_stack[];

	if (t == &boot_thread)
		return boot_stack;
	return t->stack_size ? (const char *)t->stack - PAGE_SIZE : t->stack;
}

unsigned long thread_count(void)
{
	return nr_threads;
}

/* The default stack is one order-3 block, its lowest page the guard.
 * Any other size is a vmem region: single pages (no contiguous block to
 * find in a fragmented heap) under a guard page that costs no memory, so
 * a thread asking for less than the default (httpd's per-connection
 * threads) saves what it does not ask for. */
static bool stack_alloc(struct thread *t, size_t size)
{
	if (!size || size == THREAD_STACK_DEFAULT) {
		t->stack = alloc_pages(STACK_ORDER);
		if (t->stack)
			page_set_present(t->stack, false);
		return t->stack;
	}
	size = (size + PAGE_SIZE - 1) & PAGE_MASK;
	t->stack = vmem_alloc(size, 1);
	t->stack_size = size;
	return t->stack;
}

static void stack_free(struct thread *t)
{
	if (t->stack_size) {
		vmem_free(t->stack);
	} else {
		page_set_present(t->stack, true);
		free_pages(t->stack, STACK_ORDER);
	}
	t->stack = NULL;
}

struct thread *thread_create(const char *name, long (*fn)(void *), void *arg)
{
	return thread_create_stack(name, fn, arg, 0);
}

struct thread *thread_create_stack(const char *name, long (*fn)(void *),
				   void *arg, size_t stack_size)
{
	struct thread *t = calloc(1, sizeof(*t));
	unsigned long *sp;
	unsigned long flags;

	if (!t)
		return NULL;
	if (!stack_alloc(t, stack_size)) {
		free(t);
		return NULL;
	}
	strncpy(t->name, name, sizeof(t->name) - 1);
	/* The frame switch_context pops: r15 r14 r13 r12 rbx rbp, then the
	 * return address. */
	/* switch_context's ret pops the trampoline address, leaving rsp at
	 * the (16-byte aligned) top; the trampoline's call then enters fn with
	 * rsp = 8 mod 16, as the ABI requires (SSE code depends on it). */
	sp = (unsigned long *)((char *)t->stack +
			       (t->stack_size ? t->stack_size
					      : PAGE_SIZE << STACK_ORDER));
	*--sp = (unsigned long)thread_trampoline;
	*--sp = 0;		    /* rbp */
	*--sp = 0;		    /* rbx */
	*--sp = (unsigned long)fn;  /* r12 */
	*--sp = (unsigned long)arg; /* r13 */
	*--sp = 0;		    /* r14 */
	*--sp = 0;		    /* r15 */
	t->sp = (unsigned long)sp;
	t->state = RUNNABLE;
	flags = irq_save();
	t->next = current->next;
	current->next = t;
	nr_threads++;
	irq_restore(flags);
	return t;
}

static void unlink_thread(struct thread *t)
{
	struct thread *p = t;

	while (p->next != t)
		p = p->next;
	p->next = t->next;
	nr_threads--;
}

static void reap(void)
{
	struct thread *t = reap_me;

	if (!t || t == current)
		return;
	reap_me = NULL;
	stack_free(t);
}

void thread_set_fs_base(struct thread *t, unsigned long base)
{
	unsigned long flags = irq_save();

	t->fs_base = base;
	if (t == current)
		arch_load_fs_base(base);
	irq_restore(flags);
}

NORETURN void thread_exit(long code)
{
	irq_save();
	if (current == &boot_thread)
		panic("thread_exit from the main thread");
	current->exit_code = code;
	current->state = EXITED;
	unlink_thread(current);
	reap_me = current;
	wake_up(&current->join_wq);
	schedule();
	panic("exited thread scheduled again");
}

int thread_join(struct thread *t, long *code)
{
	if (t == current || t == &boot_thread)
		return -EINVAL;
	wait_event_until(t->join_wq, t->state == EXITED, 0);
	if (code)
		*code = t->exit_code;
	if (reap_me == t)
		reap(); /* we run, so t's stack is no longer in use */
	free(t);
	return 0;
}

/* ---- blocking and waking ---- */

void wake_up(struct waitqueue *wq)
{
	unsigned long flags = irq_save();
	struct wq_entry *e;

	for (e = wq->head; e; e = e->next) {
		e->woken = true;
		if (e->t->state == BLOCKED)
			e->t->state = RUNNABLE;
	}
	wq->head = NULL;
	irq_restore(flags);
}

static void wq_remove(struct waitqueue *wq, struct wq_entry *me)
{
	struct wq_entry **p;

	for (p = &wq->head; *p; p = &(*p)->next) {
		if (*p == me) {
			*p = me->next;
			return;
		}
	}
}

int wait_on(struct waitqueue *wq, uint64_t deadline)
{
	struct wq_entry me = {.t = current};
	unsigned long flags = irq_save();

	me.next = wq->head;
	wq->head = &me;
	current->state = BLOCKED;
	current->wake_at = deadline;
	schedule();
	if (!me.woken)
		wq_remove(wq, &me);
	current->wake_at = 0;
	irq_restore(flags);
	return me.woken ? 0 : -ETIMEDOUT;
}

void sleep_until(uint64_t deadline)
{
	unsigned long flags = irq_save();

	current->state = BLOCKED;
	current->wake_at = deadline;
	schedule();
	current->wake_at = 0;
	irq_restore(flags);
}

void sleep_ns(uint64_t ns)
{
	sleep_until(monotonic_ns() + ns);
}

void msleep(uint64_t ms)
{
	sleep_ns(ms * NSEC_PER_MSEC);
}

void yield(void)
{
	schedule();
}

/* Wakes sleepers whose deadline passed; returns the earliest remaining. */
static uint64_t wake_sleepers(uint64_t now)
{
	/* Start from current->next: an exited current is off the ring. */
	struct thread *t = current->next;
	uint64_t next = 0;

	do {
		if (t->state == BLOCKED && t->wake_at) {
			if (t->wake_at <= now)
				t->state = RUNNABLE;
			else if (!next || t->wake_at < next)
				next = t->wake_at;
		}
		t = t->next;
	} while (t != current->next);
	return next;
}

static struct thread *pick_next(void)
{
	struct thread *t = current->next;

	/* current is last in line; an exited current is off the ring but its
	 * next pointer still leads into it. */
	do {
		if (t->state == RUNNABLE)
			return t;
		t = t->next;
	} while (t != current->next);
	return current->state == RUNNABLE ? current : NULL;
}

/*
 * Nothing is runnable: sleep in Xen until an event or the deadline.
 * SCHEDOP_block unmasks events itself and returns once one is pending;
 * Xen delivers it (the upcall runs its handler) on the way back to us,
 * before we mask again.
 */
static void block_domain(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer timer = {
	    .timeout_abs_ns = monotonic_to_xen(deadline)};

	if (deadline)
		hypercall_vcpu_op(VCPUOP_set_singleshot_timer, 0, &timer);
	hypercall_sched_op(SCHEDOP_block, NULL);
	irq_save();
}

void schedule(void)
{
	unsigned long flags = irq_save();
	struct thread *prev = current, *next;

	for (;;) {
		uint64_t now = monotonic_ns();
		uint64_t t1 = timers_run(now), t2 = wake_sleepers(now);

		next = pick_next();
		if (next)
			break;
		block_domain(!t1 ? t2 : (!t2 || t1 < t2 ? t1 : t2));
	}
	if (next != prev) {
		current = next;
		arch_load_fs_base(next->fs_base);
		switch_context(&prev->sp, next->sp);
	}
	reap();
	irq_restore(flags);
}
