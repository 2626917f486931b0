/*
 * mm.c - PV page tables: the direct map of all our memory, W^X on the
 * image, and on-demand mappings in the map area.
 *
 * A PV guest never writes its page tables directly: they are mapped
 * read-only and every entry changes through mmu_update, which Xen
 * validates (a table page may not be writable anywhere while in use).
 * Walking needs the virtual address of each table: an entry holds a
 * machine frame, the m2p table (mapped by Xen at MACH2PHYS_VIRT_START)
 * turns it into our pseudo-physical frame, and the direct map gives its
 * address.  Trusts start_info and the builder's initial tables.
 */
#include <domlet/kernel.h>
#include <string.h>
#include <arch/hypercall.h>
#include <arch/page.h>

#define M2P ((const unsigned long *)MACH2PHYS_VIRT_START)

extern char _text[], _etext[], _erodata[], _end[], boot_stack[];

unsigned long first_free_pfn; /* handed to kernel/mm.c's page pool */
static unsigned long nx_bit;

static const unsigned long *p2m(void)
{
	return (const unsigned long *)start_info->mfn_list;
}

unsigned long pfn_to_mfn(unsigned long pfn)
{
	return p2m()[pfn];
}

void *mfn_to_virt(unsigned long mfn)
{
	unsigned long pfn = M2P[mfn];

	if (pfn >= start_info->nr_pages || pfn_to_mfn(pfn) != mfn)
		return NULL;
	return (void *)pfn_to_virt_addr(pfn);
}

