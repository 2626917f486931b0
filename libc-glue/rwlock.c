/*
 * rwlock.c - POSIX reader-writer locks over the glue's mutexes and
 * condition variables, for glib's GRWLock (glib's port, issue #11).
 *
 * newlib declares them only under _POSIX_READER_WRITER_LOCKS, which the
 * libc flags do not define (defining it there rebuilds every port); this
 * file and the code that uses rwlocks (the glib port's flags) define it.
 * As with mutexes (pthread_sync.c), a pthread_rwlock_t is a 32-bit
 * handle (handles.h) naming a heap object; PTHREAD_RWLOCK_INITIALIZER
 * (HANDLE_INVALID) gets its object on first use.  Writers are preferred:
 * a waiting writer holds back new readers, so readers cannot starve it.
 */
#define _POSIX_READER_WRITER_LOCKS 1
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include "handles.h"

struct rwlock {
	pthread_mutex_t lock;
	pthread_cond_t readers_ok, writer_ok;
	int readers;	     /* holding it for reading */
	int writers_waiting; /* blocked in wrlock */
	bool writer;	     /* held for writing */
};

static pthread_mutex_t rwlock_table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct handles rwlocks;

/* The object *id names, made on first use of an initializer; NULL if
 * out of memory (or *id names nothing). */
static struct rwlock *rwlock_get(pthread_rwlock_t *id)
{
	struct rwlock *rw;

	pthread_mutex_lock(&rwlock_table_lock);
	if (*id == HANDLE_INVALID) {
		rw = calloc(1, sizeof(*rw));
		if (rw) {
			pthread_mutex_init(&rw->lock, NULL);
			pthread_cond_init(&rw->readers_ok, NULL);
			pthread_cond_init(&rw->writer_ok, NULL);
			*id = handle_alloc(&rwlocks, rw);
			if (!*id) {
				free(rw);
				*id = HANDLE_INVALID;
			}
		}
	}
	rw = *id == HANDLE_INVALID ? NULL : handle_get(&rwlocks, *id);
	pthread_mutex_unlock(&rwlock_table_lock);
	return rw;
}

int pthread_rwlock_init(pthread_rwlock_t *id, const pthread_rwlockattr_t *a)
{
	(void)a;
	*id = HANDLE_INVALID;
	return rwlock_get(id) ? 0 : ENOMEM;
}

int pthread_rwlock_destroy(pthread_rwlock_t *id)
{
	struct rwlock *rw;

	if (*id == HANDLE_INVALID)
		return 0;
	pthread_mutex_lock(&rwlock_table_lock);
	rw = handle_get(&rwlocks, *id);
	if (rw && (rw->readers || rw->writer || rw->writers_waiting)) {
		pthread_mutex_unlock(&rwlock_table_lock);
		return EBUSY;
	}
	handle_free(&rwlocks, *id);
	*id = HANDLE_INVALID;
	pthread_mutex_unlock(&rwlock_table_lock);
	if (!rw)
		return EINVAL;
	pthread_cond_destroy(&rw->readers_ok);
	pthread_cond_destroy(&rw->writer_ok);
	pthread_mutex_destroy(&rw->lock);
	free(rw);
	return 0;
}

static int rwlock_rd(pthread_rwlock_t *id, bool try)
{
	struct rwlock *rw = rwlock_get(id);

	if (!rw)
		return ENOMEM;
	pthread_mutex_lock(&rw->lock);
	while (rw->writer || rw->writers_waiting) {
		if (try) {
			pthread_mutex_unlock(&rw->lock);
			return EBUSY;
		}
		pthread_cond_wait(&rw->readers_ok, &rw->lock);
	}
	rw->readers++;
	pthread_mutex_unlock(&rw->lock);
	return 0;
}

static int rwlock_wr(pthread_rwlock_t *id, bool try)
{
	struct rwlock *rw = rwlock_get(id);

	if (!rw)
		return ENOMEM;
	pthread_mutex_lock(&rw->lock);
	if (try && (rw->writer || rw->readers)) {
		pthread_mutex_unlock(&rw->lock);
		return EBUSY;
	}
	rw->writers_waiting++;
	while (rw->writer || rw->readers)
		pthread_cond_wait(&rw->writer_ok, &rw->lock);
	rw->writers_waiting--;
	rw->writer = true;
	pthread_mutex_unlock(&rw->lock);
	return 0;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *id)
{
	return rwlock_rd(id, false);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *id)
{
	return rwlock_rd(id, true);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *id)
{
	return rwlock_wr(id, false);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *id)
{
	return rwlock_wr(id, true);
}

int pthread_rwlock_unlock(pthread_rwlock_t *id)
{
	struct rwlock *rw = rwlock_get(id);

	if (!rw)
		return EINVAL;
	pthread_mutex_lock(&rw->lock);
	if (rw->writer) {
		rw->writer = false;
	} else if (rw->readers) {
		rw->readers--;
	} else {
		pthread_mutex_unlock(&rw->lock);
		return EPERM;
	}
	/* A waiting writer goes first; with none, every reader may go. */
	if (rw->writers_waiting)
		pthread_cond_signal(&rw->writer_ok);
	else
		pthread_cond_broadcast(&rw->readers_ok);
	pthread_mutex_unlock(&rw->lock);
	return 0;
}

int pthread_rwlockattr_init(pthread_rwlockattr_t *a)
{
	a->is_initialized = 1;
	return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a)
{
	a->is_initialized = 0;
	return 0;
}
