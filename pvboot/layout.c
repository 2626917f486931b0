/*
 * layout.c - the PV boot layout (pvboot.h): which pfn holds what, how
 * many table pages each level needs, and the tables' contents.
 *
 * Follows Xen 4.17's builder for x86_64 PV guests: segments are placed
 * from virt_base upwards in page units (kernel, module, p2m list,
 * start_info, xenstore, console, page tables, boot stack); the tables
 * map the region from virt_base to the end of the padding rounded up to
 * 4 MiB, counted per level over 48-bit addresses.  All arithmetic is on
 * page counts bounded by nr_pages (< 2^52), so nothing overflows; the
 * region must also fit below 2^64.
 */
#include "pvboot/pvboot.h"

#define MASK48	  ((1ull << 48) - 1)
#define MB4_PAGES 1024ull /* 4 MiB in pages */
#define MAX_PAGES (1ull << 40)

static uint64_t pages_of(uint64_t bytes)
{
	return (bytes + PVBOOT_PAGE_SIZE - 1) >> PVBOOT_PAGE_SHIFT;
}

uint64_t pvboot_va(const struct pvboot_layout *l, uint64_t pfn)
{
	return l->virt_base + (pfn << PVBOOT_PAGE_SHIFT);
}

/* Tables of one level covering [from, to] (inclusive, 48-bit), each
 * covering 2^bits bytes. */
static uint32_t level_count(uint64_t from, uint64_t to, unsigned int bits)
{
	uint64_t mask = (1ull << bits) - 1;

	return (uint32_t)((((to | mask) - (from & ~mask)) >> bits) + 1);
}

void pvboot_count_tables(uint64_t virt_base, uint64_t bytes, uint32_t *l3,
			 uint32_t *l2, uint32_t *l1)
{
	uint64_t from = virt_base & MASK48;
	uint64_t to = (virt_base + bytes - 1) & MASK48;

	*l3 = level_count(from, to, 39);
	*l2 = level_count(from, to, 30);
	*l1 = level_count(from, to, 21);
}

/* Places everything below the page tables; false if a size is absurd. */
static int place_segments(const struct pvboot_req *r, struct pvboot_layout *l)
{
	uint64_t kend_off;

	if (r->kern_start < r->virt_base || r->kern_end <= r->kern_start)
		return PVBOOT_EINVAL;
	kend_off = r->kern_end - r->virt_base;
	if (kend_off >> PVBOOT_PAGE_SHIFT >= MAX_PAGES ||
	    r->module_len >> PVBOOT_PAGE_SHIFT >= MAX_PAGES ||
	    r->nr_pages == 0 || r->nr_pages >= MAX_PAGES)
		return PVBOOT_EINVAL;
	l->kern_pfn = (r->kern_start - r->virt_base) >> PVBOOT_PAGE_SHIFT;
	l->kern_pages = pages_of(kend_off) - l->kern_pfn;
	l->mod_pfn = l->kern_pfn + l->kern_pages;
	l->mod_pages = pages_of(r->module_len);
	l->p2m_pfn = l->mod_pfn + l->mod_pages;
	l->p2m_pages = pages_of(r->nr_pages * 8);
	l->si_pfn = l->p2m_pfn + l->p2m_pages;
	l->store_pfn = l->si_pfn + 1;
	l->cons_pfn = l->store_pfn + 1;
	l->pt_pfn = l->cons_pfn + 1;
	return 0;
}

/*
 * The builder's loop: guess the extra pages, round the end address up to
 * 4 MiB (as `end | (4 MiB - 1)`, so an end already on a boundary gains
 * 4 MiB),
 * count the tables that region needs, and stop once everything fits.
 * Each pass can only grow the guess, and the count is at most a few
 * pages per 2 MiB, so it settles in two or three passes.
 */
static int size_region(const struct pvboot_req *r, struct pvboot_layout *l)
{
	uint64_t alloc_end = l->pt_pfn; /* pages placed so far */
	uint64_t tramp = r->tramp_va ? 1 : 0;
	uint64_t extra = 1 + tramp + PVBOOT_PAD_PAGES;
	uint64_t pages = extra, end = 0;
	int pass;

	for (pass = 0; pass < 64; pass++) {
		/* The builder rounds the address, not the offset. */
		uint64_t last = (r->virt_base +
				 ((alloc_end + pages) << PVBOOT_PAGE_SHIFT)) |
				((MB4_PAGES << PVBOOT_PAGE_SHIFT) - 1);

		end = ((last - r->virt_base) >> PVBOOT_PAGE_SHIFT) + 1;
		pvboot_count_tables(r->virt_base, end << PVBOOT_PAGE_SHIFT,
				    &l->nr_l3, &l->nr_l2, &l->nr_l1);
		pages = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1 +
			tramp * PVBOOT_TRAMP_PTS + extra;
		if (alloc_end + pages <= end)
			break;
	}
	if (pass == 64)
		return PVBOOT_EINVAL;
	l->nr_pt =
	    1 + l->nr_l3 + l->nr_l2 + l->nr_l1 + tramp * PVBOOT_TRAMP_PTS;
	l->stack_pfn = l->pt_pfn + l->nr_pt;
	l->tramp_pfn = tramp ? l->stack_pfn + 1 : 0;
	l->tramp_va = r->tramp_va;
	l->end_pfn = end;
	return 0;
}

