/*
 * buddy.h - the physical page allocator (kernel/lib/buddy.c): a binary
 * buddy allocator over one contiguous, already-mapped, read/write virtual
 * range of pages.
 *
 * Pure: it knows nothing of frames or page tables, so the host tests run it
 * over an ordinary aligned buffer.  Free blocks are linked through their own
 * first bytes; a bitmap (one bit per page, "allocated") kept in the pool's
 * first pages lets page_free() reject a pointer that was not handed out
 * with that order (double free, wrong order, misaligned) with -EINVAL
 * instead of corrupting the lists.
 */
#ifndef DOMLET_BUDDY_H
#define DOMLET_BUDDY_H

#include <stddef.h>
#include <stdint.h>

#define BUDDY_PAGE_SIZE 4096ul
#define BUDDY_MAX_ORDER 11 /* largest block: 2^10 pages = 4 MiB */

struct buddy_free;

struct page_pool {
	uintptr_t base; /* first managed page (after the bitmap) */
	unsigned long nr_pages;
	unsigned long nr_free;
	uint8_t *bitmap;    /* 1 bit per managed page: 1 = allocated */
	uint8_t *order_map; /* per page: order of the block starting here */
	struct buddy_free *free[BUDDY_MAX_ORDER];
};

/*
 * Takes over [start, start + nr_pages * 4096): start page-aligned, all of
 * it mapped read/write.  The bookkeeping is carved from the first pages of
 * the range; the rest is free.  -EINVAL if the range is too small for its
 * own bookkeeping plus one page.
 */
int page_pool_init(struct page_pool *p, void *start, unsigned long nr_pages);

/* 2^order contiguous pages, aligned to 2^order pages relative to
 * p->base, or NULL. */
void *page_alloc(struct page_pool *p, unsigned int order);

/* 0, or -EINVAL if addr is not a live block of exactly that order. */
int page_free(struct page_pool *p, void *addr, unsigned int order);

static inline unsigned long page_pool_nr_free(const struct page_pool *p)
{
	return p->nr_free;
}

#endif
