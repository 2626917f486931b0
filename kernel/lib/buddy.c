/*
 * buddy.c - binary buddy page allocator over one mapped range.
 *
 * Layout: [bitmap][order_map] in the first page(s) of the range, then the
 * managed pages.  Page i of the managed part is described by
 *   order_map[i]: the order of the block that starts at i (free or
 *                 allocated), or NOT_HEAD if no block starts there;
 *   bitmap bit i: set iff a block starting at i is allocated.
 * Free blocks are on free[order], doubly linked through their own first
 * bytes so a buddy can be unlinked in O(1) when it merges.
 *
 * page_free() trusts nothing about its arguments: the address must be the
 * head of an allocated block of exactly that order, or it is -EINVAL and
 * nothing changes.  Free-list links live in free memory, which a stray
 * write could corrupt, so page_alloc() checks each block it pops against
 * the maps before handing it out.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <domlet/errno.h>
#include <domlet/buddy.h>

#define NOT_HEAD 0xff

struct buddy_free {
	struct buddy_free *next;
	struct buddy_free *prev;
};

static int is_alloc(const struct page_pool *p, unsigned long i)
{
	return p->bitmap[i / 8] & (1u << (i % 8));
}

static void set_alloc(struct page_pool *p, unsigned long i, int on)
{
	if (on)
		p->bitmap[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		p->bitmap[i / 8] &= (uint8_t) ~(1u << (i % 8));
}

static struct buddy_free *block_at(const struct page_pool *p, unsigned long i)
{
	return (struct buddy_free *)(p->base + i * BUDDY_PAGE_SIZE);
}

static void push_free(struct page_pool *p, unsigned long i, unsigned int k)
{
	struct buddy_free *b = block_at(p, i);

	p->order_map[i] = (uint8_t)k;
	b->prev = NULL;
	b->next = p->free[k];
	if (b->next)
		b->next->prev = b;
	p->free[k] = b;
}

/* Whether b is NULL or the head of a free block of order k by the maps:
 * the only kind of pointer a free-list link may hold. */
static int link_ok(const struct page_pool *p, const struct buddy_free *b,
		   unsigned int k)
{
	uintptr_t a = (uintptr_t)b;
	unsigned long i;

	if (!b)
		return 1;
	if (a < p->base || (a - p->base) % BUDDY_PAGE_SIZE)
		return 0;
	i = (a - p->base) / BUDDY_PAGE_SIZE;
	return i < p->nr_pages && !(i & ((1ul << k) - 1)) &&
	       p->order_map[i] == k && !is_alloc(p, i);
}

/*
 * Unlinks b from free[k].  If its links are not plausible the list has
 * been scribbled on: drop it (leaking its blocks) rather than write
 * through a pointer that may lead into allocated memory.
 */
static void unlink_free(struct page_pool *p, struct buddy_free *b,
			unsigned int k)
{
	struct buddy_free *next = b->next, *prev = b->prev;

	if (!link_ok(p, next, k) || !link_ok(p, prev, k) ||
	    (!prev && p->free[k] != b) || (prev && prev->next != b) ||
	    (next && next->prev != b)) {
		p->free[k] = NULL;
		return;
	}
	if (prev)
		prev->next = next;
	else
		p->free[k] = next;
	if (next)
		next->prev = prev;
}

/*
 * Index of the first block on free[k], checked against the maps before it
 * is handed out; -1 after dropping the list if it was corrupted.
 */
static long pop_free(struct page_pool *p, unsigned int k)
{
	struct buddy_free *b = p->free[k];

	if (!link_ok(p, b, k)) {
		p->free[k] = NULL;
		return -1;
	}
	unlink_free(p, b, k);
	return (long)(((uintptr_t)b - p->base) / BUDDY_PAGE_SIZE);
}

/* Splits [0, n) into the largest aligned blocks that fit. */
static void carve(struct page_pool *p, unsigned long n)
{
	unsigned long i = 0;

	while (i < n) {
		unsigned int k = BUDDY_MAX_ORDER - 1;

		while (k && ((i & ((1ul << k) - 1)) || i + (1ul << k) > n))
			k--;
		push_free(p, i, k);
		i += 1ul << k;
	}
}

int page_pool_init(struct page_pool *p, void *start, unsigned long nr_pages)
{
	uintptr_t s = (uintptr_t)start;
	unsigned long meta = 1, n, bitmap_bytes;
	unsigned int k;

	if (s % BUDDY_PAGE_SIZE)
		return -EINVAL;
	/* Find the fewest bookkeeping pages that describe the rest. */
	for (;; meta++) {
		if (meta >= nr_pages)
			return -EINVAL;
		n = nr_pages - meta;
		if ((n + 7) / 8 + n <= meta * BUDDY_PAGE_SIZE)
			break;
	}
	bitmap_bytes = (n + 7) / 8;
	p->bitmap = start;
	p->order_map = p->bitmap + bitmap_bytes;
	memset(p->bitmap, 0, bitmap_bytes);
	memset(p->order_map, NOT_HEAD, n);
	p->base = s + meta * BUDDY_PAGE_SIZE;
	p->nr_pages = n;
	p->nr_free = n;
	for (k = 0; k < BUDDY_MAX_ORDER; k++)
		p->free[k] = NULL;
	carve(p, n);
	return 0;
}

void *page_alloc(struct page_pool *p, unsigned int order)
{
	unsigned int k;
	long i;

	if (order >= BUDDY_MAX_ORDER)
		return NULL;
	for (k = order;; k++) {
		while (k < BUDDY_MAX_ORDER && !p->free[k])
			k++;
		if (k == BUDDY_MAX_ORDER)
			return NULL;
		i = pop_free(p, k);
		if (i >= 0)
			break;
		k--; /* that list was dropped; look again from the same k */
	}
	/* Give back the upper halves until the block has the right size. */
	while (k > order) {
		k--;
		push_free(p, (unsigned long)i + (1ul << k), k);
	}
	p->order_map[i] = (uint8_t)order;
	set_alloc(p, (unsigned long)i, 1);
	p->nr_free -= 1ul << order;
	return block_at(p, (unsigned long)i);
}

/* Index of addr if it is the head of a live block of that order, else -1. */
static long live_block(const struct page_pool *p, void *addr,
		       unsigned int order)
{
	uintptr_t a = (uintptr_t)addr;
	unsigned long i;

	if (order >= BUDDY_MAX_ORDER || a < p->base ||
	    (a - p->base) % BUDDY_PAGE_SIZE)
		return -1;
	i = (a - p->base) / BUDDY_PAGE_SIZE;
	if (i >= p->nr_pages || !is_alloc(p, i) || p->order_map[i] != order)
		return -1;
	return (long)i;
}

int page_free(struct page_pool *p, void *addr, unsigned int order)
{
	long li = live_block(p, addr, order);
	unsigned long i, b;

	if (li < 0)
		return -EINVAL;
	i = (unsigned long)li;
	set_alloc(p, i, 0);
	p->nr_free += 1ul << order;
	/* Merge with the buddy while it is a free block of the same order. */
	while (order < BUDDY_MAX_ORDER - 1) {
		b = i ^ (1ul << order);
		if (b + (1ul << order) > p->nr_pages || is_alloc(p, b) ||
		    p->order_map[b] != order)
			break;
		unlink_free(p, block_at(p, b), order);
		p->order_map[i > b ? i : b] = NOT_HEAD;
		i = i < b ? i : b;
		order++;
	}
	push_free(p, i, order);
	return 0;
}