static uint64_t *table_of(uint64_t entry)
{
	return mfn_to_virt((entry & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

static uint64_t machine_addr(const void *va)
{
	return ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) |
	       ((unsigned long)va & ~PAGE_MASK);
}

static int set_entry(uint64_t *entry, uint64_t val)
{
	struct mmu_update u = {
	    .ptr = machine_addr(entry) | MMU_NORMAL_PT_UPDATE,
	    .val = val,
	};
	return hypercall_mmu_update(&u, 1, NULL);
}

/* Page-table pages: before the page pool exists, the next boot-mapped free
 * page; afterwards, the pool. */
static bool pool_ready;

static void *table_page(void)
{
	void *va;

	if (pool_ready)
		return alloc_pages(0);
	va = (void *)pfn_to_virt_addr(first_free_pfn++);
	return va;
}

/* A zeroed page, remapped read-only so Xen accepts it as a table. */
static uint64_t *new_table(void)
{
	uint64_t *t = table_page();

	if (!t)
		return NULL;
	memset(t, 0, PAGE_SIZE);
	if (hypercall_update_va_mapping(
		(unsigned long)t,
		((uint64_t)virt_to_mfn(t) << PAGE_SHIFT) | PTE_KERNEL_RO |
		    nx_bit,
		UVMF_INVLPG))
		panic("mm: cannot make page-table page %p read-only", t);
	return t;
}

/* The L1 entry for va, creating missing tables when `create`; NULL if
 * absent (or out of memory). */
static uint64_t *pte_of(unsigned long va, bool create)
{
	uint64_t *table = (uint64_t *)start_info->pt_base;
	int level;

	for (level = 3; level > 0; level--) {
		uint64_t *e = &table[(va >> (PAGE_SHIFT + 9 * level)) & 511];

		if (!(*e & _PAGE_PRESENT)) {
			uint64_t *t = create ? new_table() : NULL;

			if (!t)
				return NULL;
			if (set_entry(e,
				      ((uint64_t)virt_to_mfn(t) << PAGE_SHIFT) |
					  PTE_TABLE))
				panic("mm: hooking a level-%d table failed",
				      level);
		}
		if (*e & _PAGE_PSE)
			return NULL;
		table = table_of(*e);
		if (!table)
			panic("mm: table at level %d is not ours", level);
	}
	return &table[(va >> PAGE_SHIFT) & 511];
}

unsigned long virt_to_mfn(const void *va)
{
	unsigned long a = (unsigned long)va;
	uint64_t *pte;

	if (a >= KERNEL_BASE &&
	    (a - KERNEL_BASE) >> PAGE_SHIFT < start_info->nr_pages)
		return pfn_to_mfn((a - KERNEL_BASE) >> PAGE_SHIFT);
	pte = pte_of(a, false);
	return pte && (*pte & _PAGE_PRESENT)
		   ? (*pte & PTE_ADDR_MASK) >> PAGE_SHIFT
		   : ~0ul;
}

/* Batches L1 updates: one hypercall per 128 entries at boot. */
struct mmu_batch {
	struct mmu_update u[128];
	unsigned int n;
};

static void batch_flush(struct mmu_batch *b)
{
	unsigned int done = 0;

	if (b->n && hypercall_mmu_update(b->u, b->n, &done))
		panic("mm: mmu_update batch failed after %u of %u", done, b->n);
	b->n = 0;
}

static void batch_add(struct mmu_batch *b, uint64_t *pte, uint64_t val)
{
	b->u[b->n].ptr = machine_addr(pte) | MMU_NORMAL_PT_UPDATE;
	b->u[b->n].val = val;
	if (++b->n == ARRAY_SIZE(b->u))
		batch_flush(b);
}

static struct mmu_batch boot_batch;

/* Maps every pfn the builder left unmapped into the direct map. */
static void extend_direct_map(unsigned long from)
{
	unsigned long pfn, nr = start_info->nr_pages;

	if (nr > DIRECT_MAP_PAGES)
		nr = DIRECT_MAP_PAGES; /* see page.h: the rest stays unused */
	for (pfn = from; pfn < nr; pfn++) {
		uint64_t *pte = pte_of(pfn_to_virt_addr(pfn), true);

		if (!pte)
			panic("mm: no page table for pfn %lx", pfn);
		batch_add(&boot_batch, pte,
			  ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) |
			      PTE_KERNEL_RW | nx_bit);
	}
	batch_flush(&boot_batch);
}

/*
 * W^X on the image: text read-only and executable, rodata read-only, the
 * rest (data, bss, boot pages) no-execute.  Entries the builder made
 * read-only (page tables) stay read-only.
 */
static void protect_image(unsigned long mapped_end)
{
	unsigned long va;

	for (va = (unsigned long)_text; va < mapped_end; va += PAGE_SIZE) {
		uint64_t *pte = pte_of(va, false);
		uint64_t v;

		if (!pte || !(*pte & _PAGE_PRESENT))
			continue;
		v = *pte;
		if (va < (unsigned long)_etext)
			v &= ~(_PAGE_RW | _PAGE_NX);
		else if (va < (unsigned long)_erodata)
			v = (v & ~_PAGE_RW) | nx_bit;
		else
			v |= nx_bit;
		if (v != *pte)
			batch_add(&boot_batch, pte, v);
	}
	batch_flush(&boot_batch);
}

/* The first pfn past everything the builder put after the image. */
static unsigned long boot_pages_end(void)
{
	const start_info_t *si = start_info;
	unsigned long end = virt_to_pfn(_end);
	unsigned long pt = virt_to_pfn((void *)si->pt_base) + si->nr_pt_frames;
	unsigned long m2 =
	    virt_to_pfn((void *)(si->mfn_list + si->nr_pages * 8 + 4095));

	if (pt > end)
		end = pt;
	if (m2 > end)
		end = m2;
	if (virt_to_pfn(si) + 1 > end)
		end = virt_to_pfn(si) + 1;
	return end + 1; /* the builder's boot stack follows the tables */
}

static unsigned long mapped_end(void)
{
	unsigned long va = KERNEL_BASE;
	uint64_t *pte;

	while ((pte = pte_of(va, false)) && (*pte & _PAGE_PRESENT))
		va += PAGE_SIZE;
	return va;
}

void arch_mm_init(void)
{
	unsigned long end_va;

	nx_bit = cpu_has_nx ? _PAGE_NX : 0;
	first_free_pfn = boot_pages_end();
	end_va = mapped_end();
	if (virt_to_pfn((void *)end_va) < first_free_pfn + 8)
		panic("mm: builder mapped too little (%lx)", end_va);
	protect_image(end_va);
	extend_direct_map(virt_to_pfn((void *)end_va));
	/* Guard page under the boot stack, which becomes main's stack. */
	page_set_present(boot_stack, false);
}

void arch_mm_pool_ready(void)
{
	pool_ready = true;
}

int page_set_present(void *va, bool present)
{
	uint64_t pte = 0;

	if (present)
		pte = ((uint64_t)pfn_to_mfn(virt_to_pfn(va)) << PAGE_SHIFT) |
		      PTE_KERNEL_RW | nx_bit;
	return hypercall_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG);
}

