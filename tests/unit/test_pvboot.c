// SOURCES: pvboot/layout.c
// CFLAGS: -I.
/*
 * test_pvboot.c - the PV boot layout against numbers worked out by hand
 * from Xen 4.17's builder (alloc_pgtables_pv: extra pages, 4 MiB
 * rounding, per-level counts), the tables walked like an MMU would walk
 * them, and refusals: a layout larger than the domain, a misaligned base,
 * a trampoline in the kernel's L4 slot, a region past 2^64.
 */
#include <stdint.h>
#include <stdlib.h>
#include "pvboot/pvboot.h"
#include "check.h"

#define KB	    0xffffffff80000000ull
#define MIB	    (1ull << 20)
#define TRAMP	    0xffffc00000000000ull
#define PTE_ADDR(e) ((e)&0x000ffffffffff000ull)
#define MFN(pfn)    (0x100000ull + (pfn)*7) /* any distinct frames */
#define MAX_PT	    64

struct tables {
	const struct pvboot_layout *l;
	uint64_t page[MAX_PT][512];
	uint64_t bad; /* table() asked for a pfn that is not a table */
};

static uint64_t *table_of(void *ctx, uint64_t pfn)
{
	struct tables *t = ctx;

	if (pfn < t->l->pt_pfn || pfn >= t->l->pt_pfn + t->l->nr_pt ||
	    pfn - t->l->pt_pfn >= MAX_PT) {
		t->bad++;
		return t->page[0];
	}
	return t->page[pfn - t->l->pt_pfn];
}

/* The table page holding machine frame mfn, or NULL. */
static uint64_t *by_mfn(struct tables *t, uint64_t mfn)
{
	uint64_t i;

	for (i = 0; i < t->l->nr_pt; i++)
		if (MFN(t->l->pt_pfn + i) == mfn)
			return t->page[i];
	return NULL;
}

/* Walks va from the L4; returns the L1 entry (0: not mapped). */
static uint64_t walk(struct tables *t, uint64_t va)
{
	uint64_t *tab = t->page[0];
	int level;

	for (level = 3; level >= 0; level--) {
		uint64_t e = tab[(va >> (12 + 9 * level)) & 511];

		if (!(e & PVBOOT_PTE_P))
			return 0;
		if (level == 0)
			return e;
		tab = by_mfn(t, PTE_ADDR(e) >> 12);
		if (!tab)
			return 0;
	}
	return 0;
}

static uint64_t mfn_of(void *ctx, uint64_t pfn)
{
	struct tables *t = ctx;

	if (pfn >= t->l->end_pfn)
		t->bad++;
	return MFN(pfn);
}

/* Every page of the region maps to its frame, tables read-only. */
static int check_region(const struct pvboot_layout *l)
{
	static struct tables t;
	struct pvboot_mem m = {table_of, mfn_of, &t};
	uint64_t pfn;
	int ok = 1;

	memset(&t, 0, sizeof(t));
	t.l = l;
	pvboot_fill_tables(l, &m);
	ok &= t.bad == 0;
	for (pfn = 0; pfn < l->end_pfn && ok; pfn++) {
		uint64_t e = walk(&t, pvboot_va(l, pfn));
		int is_pt = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt;

		ok &= PTE_ADDR(e) >> 12 == MFN(pfn);
		ok &= !!(e & PVBOOT_PTE_RW) == !is_pt;
	}
	ok &= walk(&t, pvboot_va(l, l->end_pfn)) == 0;
	if (l->tramp_va) {
		uint64_t e = walk(&t, l->tramp_va);
		ok &= PTE_ADDR(e) >> 12 == MFN(l->tramp_pfn);
		ok &= !(e & PVBOOT_PTE_RW);
		ok &= walk(&t, l->tramp_va + 4096) == 0;
	}
	return ok;
}

/* A domlet-sized kernel: 200 KiB at the base, 32 MiB domain. */
TEST(tiny)
{
	struct pvboot_req r = {KB, KB, KB + 200 * 1024, 0, 8192, 0};
	struct pvboot_layout l;

	CHECK_EQ(pvboot_plan(&r, &l), 0);
	CHECK_EQ(l.kern_pfn, 0);
	CHECK_EQ(l.kern_pages, 50);
	CHECK_EQ(l.mod_pages, 0);
	CHECK_EQ(l.p2m_pfn, 50);
	CHECK_EQ(l.p2m_pages, 16);
	CHECK_EQ(l.si_pfn, 66);
	CHECK_EQ(l.store_pfn, 67);
	CHECK_EQ(l.cons_pfn, 68);
	CHECK_EQ(l.pt_pfn, 69);
	/* 69 + 1 + 128 pages < 4 MiB: one L3, one L2, two L1s. */
	CHECK_EQ(l.nr_l3, 1);
	CHECK_EQ(l.nr_l2, 1);
	CHECK_EQ(l.nr_l1, 2);
	CHECK_EQ(l.nr_pt, 5);
	CHECK_EQ(l.stack_pfn, 74);
	CHECK_EQ(l.end_pfn, 1024);
	CHECK(check_region(&l));
}

