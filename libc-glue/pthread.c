/*
 * pthread.c - POSIX threads on the kernel's cooperative scheduler:
 * create/join/detach/exit/self, cleanup handlers (pthread_cleanup_push/
 * pop: run by pthread_exit, newest first, before the keys' destructors;
 * there is no cancellation), thread-specific data (keys), once, and
 * the per-thread newlib state (__getreent, so errno is per thread;
 * stdio streams stay shared).
 *
 * Each pthread is a kernel thread plus a struct gthread here, named by a
 * handle (handles.h), and its own thread-local storage block (tls.c),
 * freed when the thread is joined.  Stacks are any size asked
 * (pthread_attr_setstacksize; beyond 28 KiB a kernel vmem region with a
 * guard page); the default stays the kernel's 28 KiB, since appliances
 * run a thread per connection in a few MiB (httpd), and
 * pthread_setattr_default_np raises it for threads an app does not
 * create itself (glib's).  Caller-supplied stacks (stackaddr) are
 * refused.  A thread the glue did not create (the
 * main thread, kernel threads) is adopted on first use: it gets a
 * gthread for pthread_self()/keys but shares the global newlib state.
 * The kernel frees a thread only when it is joined, so detached threads
 * are joined here once they have exited (reap(), on the next create or
 * detach); an exited thread joins without sleeping.
 */
#include <limits.h>
#include <pthread.h>
#include <reent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glue.h"
#include "handles.h"
#include "tls.h"

#define KEYS_MAX 64
#ifndef PTHREAD_STACK_MIN
#define PTHREAD_STACK_MIN 16384 /* glibc's; newlib hides its 200 here */
#endif

static size_t default_stacksize = THREAD_STACK_DEFAULT;

struct gthread {
	struct thread *kt;
	pthread_t id;
	void *(*fn)(void *);
	void *arg;
	void *ret;
	bool detached, exited, adopted;
	pid_t tid;	      /* gettid(): the main thread's is getpid() */
	char name[16];	      /* prctl(PR_SET_NAME); "" until set */
	struct gsigstate sig; /* signal.c's: mask, pending, waiting */
	struct _reent *reent; /* own, or the global one when adopted */
	void *tls;	      /* own block; NULL when adopted */
	const void *specific[KEYS_MAX];
	struct _pthread_cleanup_context *cleanup; /* newest first */
	struct gthread *next;
	struct _reent own_reent;
};

static struct handles threads;
static struct gthread *all;
static pid_t next_tid = 2; /* 1 is the main thread's, = getpid() */
/* __getreent runs on every errno access: remember the last answer. */
static struct thread *cache_kt;
static struct gthread *cache_gt;

static struct {
	bool used;
	void (*dtor)(void *);
} keys[KEYS_MAX];

static struct gthread *lookup(struct thread *kt)
{
	if (kt == cache_kt)
		return cache_gt;
	for (struct gthread *g = all; g; g = g->next) {
		if (g->kt == kt && !g->exited) {
			cache_kt = kt;
			cache_gt = g;
			return g;
		}
	}
	return NULL;
}

static void unlink_gthread(struct gthread *g)
{
	struct gthread **pp = &all;

	while (*pp != g)
		pp = &(*pp)->next;
	*pp = g->next;
	if (cache_gt == g)
		cache_kt = NULL, cache_gt = NULL;
	handle_free(&threads, g->id);
	tls_block_free(g->tls);
	free(g);
}

struct _reent *__getreent(void)
{
	struct gthread *g = lookup(current_thread());

	return g ? g->reent : _impure_ptr;
}

/* A gthread record for a thread we did not create; NULL without memory. */
static struct gthread *adopt(struct thread *kt)
{
	struct gthread *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->id = handle_alloc(&threads, g);
	if (!g->id) {
		free(g);
		return NULL;
	}
	g->kt = kt;
	g->tid = kt == glue_main_thread ? 1 : next_tid++;
	g->adopted = g->detached = true;
	g->reent = _impure_ptr;
	g->next = all;
	all = g;
	return g;
}

static struct gthread *self(void)
{
	struct thread *kt = current_thread();
	struct gthread *g = lookup(kt);

	if (!g && !(g = adopt(kt)))
		panic("libc: out of memory adopting thread %s",
		      thread_name(kt));
	return g;
}

pthread_t pthread_self(void)
{
	return self()->id;
}

struct gsigstate *self_sigstate(void)
{
	return &self()->sig;
}

struct gsigstate *pthread_sigstate(pthread_t id)
{
	struct gthread *g = handle_get(&threads, id);

	return g && !g->exited ? &g->sig : NULL;
}

pid_t gettid(void)
{
	return self()->tid;
}

char *self_thread_name(void)
{
	struct gthread *g = self();

	if (!g->name[0])
		strncpy(g->name, thread_name(g->kt), sizeof(g->name) - 1);
	return g->name;
}

/* glibc's thread names (QEMU names its threads with them when meson
 * finds them; prctl(PR_SET_NAME) sets the caller's): 15 bytes at most,
 * as Linux's comm. */
