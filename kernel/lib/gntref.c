/*
 * gntref.c - free list of grant references.
 *
 * Entry i (ref first + i) is either on the singly linked free list, with
 * link[i] the next free index (count ends the list), or allocated, with
 * link[i] == GREF_INUSE.  That marker is what lets gref_free() reject a
 * double free or a ref it never handed out: refs come back from driver
 * code that copied them out of rings and may have been fooled.
 */
#include <stdint.h>
#include <domlet/errno.h>
#include <domlet/gntref.h>

void gref_pool_init(struct gref_pool *p, uint32_t first, uint32_t count,
		    uint32_t *link)
{
	uint32_t i;

	/* GREF_INUSE and count itself must never be valid indices. */
	if (count >= GREF_INUSE)
		count = GREF_INUSE - 1;
	p->first = first;
	p->count = count;
	p->nfree = count;
	p->head = 0;
	p->link = link;
	for (i = 0; i < count; i++)
		link[i] = i + 1;
}

long gref_alloc(struct gref_pool *p)
{
	uint32_t i = p->head;

	/* head >= count is the empty list; anything else beyond would be
	 * corruption, and is treated the same way rather than followed. */
	if (i >= p->count || !p->nfree)
		return -ENOSPC;
	p->head = p->link[i];
	p->link[i] = GREF_INUSE;
	p->nfree--;
	return (long)p->first + i;
}

int gref_free(struct gref_pool *p, uint32_t ref)
{
	uint32_t i;

	if (ref < p->first || ref - p->first >= p->count)
		return -EINVAL;
	i = ref - p->first;
	if (p->link[i] != GREF_INUSE)
		return -EINVAL;
	p->link[i] = p->head;
	p->head = i;
	p->nfree++;
	return 0;
}