/* ---- the map area: a bitmap of its pages, first fit ---- */

#define MAP_PAGES (MAP_AREA_SIZE >> PAGE_SHIFT)
static unsigned long map_used[MAP_PAGES / 64];

static bool map_bit(unsigned long i)
{
	return (map_used[i / 64] >> (i % 64)) & 1;
}

static void map_set(unsigned long i, unsigned int n, bool used)
{
	for (; n; n--, i++) {
		if (used)
			map_used[i / 64] |= 1ul << (i % 64);
		else
			map_used[i / 64] &= ~(1ul << (i % 64));
	}
}

void *map_area_reserve(unsigned int n)
{
	unsigned long i, run = 0, k;

	if (!n)
		return NULL;
	for (i = 0; i < MAP_PAGES; i++) {
		run = map_bit(i) ? 0 : run + 1;
		if (run < n)
			continue;
		i -= n - 1;
		for (k = 0; k < n; k++) {
			unsigned long va =
			    MAP_AREA_START + ((i + k) << PAGE_SHIFT);
			if (!pte_of(va, true))
				return NULL;
		}
		map_set(i, n, true);
		return (void *)(MAP_AREA_START + (i << PAGE_SHIFT));
	}
	return NULL;
}

static void map_area_release(void *va, unsigned int n)
{
	map_set(((unsigned long)va - MAP_AREA_START) >> PAGE_SHIFT, n, false);
}

void *map_frames(const unsigned long *mfns, unsigned int n, bool writable)
{
	char *va = map_area_reserve(n);
	unsigned int i;

	if (!va)
		return NULL;
	for (i = 0; i < n; i++) {
		uint64_t pte = ((uint64_t)mfns[i] << PAGE_SHIFT) | nx_bit |
			       (writable ? PTE_KERNEL_RW : PTE_KERNEL_RO);
		if (hypercall_update_va_mapping(
			(unsigned long)va + i * PAGE_SIZE, pte, UVMF_INVLPG)) {
			unmap_frames(va, i);
			map_area_release(va + i * PAGE_SIZE, n - i);
			return NULL;
		}
	}
	return va;
}

int unmap_frames(void *va, unsigned int n)
{
	unsigned int i;
	int rc = 0;

	for (i = 0; i < n; i++)
		rc |= hypercall_update_va_mapping(
		    (unsigned long)va + i * PAGE_SIZE, 0, UVMF_INVLPG);
	map_area_release(va, n);
	return rc ? -EINVAL : 0;
}

void map_area_free(void *va, unsigned int n)
{
	map_area_release(va, n);
}

/* Maps our own frame mfn at va (a page of a map-area reservation)
 * read-only or writable, or unmaps it (access 0): kernel/vmem.c's
 * mprotect and guard pages.  Never executable. */
int map_area_set(void *va, unsigned long mfn, unsigned int access)
{
	uint64_t pte = 0;

	if (access)
		pte = ((uint64_t)mfn << PAGE_SHIFT) | nx_bit |
		      (access & VMEM_WRITE ? PTE_KERNEL_RW : PTE_KERNEL_RO);
	return hypercall_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG)
		   ? -EINVAL
		   : 0;
}