int pthread_setname_np(pthread_t id, const char *name);
int pthread_getname_np(pthread_t id, char *buf, size_t len);

int pthread_setname_np(pthread_t id, const char *name)
{
	struct gthread *g = handle_get(&threads, id);

	if (!g || g->exited)
		return ESRCH;
	if (strlen(name) >= sizeof(g->name))
		return ERANGE;
	strcpy(g->name, name);
	return 0;
}

int pthread_getname_np(pthread_t id, char *buf, size_t len)
{
	struct gthread *g = handle_get(&threads, id);

	if (!g || g->exited)
		return ESRCH;
	if (!g->name[0])
		strncpy(g->name, thread_name(g->kt), sizeof(g->name) - 1);
	if (strlen(g->name) >= len)
		return ERANGE;
	strcpy(buf, g->name);
	return 0;
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

/* Joins detached threads that have finished (never sleeps: an exited
 * thread is already a zombie, see the file comment). */
static void reap(void)
{
	struct gthread *g = all, *next;

	for (; g; g = next) {
		next = g->next;
		if (g->detached && g->exited && !g->adopted) {
			thread_join(g->kt, NULL);
			unlink_gthread(g);
		}
	}
}

/* Runs the key destructors, up to PTHREAD_DESTRUCTOR_ITERATIONS rounds
 * as POSIX asks, since a destructor may set keys again. */
static void run_destructors(struct gthread *g)
{
	for (int round = 0; round < 4; round++) {
		bool again = false;

		for (int k = 0; k < KEYS_MAX; k++) {
			void *v = (void *)g->specific[k];

			if (v && keys[k].used && keys[k].dtor) {
				g->specific[k] = NULL;
				keys[k].dtor(v);
				again = true;
			}
		}
		if (!again)
			break;
	}
}

/* The end of a pthread: after this nothing may sleep, so that an
 * `exited` thread is one the kernel can join at once. */
static void finish(struct gthread *g, void *ret)
{
	g->ret = ret;
	run_destructors(g);
	fflush(NULL); /* its stdio output, before the record can go */
	_reclaim_reent(g->reent);
	g->exited = true;
	if (cache_gt == g)
		cache_kt = NULL, cache_gt = NULL;
}

/*
 * One stdio for the whole program.  A thread's own newlib state would get
 * its own stdin/stdout/stderr streams on first use, and _reclaim_reent
 * at its end closes them: fds 0, 1 and 2 with them, for every thread
 * (seen as httpd's last lines, its verdict among them, failing with
 * EBADF after its accept thread had printed and ended).  So its streams
 * are the global ones and its stdio counts as set up, with a cleanup
 * that does nothing: reclaiming it then closes nothing.
 */
void __sinit(struct _reent *); /* newlib's; reent.h hides it here */

/* _reclaim_reent calls a set-up state's __cleanup unconditionally. */
static void no_cleanup(struct _reent *r)
{
	(void)r;
}

static void share_stdio(struct _reent *r)
{
	struct _reent *global = _GLOBAL_REENT;

	if (!global->__sdidinit)
		__sinit(global);
	r->_stdin = global->_stdin;
	r->_stdout = global->_stdout;
	r->_stderr = global->_stderr;
	r->__sdidinit = 1;
	r->__cleanup = no_cleanup;
}

static long start(void *arg)
{
	struct gthread *g = arg;

	finish(g, g->fn(g->arg));
	return 0;
}

static int check_attr(const pthread_attr_t *attr, bool *detached, size_t *stack)
{
	*detached = false;
	*stack = default_stacksize;
	if (!attr)
		return 0;
	if (!attr->is_initialized)
		return EINVAL;
	if (attr->stackaddr)
		return ENOTSUP; /* the kernel allocates every stack itself */
	if (attr->stacksize)
		*stack = (size_t)attr->stacksize;
	*detached = attr->detachstate == PTHREAD_CREATE_DETACHED;
	return 0;
}

int pthread_create(pthread_t *out, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	struct gthread *g;
	bool detached;
	size_t stack;
	unsigned long tp;
	int rc = check_attr(attr, &detached, &stack);

	if (rc)
		return rc;
	reap();
	g = calloc(1, sizeof(*g));
	if (!g)
		return EAGAIN;
	g->id = handle_alloc(&threads, g);
	if (!g->id) {
		free(g);
		return EAGAIN;
	}
	g->fn = fn;
	g->arg = arg;
	g->detached = detached;
	g->tid = next_tid++;
	g->sig.mask = self()->sig.mask; /* inherited, as POSIX says */
	g->reent = &g->own_reent;
	_REENT_INIT_PTR(g->reent);
	share_stdio(g->reent);
	g->tls = tls_block_new(&tp);
	g->kt = g->tls ? thread_create_stack("pthread", start, g, stack) : NULL;
	if (!g->kt) {
		handle_free(&threads, g->id);
		tls_block_free(g->tls);
		free(g);
		return EAGAIN;
	}
	thread_set_fs_base(g->kt, tp); /* before it first runs */
	g->next = all;
	all = g;
	*out = g->id;
	return 0;
}

int pthread_join(pthread_t id, void **ret)
{
	struct gthread *g = handle_get(&threads, id);

	if (!g)
		return ESRCH;
	if (g->detached)
		return EINVAL;
	if (g == self())
		return EDEADLK;
	g->detached = true; /* a second joiner now gets EINVAL */
	thread_join(g->kt, NULL);
	if (ret)
		*ret = g->ret;
	unlink_gthread(g);
	return 0;
}

int pthread_detach(pthread_t id)
{
	struct gthread *g = handle_get(&threads, id);

	if (!g)
		return ESRCH;
	if (g->detached)
		return EINVAL;
	g->detached = true;
	reap();
	return 0;
}

static bool pthreads_running(void)
{
	for (struct gthread *g = all; g; g = g->next)
		if (!g->adopted && !g->exited)
			return true;
	return false;
}

void pthread_exit(void *ret)
{
	struct gthread *g = self();
	struct _pthread_cleanup_context *c;

	while ((c = g->cleanup) != NULL) {
		g->cleanup = c->_previous; /* a handler may exit again */
		c->_routine(c->_arg);
	}
	if (g->adopted) {
		/* The main thread (or a kernel thread): as POSIX says, the
		 * process lives on until its last pthread has gone, then
		 * exits with status 0. */
		while (pthreads_running())
			msleep(10);
		exit(0);
	}
	finish(g, ret);
	thread_exit(0);
}

/* The functions behind newlib's pthread_cleanup_push/pop macros: the
 * context lives in the caller's frame between the two. */
void _pthread_cleanup_push(struct _pthread_cleanup_context *c,
			   void (*routine)(void *), void *arg)
{
	struct gthread *g = self();

	c->_routine = routine;
	c->_arg = arg;
	c->_canceltype = PTHREAD_CANCEL_DEFERRED;
	c->_previous = g->cleanup;
	g->cleanup = c;
}

void _pthread_cleanup_pop(struct _pthread_cleanup_context *c, int execute)
{
	struct gthread *g = self();

	g->cleanup = c->_previous;
	if (execute)
		c->_routine(c->_arg);
}

/* GNU's _np forms also save and restore the cancel type: there is no
 * cancellation, so they are the same. */
void _pthread_cleanup_push_defer(struct _pthread_cleanup_context *c,
				 void (*routine)(void *), void *arg)
{
	_pthread_cleanup_push(c, routine, arg);
}

void _pthread_cleanup_pop_restore(struct _pthread_cleanup_context *c,
				  int execute)
{
	_pthread_cleanup_pop(c, execute);
}

int sched_yield(void)
{
	yield();
	return 0;
}

/* ---- attributes ---- */

int pthread_attr_init(pthread_attr_t *a)
{
	memset(a, 0, sizeof(*a));
	a->is_initialized = 1;
	a->detachstate = PTHREAD_CREATE_JOINABLE;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (state != PTHREAD_CREATE_DETACHED &&
	    state != PTHREAD_CREATE_JOINABLE)
		return EINVAL;
	a->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	*state = a->detachstate;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (size < PTHREAD_STACK_MIN || size > INT_MAX)
		return EINVAL;
	a->stacksize = (int)size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	*size = a->stacksize ? (size_t)a->stacksize : default_stacksize;
	return 0;
}

/* glibc's: the attributes of threads created without any (only the
 * stack size is taken; glib creates its threads so). */
int pthread_setattr_default_np(const pthread_attr_t *a)
{
	if (!a->is_initialized || a->stackaddr ||
	    (a->stacksize && a->stacksize < PTHREAD_STACK_MIN))
		return EINVAL;
	default_stacksize =
	    a->stacksize ? (size_t)a->stacksize : THREAD_STACK_DEFAULT;
	return 0;
}

int pthread_getattr_default_np(pthread_attr_t *a)
{
	pthread_attr_init(a);
	a->stacksize = (int)default_stacksize;
	return 0;
}

/* ---- thread-specific data ---- */

int pthread_key_create(pthread_key_t *key, void (*dtor)(void *))
{
	for (int k = 0; k < KEYS_MAX; k++) {
		if (!keys[k].used) {
			keys[k].used = true;
			keys[k].dtor = dtor;
			for (struct gthread *g = all; g; g = g->next)
				g->specific[k] = NULL;
			*key = (pthread_key_t)k;
			return 0;
		}
	}
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
	if (key >= KEYS_MAX || !keys[key].used)
		return EINVAL;
	keys[key].used = false;
	return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
	if (key >= KEYS_MAX || !keys[key].used)
		return NULL;
	return (void *)self()->specific[key];
}

int pthread_setspecific(pthread_key_t key, const void *v)
{
	if (key >= KEYS_MAX || !keys[key].used)
		return EINVAL;
	self()->specific[key] = v;
	return 0;
}

/* ---- once: init_executed 0 = not run, 1 = running, 2 = done ---- */

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	if (once->init_executed == 0) {
		once->init_executed = 1;
		fn();
		once->init_executed = 2;
	}
	while (once->init_executed != 2)
		msleep(1); /* fn slept; another thread is inside it */
	return 0;
}