/* The trampoline needs an L4 slot of its own, and a canonical address. */
static int check_tramp(const struct pvboot_req *r,
		       const struct pvboot_layout *l)
{
	uint64_t t = r->tramp_va, first, last, slot;

	if (!t)
		return 0;
	if (t & (PVBOOT_PAGE_SIZE - 1))
		return PVBOOT_EINVAL;
	if ((t >> 47) != 0 && (t >> 47) != 0x1ffff)
		return PVBOOT_EINVAL;
	first = (r->virt_base & MASK48) >> 39;
	last = ((pvboot_va(l, l->end_pfn) - 1) & MASK48) >> 39;
	slot = (t & MASK48) >> 39;
	return slot >= first && slot <= last ? PVBOOT_EINVAL : 0;
}

int pvboot_plan(const struct pvboot_req *r, struct pvboot_layout *l)
{
	uint64_t room;
	int rc;

	*l = (struct pvboot_layout){.virt_base = r->virt_base,
				    .nr_pages = r->nr_pages};
	if (r->virt_base & (PVBOOT_PAGE_SIZE - 1))
		return PVBOOT_EINVAL;
	rc = place_segments(r, l);
	if (!rc)
		rc = size_region(r, l);
	if (rc)
		return rc;
	/* The region may end at 2^64 but not wrap past it. */
	room = (0 - r->virt_base) >> PVBOOT_PAGE_SHIFT;
	if (r->virt_base && l->end_pfn > room)
		return PVBOOT_EINVAL;
	rc = check_tramp(r, l);
	if (rc)
		return rc;
	l->l3_from = (r->virt_base & MASK48) & ~((1ull << 39) - 1);
	l->l2_from = (r->virt_base & MASK48) & ~((1ull << 30) - 1);
	l->l1_from = (r->virt_base & MASK48) & ~((1ull << 21) - 1);
	/* The builder refuses unless the last mapped pfn is a real page. */
	return l->end_pfn <= r->nr_pages ? 0 : PVBOOT_ENOMEM;
}

/* ---- table contents ---- */

static uint64_t index_at(uint64_t va, unsigned int level)
{
	return (va >> (PVBOOT_PAGE_SHIFT + 9 * level)) & 511;
}

/* Points entry `va`'s slot of the level-`level` table page `tab` (1: L1)
 * at machine frame mfn. */
static void set_entry(uint64_t *tab, uint64_t va, unsigned int level,
		      uint64_t mfn, uint64_t prot)
{
	tab[index_at(va, level - 1)] = (mfn << PVBOOT_PAGE_SHIFT) | prot;
}

static void fill_upper(const struct pvboot_layout *l,
		       const struct pvboot_mem *m)
{
	uint64_t l3 = l->pt_pfn + 1, l2 = l3 + l->nr_l3, l1 = l2 + l->nr_l2;
	uint64_t *l4 = m->table(m->ctx, l->pt_pfn);
	uint32_t i;

	for (i = 0; i < l->nr_l3; i++) {
		uint64_t va = l->l3_from + ((uint64_t)i << 39);
		set_entry(l4, va, 4, m->mfn(m->ctx, l3 + i), PVBOOT_UPPER_PROT);
	}
	for (i = 0; i < l->nr_l2; i++) {
		uint64_t va = l->l2_from + ((uint64_t)i << 30);
		uint64_t *t = m->table(m->ctx, l3 + ((va - l->l3_from) >> 39));
		set_entry(t, va, 3, m->mfn(m->ctx, l2 + i), PVBOOT_UPPER_PROT);
	}
	for (i = 0; i < l->nr_l1; i++) {
		uint64_t va = l->l1_from + ((uint64_t)i << 21);
		uint64_t *t = m->table(m->ctx, l2 + ((va - l->l2_from) >> 30));
		set_entry(t, va, 2, m->mfn(m->ctx, l1 + i), PVBOOT_UPPER_PROT);
	}
}

static void fill_l1(const struct pvboot_layout *l, const struct pvboot_mem *m)
{
	uint64_t l1 = l->pt_pfn + 1 + l->nr_l3 + l->nr_l2;
	uint64_t from = l->virt_base & MASK48, pfn;

	for (pfn = 0; pfn < l->end_pfn; pfn++) {
		uint64_t va = from + (pfn << PVBOOT_PAGE_SHIFT);
		uint64_t *t = m->table(m->ctx, l1 + ((va - l->l1_from) >> 21));
		uint64_t prot = PVBOOT_L1_PROT;

		if (pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt)
			prot &= ~PVBOOT_PTE_RW;
		set_entry(t, va, 1, m->mfn(m->ctx, pfn), prot);
	}
}

static void fill_tramp(const struct pvboot_layout *l,
		       const struct pvboot_mem *m)
{
	uint64_t t3 = l->stack_pfn - PVBOOT_TRAMP_PTS, va = l->tramp_va;

	set_entry(m->table(m->ctx, l->pt_pfn), va, 4, m->mfn(m->ctx, t3),
		  PVBOOT_UPPER_PROT);
	set_entry(m->table(m->ctx, t3), va, 3, m->mfn(m->ctx, t3 + 1),
		  PVBOOT_UPPER_PROT);
	set_entry(m->table(m->ctx, t3 + 1), va, 2, m->mfn(m->ctx, t3 + 2),
		  PVBOOT_UPPER_PROT);
	set_entry(m->table(m->ctx, t3 + 2), va, 1, m->mfn(m->ctx, l->tramp_pfn),
		  PVBOOT_PTE_P | PVBOOT_PTE_A);
}

void pvboot_fill_tables(const struct pvboot_layout *l,
			const struct pvboot_mem *m)
{
	fill_upper(l, m);
	fill_l1(l, m);
	if (l->tramp_va)
		fill_tramp(l, m);
}
