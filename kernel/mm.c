/*
 * mm.c - the kernel's memory: the page pool (kernel/lib/buddy.c) over
 * every free pseudo-physical page, and the heap (kernel/lib/heap.c) on top
 * of it.  Both are used from thread context only: event handlers never
 * allocate.  A heap error (freeing a foreign pointer, a double free) is a
 * kernel bug, so it panics naming the caller.
 */
#include <domlet/kernel.h>
#include <domlet/buddy.h>
#include <domlet/heap.h>
#include <arch/page.h>

extern unsigned long first_free_pfn;
void arch_mm_pool_ready(void);

static struct page_pool pool;
static struct heap heap;
static unsigned long pool_total;

void *alloc_pages(unsigned int order)
{
	return page_alloc(&pool, order);
}

void free_pages(void *va, unsigned int order)
{
	if (page_free(&pool, va, order))
		panic("free_pages(%p, %u): not an allocated block (from %p)",
		      va, order, __builtin_return_address(0));
}

unsigned long free_page_count(void)
{
	return page_pool_nr_free(&pool);
}

unsigned long total_page_count(void)
{
	return pool_total;
}

static void *heap_get(unsigned int order, void *ctx)
{
	(void)ctx;
	return page_alloc(&pool, order);
}

static void heap_put(void *va, unsigned int order, void *ctx)
{
	(void)ctx;
	free_pages(va, order);
}

void mm_init(void)
{
	unsigned long nr = start_info->nr_pages;

	if (nr > DIRECT_MAP_PAGES)
		nr = DIRECT_MAP_PAGES;
	if (page_pool_init(&pool, (void *)pfn_to_virt_addr(first_free_pfn),
			   nr - first_free_pfn))
		panic("mm: page pool init failed (%lu pages)",
		      nr - first_free_pfn);
	pool_total = page_pool_nr_free(&pool);
	arch_mm_pool_ready();
	heap_init(&heap, heap_get, heap_put, NULL);
}

void *malloc(size_t size)
{
	return heap_alloc(&heap, size);
}

void *calloc(size_t n, size_t size)
{
	return heap_calloc(&heap, n, size);
}

void *realloc(void *ptr, size_t size)
{
	return heap_realloc(&heap, ptr, size);
}

void *memalign(size_t align, size_t size)
{
	return heap_memalign(&heap, align, size);
}

void free(void *ptr)
{
	if (heap_free(&heap, ptr))
		panic("free(%p): not a live heap block (from %p)", ptr,
		      __builtin_return_address(0));
}

size_t heap_bytes_in_use(void)
{
	return heap.bytes_in_use;
}
