/*
 * sys_arch.c - lwIP's operating-system layer on domlet's cooperative
 * kernel threads: counting semaphores, mutexes (semaphores that start at
 * 1), bounded mailboxes, threads and the millisecond clock.
 *
 * Threads switch only where one blocks or yields, so testing a count and
 * changing it cannot be interleaved with another thread; the kernel's
 * wait_event_until masks events from the test until the sleeper is on
 * its wait queue, so no wake_up is lost.  lwIP never runs in an event
 * handler (frames arrive in netfront's worker thread), so nothing here
 * needs to be handler-safe; SYS_ARCH_PROTECT masks events anyway.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lwip/sys.h"
#include "libc-glue/kapi.h"

struct sys_sem_obj {
	unsigned int count;
	struct waitqueue wq;
};

struct sys_mbox_obj {
	unsigned int size, head, count;
	struct waitqueue not_empty, not_full;
	void *slot[];
};

void sys_init(void)
{
}

u32_t sys_now(void)
{
	return (u32_t)(monotonic_ns() / NSEC_PER_MSEC);
}

sys_prot_t sys_arch_protect(void)
{
	return irq_save();
}

void sys_arch_unprotect(sys_prot_t lev)
{
	irq_restore(lev);
}

unsigned int lwip_port_rand(void)
{
	unsigned int v = 0;

	getentropy(&v, sizeof(v));
	return v;
}

void lwip_port_assert(const char *msg, int line, const char *file)
{
	panic("lwIP assertion \"%s\" failed at %s:%d", msg, file, line);
}

/* Deadline for an lwIP timeout in ms (0: none). */
static uint64_t deadline_ms(u32_t timeout)
{
	return timeout ? monotonic_ns() + (uint64_t)timeout * NSEC_PER_MSEC : 0;
}

/* Milliseconds since start, as lwIP's wait functions report them. */
static u32_t waited_ms(uint64_t start)
{
	return (u32_t)((monotonic_ns() - start) / NSEC_PER_MSEC);
}

/* ---- semaphores and mutexes ---- */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	struct sys_sem_obj *s = calloc(1, sizeof(*s));

	if (!s)
		return ERR_MEM;
	s->count = count;
	*sem = s;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	free(*sem);
	*sem = NULL;
}

void sys_sem_signal(sys_sem_t *sem)
{
	(*sem)->count++;
	wake_up(&(*sem)->wq);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	struct sys_sem_obj *s = *sem;
	uint64_t start = monotonic_ns();

	if (wait_event_until(s->wq, s->count > 0, deadline_ms(timeout)))
		return SYS_ARCH_TIMEOUT;
	s->count--;
	return waited_ms(start);
}

err_t sys_mutex_new(sys_mutex_t *m)
{
	return sys_sem_new(m, 1);
}

void sys_mutex_free(sys_mutex_t *m)
{
	sys_sem_free(m);
}

void sys_mutex_lock(sys_mutex_t *m)
{
	sys_arch_sem_wait(m, 0);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
	sys_sem_signal(m);
}

/* ---- mailboxes ---- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	struct sys_mbox_obj *mb;

	if (size <= 0)
		size = 64;
	mb = calloc(1, sizeof(*mb) + (size_t)size * sizeof(void *));
	if (!mb)
		return ERR_MEM;
	mb->size = (unsigned int)size;
	*mbox = mb;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	free(*mbox);
	*mbox = NULL;
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	struct sys_mbox_obj *mb = *mbox;

	if (mb->count == mb->size)
		return ERR_MEM;
	mb->slot[(mb->head + mb->count) % mb->size] = msg;
	mb->count++;
	wake_up(&mb->not_empty);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	struct sys_mbox_obj *mb = *mbox;

	wait_event_until(mb->not_full, mb->count < mb->size, 0);
	sys_mbox_trypost(mbox, msg);
}

static void mbox_take(struct sys_mbox_obj *mb, void **msg)
{
	void *m = mb->slot[mb->head];

	mb->head = (mb->head + 1) % mb->size;
	mb->count--;
	if (msg)
		*msg = m;
	wake_up(&mb->not_full);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	if ((*mbox)->count == 0)
		return SYS_MBOX_EMPTY;
	mbox_take(*mbox, msg);
	return 0;
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	struct sys_mbox_obj *mb = *mbox;
	uint64_t start = monotonic_ns();

	if (wait_event_until(mb->not_empty, mb->count > 0,
			     deadline_ms(timeout)))
		return SYS_ARCH_TIMEOUT;
	mbox_take(mb, msg);
	return waited_ms(start);
}

/* ---- threads ---- */

struct thread_start {
	lwip_thread_fn fn;
	void *arg;
};

static long thread_trampoline(void *p)
{
	struct thread_start ts = *(struct thread_start *)p;

	free(p);
	ts.fn(ts.arg);
	return 0;
}

/* Stacks are the kernel's fixed size; stacksize and prio do not apply
 * (there are no priorities: threads run in turn). */
sys_thread_t sys_thread_new(const char *name, lwip_thread_fn fn, void *arg,
			    int stacksize, int prio)
{
	struct thread_start *ts = malloc(sizeof(*ts));
	struct thread *t;

	(void)stacksize;
	(void)prio;
	if (!ts)
		panic("lwIP: no memory for thread %s", name);
	ts->fn = fn;
	ts->arg = arg;
	t = thread_create(name, thread_trampoline, ts);
	if (!t)
		panic("lwIP: cannot create thread %s", name);
	return t;
}
