/*
 * pthread_sync.c - pthread mutexes and condition variables.
 *
 * newlib's pthread_mutex_t and pthread_cond_t are 32-bit integers, so
 * each names a heap object through a handle (handles.h); the static
 * initialisers (all ones) are turned into a real object on first use.
 * A condition variable is a wait queue and a sequence number: signal and
 * broadcast bump it and wake every waiter, and a waiter returns once the
 * number has moved (POSIX allows the extra wake-ups of signal).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "glue.h"
#include "handles.h"

struct gmutex {
	struct kmutex m;
	int type;
};

struct gcond {
	struct waitqueue wq;
	uint64_t seq;
	int clock;
};

static struct handles mutexes, conds;

/* ---- mutexes ---- */

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	memset(a, 0, sizeof(*a));
	a->is_initialized = 1;
	a->type = PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_DEFAULT)
		return EINVAL;
	a->type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	*type = a->type;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *id, const pthread_mutexattr_t *a)
{
	struct gmutex *m = calloc(1, sizeof(*m));

	if (!m)
		return ENOMEM;
	m->type = a && a->is_initialized ? a->type : PTHREAD_MUTEX_DEFAULT;
	m->m.recursive = m->type == PTHREAD_MUTEX_RECURSIVE;
	*id = handle_alloc(&mutexes, m);
	if (!*id) {
		free(m);
		return ENOMEM;
	}
	return 0;
}

static struct gmutex *mutex_get(pthread_mutex_t *id)
{
	if (*id == HANDLE_INVALID && pthread_mutex_init(id, NULL))
		return NULL;
	return handle_get(&mutexes, *id);
}

int pthread_mutex_destroy(pthread_mutex_t *id)
{
	struct gmutex *m = handle_get(&mutexes, *id);

	if (*id == HANDLE_INVALID)
		return 0; /* never used */
	if (!m)
		return EINVAL;
	if (m->m.owner)
		return EBUSY;
	free(handle_free(&mutexes, *id));
	*id = 0;
	return 0;
}

static int mutex_lock(pthread_mutex_t *id, uint64_t deadline)
{
	struct gmutex *m = mutex_get(id);
	int rc;

	if (!m)
		return EINVAL;
	rc = kmutex_lock(&m->m, deadline);
	if (rc == -EDEADLK && m->type != PTHREAD_MUTEX_ERRORCHECK)
		panic("libc: thread %s relocked a mutex it holds",
		      thread_name(current_thread()));
	return -rc;
}

int pthread_mutex_lock(pthread_mutex_t *id)
{
	return mutex_lock(id, 0);
}

int pthread_mutex_timedlock(pthread_mutex_t *id, const struct timespec *abs)
{
	return mutex_lock(id, deadline_from_abs(CLOCK_REALTIME, abs));
}

int pthread_mutex_trylock(pthread_mutex_t *id)
{
	struct gmutex *m = mutex_get(id);

	return m ? -kmutex_trylock(&m->m) : EINVAL;
}

int pthread_mutex_unlock(pthread_mutex_t *id)
{
	struct gmutex *m = handle_get(&mutexes, *id);

	return m ? -kmutex_unlock(&m->m) : EINVAL;
}

/* ---- condition variables ---- */

int pthread_condattr_init(pthread_condattr_t *a)
{
	memset(a, 0, sizeof(*a));
	a->is_initialized = 1;
	a->clock = CLOCK_REALTIME;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	a->clock = clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock)
{
	*clock = (clockid_t)a->clock;
	return 0;
}

int pthread_cond_init(pthread_cond_t *id, const pthread_condattr_t *a)
{
	struct gcond *c = calloc(1, sizeof(*c));

	if (!c)
		return ENOMEM;
	c->clock = a && a->is_initialized ? (int)a->clock : (int)CLOCK_REALTIME;
	*id = handle_alloc(&conds, c);
	if (!*id) {
		free(c);
		return ENOMEM;
	}
	return 0;
}

static struct gcond *cond_get(pthread_cond_t *id)
{
	if (*id == HANDLE_INVALID && pthread_cond_init(id, NULL))
		return NULL;
	return handle_get(&conds, *id);
}

int pthread_cond_destroy(pthread_cond_t *id)
{
	struct gcond *c = handle_get(&conds, *id);

	if (*id == HANDLE_INVALID)
		return 0;
	if (!c)
		return EINVAL;
	if (c->wq.head)
		return EBUSY;
	free(handle_free(&conds, *id));
	*id = 0;
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *id)
{
	struct gcond *c = cond_get(id);

	if (!c)
		return EINVAL;
	c->seq++;
	wake_up(&c->wq);
	return 0;
}

int pthread_cond_signal(pthread_cond_t *id)
{
	return pthread_cond_broadcast(id);
}

/* Unlocking and queueing happen with no switch between them (nothing
 * here sleeps before wait_event_until), so a signal sent after our
 * unlock always finds us waiting or moves seq first. */
static int cond_wait(pthread_cond_t *cid, pthread_mutex_t *mid,
		     const struct timespec *abs)
{
	struct gcond *c = cond_get(cid);
	struct gmutex *m = handle_get(&mutexes, *mid);
	uint64_t seq, deadline = 0;
	int rc, lrc;

	if (!c || !m)
		return EINVAL;
	if (m->m.owner != current_thread())
		return EPERM;
	if (abs)
		deadline = deadline_from_abs(c->clock, abs);
	seq = c->seq;
	/* A recursive mutex is released fully and retaken to its depth. */
	unsigned int depth = m->m.count;
	m->m.count = 1;
	kmutex_unlock(&m->m);
	rc = wait_event_until(c->wq, c->seq != seq, deadline);
	lrc = kmutex_lock(&m->m, 0);
	m->m.count = depth;
	if (lrc)
		return -lrc;
	return rc ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return cond_wait(c, m, NULL);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
			   const struct timespec *abs)
{
	return cond_wait(c, m, abs);
}
