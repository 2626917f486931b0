/*
 * lock.c - sleeping mutexes on the kernel scheduler (struct kmutex), and
 * newlib's retargetable locks on top of them (newlib is configured with
 * --enable-newlib-retargetable-locking, so stdio, atexit, environment
 * and time-zone state lock through these calls).
 *
 * Threads are cooperative: between testing `owner` and taking it nothing
 * else runs, so no atomics are needed.  wait_event_until masks events
 * from the test until the thread is queued, so an unlock cannot slip
 * between and its wake_up be lost.
 */
#include <sys/lock.h>
#include <stdlib.h>
#include "glue.h"

int kmutex_lock(struct kmutex *m, uint64_t deadline)
{
	struct thread *me = current_thread();

	if (m->owner == me) {
		if (!m->recursive)
			return -EDEADLK;
		m->count++;
		return 0;
	}
	if (wait_event_until(m->wq, m->owner == NULL, deadline))
		return -ETIMEDOUT;
	m->owner = me;
	m->count = 1;
	return 0;
}

int kmutex_trylock(struct kmutex *m)
{
	struct thread *me = current_thread();

	if (m->owner == me && m->recursive) {
		m->count++;
		return 0;
	}
	if (m->owner)
		return -EBUSY;
	m->owner = me;
	m->count = 1;
	return 0;
}

int kmutex_unlock(struct kmutex *m)
{
	if (m->owner != current_thread())
		return -EPERM;
	if (--m->count == 0) {
		m->owner = NULL;
		wake_up(&m->wq);
	}
	return 0;
}

/* ---- newlib's retargetable locks ---- */

struct __lock {
	struct kmutex m;
};

#define NEWLIB_LOCK(name, rec) struct __lock name = {.m = {.recursive = rec}}
NEWLIB_LOCK(__lock___sinit_recursive_mutex, true);
NEWLIB_LOCK(__lock___sfp_recursive_mutex, true);
NEWLIB_LOCK(__lock___atexit_recursive_mutex, true);
NEWLIB_LOCK(__lock___at_quick_exit_mutex, false);
NEWLIB_LOCK(__lock___malloc_recursive_mutex, true);
NEWLIB_LOCK(__lock___env_recursive_mutex, true);
NEWLIB_LOCK(__lock___tz_mutex, false);
NEWLIB_LOCK(__lock___dd_hash_mutex, false);
NEWLIB_LOCK(__lock___arc4random_mutex, false);

static void lock_new(_LOCK_T *lock, bool recursive)
{
	struct __lock *l = calloc(1, sizeof(*l));

	/* newlib has no way to report this (FILE locks are made in
	 * fopen), and running unlocked would be silent corruption. */
	if (!l)
		panic("libc: out of memory for a newlib lock");
	l->m.recursive = recursive;
	*lock = l;
}

void __retarget_lock_init(_LOCK_T *lock)
{
	lock_new(lock, false);
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	lock_new(lock, true);
}

void __retarget_lock_close(_LOCK_T lock)
{
	free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	free(lock);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
	kmutex_lock(&lock->m, 0);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	kmutex_lock(&lock->m, 0);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	return kmutex_trylock(&lock->m) == 0;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return kmutex_trylock(&lock->m) == 0;
}

void __retarget_lock_release(_LOCK_T lock)
{
	kmutex_unlock(&lock->m);
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	kmutex_unlock(&lock->m);
}