/* Linux-like: kernel at +16 MiB, 40 MiB long, 30 MiB initrd, 256 MiB. */
TEST(linux_like)
{
	struct pvboot_req r = {KB,	 KB + 16 * MIB, KB + 56 * MIB,
			       30 * MIB, 65536,		TRAMP};
	struct pvboot_layout l;

	CHECK_EQ(pvboot_plan(&r, &l), 0);
	CHECK_EQ(l.kern_pfn, 4096);
	CHECK_EQ(l.kern_pages, 10240);
	CHECK_EQ(l.mod_pfn, 14336);
	CHECK_EQ(l.mod_pages, 7680);
	CHECK_EQ(l.p2m_pfn, 22016);
	CHECK_EQ(l.p2m_pages, 128);
	CHECK_EQ(l.pt_pfn, 22147);
	/* 22147 + 131 extra pages ends in the 88 MiB boundary's 4 MiB:
	 * 44 L1s, and 1 + 1 + 1 + 44 + 3 (trampoline) tables. */
	CHECK_EQ(l.nr_l1, 44);
	CHECK_EQ(l.nr_pt, 50);
	CHECK_EQ(l.stack_pfn, 22197);
	CHECK_EQ(l.tramp_pfn, 22198);
	CHECK_EQ(l.end_pfn, 88 * 256);
	CHECK(l.end_pfn - l.tramp_pfn - 1 >= PVBOOT_PAD_PAGES);
	CHECK(check_region(&l));
}

/* The padding rule: 871 kernel pages + 16 p2m + 3 + 5 tables + stack +
 * 128 padding end exactly at 4 MiB; one page more needs 8 MiB. */
TEST(padding_rule)
{
	struct pvboot_req r = {KB, KB, KB + 871 * 4096, 0, 8192, 0};
	struct pvboot_layout l;

	CHECK_EQ(pvboot_plan(&r, &l), 0);
	CHECK_EQ(l.end_pfn, 1024);
	CHECK_EQ(l.end_pfn - l.stack_pfn - 1, PVBOOT_PAD_PAGES);
	CHECK(check_region(&l));
	r.kern_end += 4096;
	CHECK_EQ(pvboot_plan(&r, &l), 0);
	CHECK_EQ(l.end_pfn, 2048);
	CHECK_EQ(l.nr_l1, 4);
	CHECK(check_region(&l));
}

/* The counts match the builder's formula for regions crossing 2 MiB, 1
 * GiB and 512 GiB lines. */
TEST(counts)
{
	uint32_t a, b, c;

	pvboot_count_tables(KB, 4 * MIB, &a, &b, &c);
	CHECK(a == 1 && b == 1 && c == 2);
	pvboot_count_tables(KB + MIB, 4 * MIB, &a, &b, &c);
	CHECK(a == 1 && b == 1 && c == 3);
	pvboot_count_tables(0xffffffffc0000000ull - 2 * MIB, 4 * MIB, &a, &b,
			    &c);
	CHECK(a == 1 && b == 2 && c == 2);
	pvboot_count_tables(0x7fffffe00000ull, 4 * MIB, &a, &b, &c);
	CHECK(a == 2 && b == 2 && c == 2);
}

TEST(refusals)
{
	struct pvboot_req r = {KB,	 KB + 16 * MIB, KB + 56 * MIB,
			       30 * MIB, 8192,		TRAMP};
	struct pvboot_layout l;

	CHECK_EQ(pvboot_plan(&r, &l), PVBOOT_ENOMEM);
	CHECK_EQ(l.end_pfn, 88 * 256); /* says what it would need */
	r.nr_pages = 65536;
	r.tramp_va = KB + 0x40000000; /* the kernel's own L4 slot */
	CHECK_EQ(pvboot_plan(&r, &l), PVBOOT_EINVAL);
	r.tramp_va = 0x0000900000000000ull; /* not canonical */
	CHECK_EQ(pvboot_plan(&r, &l), PVBOOT_EINVAL);
	r.tramp_va = TRAMP + 1;
	CHECK_EQ(pvboot_plan(&r, &l), PVBOOT_EINVAL);
	r.tramp_va = TRAMP;
	r.virt_base = KB + 1;
	CHECK_EQ(pvboot_plan(&r, &l), PVBOOT_EINVAL);
	r.virt_base = KB;
	r.kern_start = KB - 4096;
	CHECK_EQ(pvboot_plan(&r, &l), PVBOOT_EINVAL);
	r.kern_start = KB;
	r.kern_end = KB;
	CHECK_EQ(pvboot_plan(&r, &l), PVBOOT_EINVAL);
	/* A region that would wrap past 2^64. */
	r.kern_end = 0xfffffffffffff000ull;
	r.nr_pages = 1ull << 30;
	CHECK_EQ(pvboot_plan(&r, &l), PVBOOT_EINVAL);
	r.module_len = ~0ull;
	CHECK_EQ(pvboot_plan(&r, &l), PVBOOT_EINVAL);
}

int main(void)
{
	RUN(tiny);
	RUN(linux_like);
	RUN(padding_rule);
	RUN(counts);
	RUN(refusals);
	return check_failures ? 1 : 0;
}
