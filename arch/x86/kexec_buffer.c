/*
 * kexec_buffer.c - large buffers for a kexec's kernel and module: pool
 * pages mapped together in the map area, because the heap's largest
 * block is 4 MiB and a kernel's text alone can be 25.  kexec_load uses
 * the whole pages of these buffers in place (kexec_buffer_pfn) instead of
 * copying them, so a kernel needs little more than its own size in free
 * memory; a buffer lent that way must outlive the load, so freeing one
 * while a kernel is loaded unloads it first.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <arch/page.h>

#define M2P	    ((const unsigned long *)MACH2PHYS_VIRT_START)
#define MAX_BUFFERS 32

static struct {
	char *va;
	unsigned long n;
} bufs[MAX_BUFFERS];

static unsigned long our_pfn(unsigned long mfn)
{
	unsigned long pfn = M2P[mfn];

	return pfn < start_info->nr_pages && pfn_to_mfn(pfn) == mfn ? pfn
								    : ~0ul;
}

/* Our pfn of the page at p if p starts a page of a kexec buffer or of a
 * big malloc block, else ~0. */
unsigned long kexec_buffer_pfn(const void *p)
{
	const char *c = p;
	unsigned int i;

	if ((unsigned long)c & ~PAGE_MASK)
		return ~0ul;
	for (i = 0; i < MAX_BUFFERS; i++)
		if (bufs[i].va && c >= bufs[i].va &&
		    c < bufs[i].va + bufs[i].n * PAGE_SIZE)
			return our_pfn(virt_to_mfn(c));
	/* A big malloc block's page is lent the same way (kernel/mm.c). */
	if (mm_big_lend(c))
		return our_pfn(virt_to_mfn(c));
	return ~0ul;
}

static void buffer_release(char *va, unsigned long mapped, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < mapped; i++) {
		unsigned long pfn = our_pfn(virt_to_mfn(va + i * PAGE_SIZE));

		if (pfn != ~0ul)
			free_pages((void *)pfn_to_virt_addr(pfn), 0);
	}
	unmap_frames(va, (unsigned int)n);
}

void *kexec_buffer_alloc(size_t len)
{
	unsigned long n = (len + PAGE_SIZE - 1) / PAGE_SIZE, i;
	uint64_t nx = cpu_has_nx ? _PAGE_NX : 0;
	char *va;

	if (n == 0 || n > (MAP_AREA_SIZE >> PAGE_SHIFT) / 2)
		return NULL;
	va = map_area_reserve((unsigned int)n);
	if (!va)
		return NULL;
	for (i = 0; i < n; i++) {
		void *p = alloc_pages(0);
		uint64_t pte = p ? ((uint64_t)virt_to_mfn(p) << PAGE_SHIFT) |
				       PTE_KERNEL_RW | nx
				 : 0;

		if (!p ||
		    hypercall_update_va_mapping(
			(unsigned long)va + i * PAGE_SIZE, pte, UVMF_INVLPG)) {
			if (p)
				free_pages(p, 0);
			buffer_release(va, i, n);
			return NULL;
		}
	}
	for (i = 0; i < MAX_BUFFERS; i++) {
		if (!bufs[i].va) {
			bufs[i].va = va;
			bufs[i].n = n;
			break; /* a buffer not listed is only copied from */
		}
	}
	return va;
}

void kexec_buffer_free(void *buf, size_t len)
{
	unsigned long n = (len + PAGE_SIZE - 1) / PAGE_SIZE;
	unsigned int i;

	if (!buf || !n)
		return;
	for (i = 0; i < MAX_BUFFERS; i++) {
		if (bufs[i].va != buf)
			continue;
		bufs[i].va = NULL;
		if (kexec_is_loaded()) {
			printk("kexec: a buffer of the loaded kernel was "
			       "freed: unloading it\n");
			kexec_unload();
		}
	}
	buffer_release(buf, n, n);
}
