/*
 * mm.c - the kernel's memory: the page pool (kernel/lib/buddy.c) over
 * every free pseudo-physical page, and the heap (kernel/lib/heap.c) on top
 * of it.  Both are used from thread context only: event handlers never
 * allocate.  The page pool's blocks are at most 4 MiB of contiguous
 * pseudo-physical memory, so larger allocations (a kernel image read by
 * pvgrub, tens of MiB) are "big": single pages from anywhere in the pool,
 * mapped side by side in the map area behind one header page.  A heap error
 * (freeing a foreign pointer, a double free) is a kernel bug, so it panics
 * naming the caller.
 */
#include <domlet/kernel.h>
#include <domlet/buddy.h>
#include <domlet/heap.h>
#include <string.h>
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

/* ---- big allocations ---- */

#define BIG_MIN	  (2ul << 20) /* smaller requests go to the heap */
#define BIG_MAGIC 0x6269676d656d6f72ul

struct big_head {
	uint64_t magic;
	unsigned long pages; /* mapped, the header page included */
	size_t size;	     /* as asked */
};

/*
 * Live big blocks, so that kexec_load can use their pages in place (a
 * kernel decompressed or an initrd read into one needs no second copy:
 * pvgrub boots Debian's kernel in 128 MiB only this way).  A block whose
 * pages were lent (mm_big_lend) and is freed while that kernel is loaded
 * unloads it first, as a kexec buffer's free does.  Blocks beyond the
 * table's size work as before; they are only never lent.
 */
#define BIG_TRACKED 32
static struct {
	char *va; /* the data, after the header page */
	unsigned long pages;
	bool lent;
} big_live[BIG_TRACKED];

static void big_track(char *va, unsigned long pages)
{
	unsigned int i;

	for (i = 0; i < BIG_TRACKED; i++)
		if (!big_live[i].va) {
			big_live[i].va = va;
			big_live[i].pages = pages;
			big_live[i].lent = false;
			return;
		}
}

static void big_untrack(char *va)
{
	unsigned int i;

	for (i = 0; i < BIG_TRACKED; i++) {
		if (big_live[i].va != va)
			continue;
		if (big_live[i].lent && kexec_is_loaded()) {
			printk("mm: a block lent to the loaded kernel was "
			       "freed: unloading it\n");
			kexec_unload();
		}
		big_live[i].va = NULL;
		return;
	}
}

bool mm_big_lend(const void *p)
{
	const char *c = p;
	unsigned int i;

	if ((unsigned long)c & ~PAGE_MASK)
		return false;
	for (i = 0; i < BIG_TRACKED; i++)
		if (big_live[i].va && c >= big_live[i].va &&
		    c < big_live[i].va + big_live[i].pages * PAGE_SIZE) {
			big_live[i].lent = true;
			return true;
		}
	return false;
}

void mm_big_unlend_all(void)
{
	unsigned int i;

	for (i = 0; i < BIG_TRACKED; i++)
		big_live[i].lent = false;
}

static bool is_big(const void *p)
{
	return (unsigned long)p >= MAP_AREA_START &&
	       (unsigned long)p < MAP_AREA_START + MAP_AREA_SIZE;
}

/* Gives back the first n pages behind va (their direct-map addresses
 * found through the mapping) and the mapping itself. */
static void big_release(char *va, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		void *page = mfn_to_virt(virt_to_mfn(va + i * PAGE_SIZE));

		if (!page)
			panic("big free: page %lu of %p is not ours", i, va);
		free_pages(page, 0);
	}
	if (unmap_frames(va, (unsigned int)n))
		panic("big free: cannot unmap %p", va);
}

/* Out of memory is the caller's to report; this says which resource. */
static void *big_fail(unsigned long n, const char *why)
{
	printk("mm: %lu-page block: %s (%lu pages free)\n", n, why,
	       free_page_count());
	return NULL;
}

static void *big_alloc(size_t size)
{
	unsigned long n = (size + PAGE_SIZE - 1) / PAGE_SIZE + 1, i;
	unsigned long *mfns;
	struct big_head *h = NULL;

	if (size > MAP_AREA_SIZE / 2 || n > free_page_count())
		return big_fail(n, "not enough free pages");
	mfns = heap_alloc(&heap, n * sizeof(*mfns));
	if (!mfns)
		return big_fail(n, "no heap for its frame list");
	for (i = 0; i < n; i++) {
		void *page = page_alloc(&pool, 0);

		if (!page)
			break;
		mfns[i] = virt_to_mfn(page);
	}
	if (i == n)
		h = map_frames(mfns, (unsigned int)n, true);
	if (!h)
		while (i--)
			free_pages(mfn_to_virt(mfns[i]), 0);
	heap_free(&heap, mfns);
	if (!h)
		return big_fail(n, i == n ? "no room in the map area"
					  : "the page pool ran out");
	h->magic = BIG_MAGIC;
	h->pages = n;
	h->size = size;
	big_track((char *)h + PAGE_SIZE, n - 1);
	return (char *)h + PAGE_SIZE;
}

static struct big_head *big_head(void *p, void *caller)
{
	struct big_head *h = (struct big_head *)((char *)p - PAGE_SIZE);

	if (((unsigned long)p & ~PAGE_MASK) || h->magic != BIG_MAGIC)
		panic("free(%p): not a live big block (from %p)", p, caller);
	return h;
}

void *malloc(size_t size)
{
	return size >= BIG_MIN ? big_alloc(size) : heap_alloc(&heap, size);
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > (size_t)-1 / size)
		return NULL;
	if (n * size < BIG_MIN)
		return heap_calloc(&heap, n, size);
	p = big_alloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *ptr, size_t size)
{
	size_t old;
	void *p;

	if (!ptr)
		return malloc(size);
	if (!is_big(ptr) && size < BIG_MIN)
		return heap_realloc(&heap, ptr, size);
	old = is_big(ptr) ? big_head(ptr, __builtin_return_address(0))->size
			  : heap_block_size(&heap, ptr);
	p = malloc(size);
	if (!p)
		return NULL;
	memcpy(p, ptr, old < size ? old : size);
	free(ptr);
	return p;
}

void *memalign(size_t align, size_t size)
{
	if (size >= BIG_MIN && align <= PAGE_SIZE)
		return big_alloc(size); /* page-aligned */
	return heap_memalign(&heap, align, size);
}

void free(void *ptr)
{
	if (ptr && is_big(ptr)) {
		struct big_head *h = big_head(ptr, __builtin_return_address(0));

		big_untrack(ptr);
		h->magic = 0;
		big_release((char *)h, h->pages);
		return;
	}
	if (heap_free(&heap, ptr))
		panic("free(%p): not a live heap block (from %p)", ptr,
		      __builtin_return_address(0));
}

size_t heap_bytes_in_use(void)
{
	return heap.bytes_in_use;
}
