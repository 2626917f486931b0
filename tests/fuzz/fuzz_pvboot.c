// SOURCES: pvboot/layout.c
// CFLAGS: -I.
/*
 * fuzz_pvboot.c - pvboot_plan on arbitrary kernel addresses, module
 * sizes, domain sizes and trampoline addresses (a kernel's ELF notes and
 * headers are untrusted).  An accepted layout must be ordered (kernel <
 * module < p2m < start_info < xenstore < console < tables < stack <
 * trampoline < end), leave 512 KiB of padding, fit the domain, end on a
 * 4 MiB boundary of the region and not wrap past 2^64; small ones have
 * their tables filled, every table pfn asked for inside the table range.
 */
#include <stdint.h>
#include <string.h>
#include "pvboot/pvboot.h"
#include "fuzz.h"

#define MAX_FILL 8192 /* pages: fill the tables of regions up to 32 MiB */

static uint64_t table_page[64][512];

static uint64_t *table_of(void *ctx, uint64_t pfn)
{
	const struct pvboot_layout *l = ctx;

	REQUIRE(pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt);
	REQUIRE(pfn - l->pt_pfn < 64);
	return table_page[pfn - l->pt_pfn];
}

static uint64_t mfn_of(void *ctx, uint64_t pfn)
{
	const struct pvboot_layout *l = ctx;

	REQUIRE(pfn < l->end_pfn);
	return pfn + 1;
}

static void check_layout(const struct pvboot_req *r,
			 const struct pvboot_layout *l)
{
	REQUIRE(l->kern_pfn + l->kern_pages <= l->mod_pfn);
	REQUIRE(l->mod_pfn + l->mod_pages <= l->p2m_pfn);
	REQUIRE(l->p2m_pages * 512 >= r->nr_pages);
	REQUIRE(l->p2m_pfn + l->p2m_pages <= l->si_pfn);
	REQUIRE(l->si_pfn < l->store_pfn && l->store_pfn < l->cons_pfn);
	REQUIRE(l->cons_pfn < l->pt_pfn);
	REQUIRE(l->nr_pt == 1 + l->nr_l3 + l->nr_l2 + l->nr_l1 +
				(r->tramp_va ? PVBOOT_TRAMP_PTS : 0));
	REQUIRE(l->pt_pfn + l->nr_pt == l->stack_pfn);
	REQUIRE(!r->tramp_va || l->tramp_pfn == l->stack_pfn + 1);
	REQUIRE(l->end_pfn - l->stack_pfn - 1 - (r->tramp_va ? 1 : 0) >=
		PVBOOT_PAD_PAGES);
	REQUIRE(l->end_pfn <= r->nr_pages);
	REQUIRE(((r->virt_base >> PVBOOT_PAGE_SHIFT) + l->end_pfn) % 1024 == 0);
	REQUIRE(!r->virt_base ||
		l->end_pfn <= (0 - r->virt_base) >> PVBOOT_PAGE_SHIFT);
}

static uint64_t take(const uint8_t **p, size_t *left, size_t n)
{
	uint64_t v = 0;

	if (n > *left)
		n = *left;
	memcpy(&v, *p, n);
	*p += n;
	*left -= n;
	return v;
}

/* Mostly plausible numbers (a selector byte picks a real base and
 * trampoline, sizes are 32-bit), so layouts are accepted often. */
static void read_req(const uint8_t *p, size_t left, struct pvboot_req *r)
{
	uint8_t sel = (uint8_t)take(&p, &left, 1);
	uint64_t koff, klen;

	r->virt_base = sel & 1 ? 0xffffffff80000000ull : take(&p, &left, 8);
	koff = take(&p, &left, 4);
	klen = take(&p, &left, 4);
	r->kern_start = r->virt_base + koff;
	r->kern_end = r->kern_start + klen;
	r->module_len = take(&p, &left, 4);
	r->nr_pages = take(&p, &left, 4);
	r->tramp_va = sel & 2	? 0xffffc00000000000ull
		      : sel & 4 ? take(&p, &left, 8)
				: 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pvboot_req r = {0};
	struct pvboot_layout l;

	read_req(data, size, &r);
	if (pvboot_plan(&r, &l) != 0)
		return 0;
	check_layout(&r, &l);
	if (l.end_pfn <= MAX_FILL && l.nr_pt <= 64) {
		struct pvboot_mem m = {table_of, mfn_of, &l};

		memset(table_page, 0, sizeof(table_page));
		pvboot_fill_tables(&l, &m);
	}
	return 0;
}
