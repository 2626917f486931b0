/*
 * vmem.c - page-granular regions of our own memory, mapped side by side
 * in the map area: big thread stacks with an unmapped guard page below
 * them, and libc's anonymous mmap.  Each region is single pool pages
 * (so any size works once the pool has the pages, contiguous or not),
 * zeroed, with unmapped guard pages reserved below it so nothing else is
 * ever mapped there.  Page protection changes per page (vmem_protect);
 * a region's pseudo-physical frame numbers are kept, not its machine
 * frames, so a page made inaccessible maps again correctly after xl
 * restore (which changes every machine frame).  Thread context only.
 */
#include <domlet/kernel.h>
#include <arch/page.h>
#include <string.h>

struct vmem {
	char *va; /* first mapped page, after the guard */
	unsigned long pages;
	unsigned int guard;
	struct vmem *next;
	uint32_t pfn[]; /* a guest has at most 2^19 pfns */
};

static struct vmem *regions;

static void vmem_release(struct vmem *r, unsigned long mapped)
{
	for (unsigned long i = 0; i < mapped; i++) {
		map_area_set(r->va + i * PAGE_SIZE, 0, VMEM_NONE);
		free_pages((void *)pfn_to_virt_addr(r->pfn[i]), 0);
	}
	map_area_free(r->va - r->guard * PAGE_SIZE,
		      (unsigned int)(r->pages + r->guard));
	free(r);
}

void *vmem_alloc(size_t size, unsigned int guard_pages)
{
	unsigned long n = (size + PAGE_SIZE - 1) / PAGE_SIZE, i;
	struct vmem *r;
	char *base;

	if (!n || n > MAP_AREA_SIZE / PAGE_SIZE / 2 || n > free_page_count())
		return NULL;
	r = malloc(sizeof(*r) + n * sizeof(r->pfn[0]));
	if (!r)
		return NULL;
	base = map_area_reserve((unsigned int)(n + guard_pages));
	if (!base) {
		free(r);
		return NULL;
	}
	r->va = base + (unsigned long)guard_pages * PAGE_SIZE;
	r->pages = n;
	r->guard = guard_pages;
	for (i = 0; i < n; i++) {
		void *page = alloc_pages(0);

		if (!page)
			break;
		r->pfn[i] = (uint32_t)virt_to_pfn(page);
		if (map_area_set(r->va + i * PAGE_SIZE, virt_to_mfn(page),
				 VMEM_READ | VMEM_WRITE)) {
			free_pages(page, 0);
			break;
		}
	}
	if (i < n) {
		vmem_release(r, i);
		return NULL;
	}
	memset(r->va, 0, n * PAGE_SIZE);
	r->next = regions;
	regions = r;
	return r->va;
}

/* The region holding [va, va + len), or NULL. */
static struct vmem *vmem_find(const void *va, size_t len)
{
	const char *p = va;

	for (struct vmem *r = regions; r; r = r->next)
		if (p >= r->va && p < r->va + r->pages * PAGE_SIZE)
			return len <= (size_t)(r->va + r->pages * PAGE_SIZE - p)
				   ? r
				   : NULL;
	return NULL;
}

size_t vmem_size(const void *va)
{
	struct vmem *r = vmem_find(va, 1);

	return r && r->va == va ? r->pages * PAGE_SIZE : 0;
}

bool vmem_contains(const void *va, size_t len)
{
	return vmem_find(va, len) != NULL;
}

int vmem_free(void *va)
{
	struct vmem **pp, *r;

	for (pp = &regions; (r = *pp); pp = &r->next)
		if (r->va == va)
			break;
	if (!r)
		return -EINVAL;
	*pp = r->next;
	/* a page made inaccessible maps nothing: unmapping it again is
	 * harmless */
	vmem_release(r, r->pages);
	return 0;
}

int vmem_protect(void *va, size_t len, unsigned int access)
{
	struct vmem *r = vmem_find(va, len);
	unsigned long first, n;

	if (((unsigned long)va & ~PAGE_MASK) || !r)
		return -EINVAL;
	first = (unsigned long)((char *)va - r->va) / PAGE_SIZE;
	n = (len + PAGE_SIZE - 1) / PAGE_SIZE;
	for (unsigned long i = first; i < first + n; i++) {
		int rc = map_area_set(r->va + i * PAGE_SIZE,
				      pfn_to_mfn(r->pfn[i]), access);
		if (rc)
			return rc;
	}
	return 0;
}
