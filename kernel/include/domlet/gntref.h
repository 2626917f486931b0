/*
 * gntref.h - free-list allocator of grant references
 * (kernel/lib/gntref.c).  Pure bookkeeping: the grant table entries
 * themselves are written by kernel/gnttab.c.
 *
 * Manages refs [first, first + count); the caller provides `count` words of
 * link storage.  Freeing a ref that is out of range or not allocated is
 * reported (-EINVAL), never silently corrupting the list.
 */
#ifndef DOMLET_GNTREF_H
#define DOMLET_GNTREF_H

#include <stdint.h>

struct gref_pool {
	uint32_t first;
	uint32_t count;
	uint32_t nfree;
	uint32_t head;	/* index of first free entry, or count if none */
	uint32_t *link; /* per entry: next free index, or GREF_INUSE */
};

#define GREF_INUSE 0xfffffffeu

void gref_pool_init(struct gref_pool *p, uint32_t first, uint32_t count,
		    uint32_t *link);
/* A free ref, or -ENOSPC. */
long gref_alloc(struct gref_pool *p);
/* 0, or -EINVAL for a ref outside the pool or not allocated. */
int gref_free(struct gref_pool *p, uint32_t ref);
static inline uint32_t gref_nfree(const struct gref_pool *p)
{
	return p->nfree;
}

#endif
