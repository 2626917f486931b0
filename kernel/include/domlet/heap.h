/*
 * heap.h - the kernel heap (kernel/lib/heap.c): malloc/free without libc.
 *
 * Small requests come from size-classed slabs carved out of pages; large
 * ones take whole pages.  Pages come from the two callbacks, so the host
 * tests drive it with a fake page source.  Every block carries a header
 * with a magic value: heap_free() of a pointer the heap did not hand out,
 * or a double free, is detected and returned as -EINVAL (the kernel's
 * free() turns that into a panic naming the caller).  Returned memory is
 * 16-byte aligned.
 */
#ifndef DOMLET_HEAP_H
#define DOMLET_HEAP_H

#include <stddef.h>

struct heap_slab;

#define HEAP_NR_CLASSES 8 /* 16, 32, ..., 2048 bytes */

struct heap {
	void *(*get_pages)(unsigned int order, void *ctx);
	void (*put_pages)(void *addr, unsigned int order, void *ctx);
	void *ctx;
	struct heap_slab *partial[HEAP_NR_CLASSES];
	size_t bytes_in_use; /* what callers asked for, live */
	unsigned long pages_held;
};

void heap_init(struct heap *h, void *(*get_pages)(unsigned int, void *),
	       void (*put_pages)(void *, unsigned int, void *), void *ctx);
void *heap_alloc(struct heap *h, size_t size); /* NULL when out of memory */
void *heap_calloc(struct heap *h, size_t n, size_t size); /* overflow: NULL */
void *heap_realloc(struct heap *h, void *ptr, size_t size);
/* Power-of-two align up to 4096. */
void *heap_memalign(struct heap *h, size_t align, size_t size);
int heap_free(struct heap *h, void *ptr); /* NULL is fine: 0 */
/* The size a live block was asked with; 0 for anything else. */
size_t heap_block_size(struct heap *h, void *ptr);

#endif
