/*
 * handles.h - small integer handles for objects newlib's pthread types
 * can only name: pthread_t, pthread_mutex_t and pthread_cond_t are 32-bit
 * integers in newlib's generic headers, not structures.  Handles start at
 * 1 (0 never names anything) and stay below HANDLE_INVALID, which is the
 * value of PTHREAD_MUTEX_INITIALIZER / PTHREAD_COND_INITIALIZER.  Pure
 * (host-tested in tests/unit/test_libc_handles.c).
 */
#ifndef LIBC_GLUE_HANDLES_H
#define LIBC_GLUE_HANDLES_H

#include <stdint.h>

#define HANDLE_INVALID 0xffffffffu

struct handles {
	void **slot; /* slot[h - 1] */
	uint32_t size;
	uint32_t hint; /* where the next search starts */
};

/* A free handle now naming p (non-NULL), or 0 if out of memory. */
uint32_t handle_alloc(struct handles *t, void *p);
/* What h names, or NULL. */
void *handle_get(const struct handles *t, uint32_t h);
/* Forgets h; returns what it named (NULL if nothing). */
void *handle_free(struct handles *t, uint32_t h);

#endif
