/*
 * malloc.c - one heap: newlib is built with -DMALLOC_PROVIDED, so its own
 * allocator (and its sbrk arena) is compiled out.  malloc, free, calloc,
 * realloc and memalign are the kernel heap's (kernel/mm.c); this file adds
 * the reentrant _r forms newlib's internals call and the POSIX/C11
 * aligned allocators.  The kernel heap needs no lock: threads switch
 * only when they sleep, and the heap never sleeps.
 */
#include <reent.h>
#include <stdlib.h>
#include <malloc.h>
#include "glue.h"

static void *nomem(struct _reent *r, void *p)
{
	if (!p)
		r->_errno = ENOMEM;
	return p;
}

void *_malloc_r(struct _reent *r, size_t n)
{
	return nomem(r, malloc(n));
}

void _free_r(struct _reent *r, void *p)
{
	(void)r;
	free(p);
}

void *_calloc_r(struct _reent *r, size_t n, size_t size)
{
	return nomem(r, calloc(n, size));
}

void *_realloc_r(struct _reent *r, void *p, size_t n)
{
	return nomem(r, realloc(p, n));
}

void *_memalign_r(struct _reent *r, size_t align, size_t n)
{
	return nomem(r, memalign(align, n));
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *p;

	/* A power of two and a multiple of sizeof(void *), says POSIX. */
	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	p = memalign(align, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t n)
{
	void *p = NULL;

	errno = posix_memalign(
	    &p, align < sizeof(void *) ? sizeof(void *) : align, n);
	return p;
}

void *valloc(size_t n)
{
	return memalign(4096, n);
}

/* Nothing grows a break: the heap takes pages from the kernel. */
void *sbrk(ptrdiff_t incr)
{
	(void)incr;
	UNSUPPORTED("sbrk");
	return (void *)-1;
}
