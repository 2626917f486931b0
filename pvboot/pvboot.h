/*
 * pvboot.h - the x86_64 PV boot layout, as Xen's domain builder (libxc
 * xc_dom_* for x86_64) lays it out, computed without touching memory.
 *
 * A PV kernel starts with pseudo-physical pages 0..end_pfn-1 mapped 1:1
 * at virt_base: the kernel image (from its lowest segment address), the
 * module (initrd), the p2m list, start_info, the xenstore and console
 * pages, the bootstrap page tables (mapped read-only), a boot stack, and
 * at least 512 KiB of padding, the whole region ending on a 4 MiB
 * boundary (see start_info in Xen's public/xen.h).  The number of table
 * pages depends on the size of the region and the region on the number
 * of table pages, so it is found by iterating as the builder does.
 *
 * One addition for an in-place hand-over (arch/x86/kexec.c): a trampoline
 * page mapped at `tramp_va` in an L4 slot of its own, through three more
 * table pages (an L3, an L2 and an L1) placed after the builder's tables
 * and counted in nr_pt, so the code that switches page tables runs at an
 * address both the old and the new tables map.  The page itself sits
 * right after the boot stack; the 512 KiB padding follows it.
 *
 * Pure code: no kernel or libc calls beyond <string.h>; the inputs come
 * from a kernel's ELF notes and headers (untrusted: every number is
 * range-checked, nothing can overflow).  Host-tested in
 * tests/unit/test_pvboot.c.
 */
#ifndef PVBOOT_PVBOOT_H
#define PVBOOT_PVBOOT_H

#include <stdint.h>

#define PVBOOT_PAGE_SHIFT 12
#define PVBOOT_PAGE_SIZE  4096ull
#define PVBOOT_PAD_PAGES  128u /* the builder's 512 KiB */
#define PVBOOT_TRAMP_PTS  3u   /* L3, L2, L1 for the trampoline */

/* Errors (the same numbers as Linux and newlib). */
#define PVBOOT_ENOMEM (-12) /* the layout needs more pages than there are */
#define PVBOOT_EINVAL (-22) /* impossible addresses */

/* Table entry bits, as the builder writes them. */
#define PVBOOT_PTE_P   0x001ull
#define PVBOOT_PTE_RW  0x002ull
#define PVBOOT_PTE_U   0x004ull
#define PVBOOT_PTE_A   0x020ull
#define PVBOOT_PTE_D   0x040ull
#define PVBOOT_L1_PROT (PVBOOT_PTE_P | PVBOOT_PTE_RW | PVBOOT_PTE_A)
#define PVBOOT_UPPER_PROT                                                      \
	(PVBOOT_PTE_P | PVBOOT_PTE_RW | PVBOOT_PTE_A | PVBOOT_PTE_D |          \
	 PVBOOT_PTE_U)

struct pvboot_req {
	uint64_t virt_base;  /* XEN_ELFNOTE_VIRT_BASE, page aligned */
	uint64_t kern_start; /* lowest virtual address loaded (>= virt_base) */
	uint64_t kern_end;   /* one past the highest (memsz included) */
	uint64_t module_len; /* bytes; 0: no module */
	uint64_t nr_pages;   /* the domain's pages */
	uint64_t tramp_va; /* 0: no trampoline; else page aligned, canonical */
};

/* Every number is a pfn of the new layout unless it says otherwise. */
struct pvboot_layout {
	uint64_t virt_base, nr_pages;
	uint64_t kern_pfn, kern_pages;
	uint64_t mod_pfn, mod_pages; /* mod_pages 0: no module */
	uint64_t p2m_pfn, p2m_pages;
	uint64_t si_pfn, store_pfn, cons_pfn;
	uint64_t pt_pfn, nr_pt; /* every table page, trampoline's included */
	uint32_t nr_l3, nr_l2, nr_l1; /* the builder's (plus one L4) */
	uint64_t stack_pfn;
	uint64_t tramp_pfn, tramp_va; /* tramp_va 0: none */
	uint64_t end_pfn;	      /* pfns 0..end_pfn-1 are mapped */
	/* First (48-bit) address each level's tables cover. */
	uint64_t l3_from, l2_from, l1_from;
};

/* 0, PVBOOT_ENOMEM (out->end_pfn then says how many pages it needs), or
 * PVBOOT_EINVAL. */
int pvboot_plan(const struct pvboot_req *req, struct pvboot_layout *out);

/* Virtual address of a pfn of the layout. */
uint64_t pvboot_va(const struct pvboot_layout *l, uint64_t pfn);

/* The builder's table count for a region [virt_base, virt_base+bytes):
 * one L4 plus *l3, *l2, *l1 tables. */
void pvboot_count_tables(uint64_t virt_base, uint64_t bytes, uint32_t *l3,
			 uint32_t *l2, uint32_t *l1);

/* Where the tables are written and what frames they point at. */
struct pvboot_mem {
	/* The zeroed page of table pfn (pt_pfn <= pfn < pt_pfn + nr_pt). */
	uint64_t *(*table)(void *ctx, uint64_t pfn);
	/* The machine frame of a pfn below end_pfn. */
	uint64_t (*mfn)(void *ctx, uint64_t pfn);
	void *ctx;
};

/* Writes every table entry: table pages mapped read-only, every other
 * page read-write, the trampoline page once more at tramp_va (read-only,
 * executable). */
void pvboot_fill_tables(const struct pvboot_layout *l,
			const struct pvboot_mem *m);

#endif
