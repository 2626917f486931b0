/*
 * kexec.c - hands this domain over to another x86_64 PV kernel, started
 * exactly as Xen's domain builder would have started it.
 *
 * The new kernel's pseudo-physical layout is just a new p2m list.  Its
 * boot region (pvboot/pvboot.h: kernel, module, p2m list, start_info,
 * xenstore and console pages, boot page tables, boot stack, padding) is
 * pfns 0..end_pfn-1, backed by frames taken from our page pool now; the
 * xenstore and console frames stay the live rings they are (their pfns
 * in the region point at them).  Every other frame of the domain (our
 * image, page tables, heap, everything) follows in our pfn order as
 * pfns end_pfn..nr_pages-1, each frame exactly once.
 *
 * kexec_load fills the region through our direct map, makes the new
 * table pages read-only there (Xen types no frame as a page table while
 * it is writable anywhere) and maps a trampoline page (kexec_tramp.S) at
 * the same address in both address spaces: our map area's L4 slot, which
 * the new tables reach through three extra table pages.  kexec_exec pins
 * the new L4 (Xen validates the whole tree: the last point where we can
 * still say no), resets what Xen keeps per domain that the next kernel
 * would trip on (kexec_reset.c: frontends, watches, event channels,
 * VIRQs, timers; then the trap table),
 * rewrites the m2p for every frame whose pfn changes (after that our own
 * mfn_to_virt is wrong, so no page-table walk may follow), and jumps to
 * the trampoline, which switches to the new L4, unpins ours (so our old
 * table frames become ordinary memory for the next kernel) and enters it.
 *
 * Trusts the caller for the image (kload/ checked it); every size is
 * still checked against the domain before anything is allocated.
 */
#include <domlet/kernel.h>
#include <string.h>
#include <arch/hypercall.h>
#include <arch/page.h>
#include <arch/x86.h>
#include "pvboot/pvboot.h"

#define M2P	   ((const unsigned long *)MACH2PHYS_VIRT_START)
#define TRAMP_DATA 0x800 /* keep in step with kexec_tramp.S */
#define MAX_SEGS   64

void kexec_reset_domain(void);		       /* kexec_reset.c */
unsigned long kexec_buffer_pfn(const void *p); /* kexec_buffer.c */
extern char kexec_tramp_start[], kexec_tramp_end[];

struct tramp_data {
	struct mmuext_op ops[2]; /* NEW_BASEPTR, UNPIN_TABLE */
	uint64_t entry, rsp, rsi;
};
_Static_assert(__builtin_offsetof(struct tramp_data, entry) == 48,
	       "kexec_tramp.S reads entry at 48");
_Static_assert(__builtin_offsetof(struct tramp_data, rsi) == 64,
	       "kexec_tramp.S reads rsi at 64");

static struct {
	bool loaded;
	struct pvboot_layout l;
	uint32_t *ours;		 /* our pfn of each region pfn's page */
	unsigned long *used;	 /* our pfns given to the region */
	unsigned long *borrowed; /* region pfns lent by a kexec buffer */
	unsigned long nr_borrowed;
	void *tramp_va;		    /* the trampoline, in our map area */
	unsigned long region_pages; /* allocated so far */
	bool tables_ro;
	uint64_t entry;
} k;

/* Our address of the page that holds pfn `pfn` of the new layout. */
static void *rva(uint64_t pfn)
{
	return (void *)pfn_to_virt_addr(k.ours[pfn]);
}

/* The new p2m list is written straight into its pages in the region
 * (the m2p rewrite reads it there too), so no copy of it is needed. */
static uint64_t *p2m_slot(uint64_t pfn)
{
	return (uint64_t *)rva(k.l.p2m_pfn + pfn / 512) + pfn % 512;
}

static uint64_t new_mfn(uint64_t pfn)
{
	return *p2m_slot(pfn);
}

static unsigned long mib(uint64_t pages)
{
	return (unsigned long)((pages + 255) / 256);
}

/* ---- checking the image ---- */

static int check_segments(const struct kexec_image *img, uint64_t *end)
{
	uint64_t prev_end = img->virt_base;
	unsigned int i;

	if (img->nsegs == 0 || img->nsegs > MAX_SEGS)
		return -EINVAL;
	for (i = 0; i < img->nsegs; i++) {
		const struct kexec_segment *s = &img->segs[i];

		if (s->vaddr < prev_end || s->filesz > s->memsz ||
		    s->memsz == 0 || s->vaddr + s->memsz < s->vaddr ||
		    (s->filesz && !s->data))
			return -EINVAL;
		prev_end = s->vaddr + s->memsz;
	}
	*end = prev_end;
	return 0;
}

static int check_image(const struct kexec_image *img, struct pvboot_req *r)
{
	uint64_t end;

	if (check_segments(img, &end)) {
		printk("kexec: the kernel's segments overlap, lie below its "
		       "base or are empty\n");
		return -EINVAL;
	}
	if (img->entry < img->segs[0].vaddr || img->entry >= end ||
	    (img->hypercall_page && (img->hypercall_page < img->segs[0].vaddr ||
				     img->hypercall_page + PAGE_SIZE > end ||
				     (img->hypercall_page & ~PAGE_MASK)))) {
		printk("kexec: entry %lx or hypercall page %lx outside the "
		       "kernel\n",
		       (unsigned long)img->entry,
		       (unsigned long)img->hypercall_page);
		return -EINVAL;
	}
	if (img->cmdline && strlen(img->cmdline) >= MAX_GUEST_CMDLINE) {
		printk("kexec: command line longer than %d bytes\n",
		       MAX_GUEST_CMDLINE - 1);
		return -EINVAL;
	}
	*r = (struct pvboot_req){
	    .virt_base = img->virt_base,
	    .kern_start = img->segs[0].vaddr & PAGE_MASK,
	    .kern_end = end,
	    .module_len = img->module ? img->module_len : 0,
	    .nr_pages = start_info->nr_pages,
	    .tramp_va = (uint64_t)(unsigned long)k.tramp_va,
	};
	return 0;
}

static int plan(const struct pvboot_req *r)
{
	int rc = pvboot_plan(r, &k.l);

	if (rc == PVBOOT_ENOMEM) {
		printk("kexec: the kernel needs %lu MiB, the domain has %lu "
		       "MiB\n",
		       mib(k.l.end_pfn), mib(start_info->nr_pages));
		return -ENOMEM;
	}
	if (rc) {
		printk("kexec: impossible layout (base %lx, kernel %lx-%lx)\n",
		       (unsigned long)r->virt_base,
		       (unsigned long)r->kern_start,
		       (unsigned long)r->kern_end);
		return -EINVAL;
	}
	return 0;
}

/* ---- memory ---- */

static bool is_ring_pfn(uint64_t pfn)
{
	return pfn == k.l.store_pfn || pfn == k.l.cons_pfn;
}

static bool test_bit(const unsigned long *map, uint64_t i)
{
	return (map[i / 64] >> (i % 64)) & 1;
}

static void set_bit(unsigned long *map, uint64_t i)
{
	map[i / 64] |= 1ul << (i % 64);
}

/*
 * Data the caller holds in a kexec buffer (kexec_buffer.c) or a big
 * malloc block (kernel/mm.c) is used where
 * it is: each whole page of a segment's file data or of the module, at
 * the same offset in a page of the buffer as in the region, becomes that
 * region page, with no copy (the kernel and initrd need no second home).
 * Partial pages and the hypercall page are copied as before, so the
 * buffer is never written and a later kexec_load may use it again.
 */
static void borrow_range(uint64_t va, const char *src, uint64_t len,
			 uint64_t hcall)
{
	uint64_t skip = (PAGE_SIZE - (va & ~PAGE_MASK)) & ~PAGE_MASK;

	for (; skip + PAGE_SIZE <= len; skip += PAGE_SIZE) {
		uint64_t pfn = (va + skip - k.l.virt_base) >> PAGE_SHIFT;
		unsigned long ours = kexec_buffer_pfn(src + skip);

		if (ours == ~0ul || va + skip == hcall ||
		    test_bit(k.borrowed, pfn))
			continue;
		k.ours[pfn] = (uint32_t)ours;
		set_bit(k.borrowed, pfn);
		k.nr_borrowed++;
	}
}

static void borrow(const struct kexec_image *img)
{
	unsigned int i;

	for (i = 0; i < img->nsegs; i++)
		if (img->segs[i].filesz)
			borrow_range(img->segs[i].vaddr, img->segs[i].data,
				     img->segs[i].filesz, img->hypercall_page);
	if (k.l.mod_pages)
		borrow_range(pvboot_va(&k.l, k.l.mod_pfn), img->module,
			     img->module_len, 0);
}

/* Bookkeeping (ours[], used[], borrowed[]) and the region's pages. */
static int alloc_region(const struct kexec_image *img)
{
	unsigned long nr = start_info->nr_pages, pfn, need;

	k.ours = calloc(k.l.end_pfn, sizeof(*k.ours));
	k.used = calloc((nr + 63) / 64, sizeof(*k.used));
	k.borrowed = calloc((k.l.end_pfn + 63) / 64, sizeof(*k.borrowed));
	if (!k.ours || !k.used || !k.borrowed)
		return -ENOMEM;
	borrow(img);
	need = k.l.end_pfn - k.nr_borrowed + 16;
	if (free_page_count() < need) {
		printk("kexec: the kernel needs %lu MiB free, %lu MiB of the "
		       "domain's %lu MiB are\n",
		       mib(need), mib(free_page_count()), mib(nr));
		return -ENOMEM;
	}
	for (pfn = 0; pfn < k.l.end_pfn; pfn++) {
		void *page;

		if (is_ring_pfn(pfn) || test_bit(k.borrowed, pfn))
			continue;
		page = alloc_pages(0);
		if (!page)
			return -ENOMEM;
		k.ours[pfn] = (uint32_t)virt_to_pfn(page);
		k.region_pages = pfn + 1;
		memset(page, 0, PAGE_SIZE);
	}
	return 0;
}

/* Our pfn of a machine frame, or ~0 if it is not one of ours. */
static unsigned long our_pfn(unsigned long mfn)
{
	unsigned long pfn = M2P[mfn];

	return pfn < start_info->nr_pages && pfn_to_mfn(pfn) == mfn ? pfn
								    : ~0ul;
}

/* The region's frames first, then every other frame in our pfn order. */
static int build_p2m(void)
{
	unsigned long nr = start_info->nr_pages, pfn, n = 0;
	unsigned long store = our_pfn(start_info->store_mfn);
	unsigned long cons = our_pfn(start_info->console.domU.mfn);

	if (store == ~0ul || cons == ~0ul) {
		printk("kexec: the xenstore or console frame is not ours\n");
		return -EINVAL;
	}
	k.ours[k.l.store_pfn] = (uint32_t)store;
	k.ours[k.l.cons_pfn] = (uint32_t)cons;
	for (pfn = 0; pfn < k.l.end_pfn; pfn++) {
		if (test_bit(k.used, k.ours[pfn])) {
			printk("kexec: a page of the image is given twice\n");
			return -EINVAL;
		}
		set_bit(k.used, k.ours[pfn]);
		*p2m_slot(n++) = pfn_to_mfn(k.ours[pfn]);
	}
	for (pfn = 0; pfn < nr; pfn++)
		if (!test_bit(k.used, pfn))
			*p2m_slot(n++) = pfn_to_mfn(pfn);
	if (n != nr) {
		printk("kexec: p2m has %lu frames, expected %lu\n", n, nr);
		return -EINVAL;
	}
	return 0;
}

/* ---- filling the region ---- */

/* Copies len bytes to region address va (inside the kernel's region). */
static void copy_to_region(uint64_t va, const void *src, uint64_t len)
{
	const char *s = src;

	while (len) {
		uint64_t off = va - k.l.virt_base;
		uint64_t in_page = off & (PAGE_SIZE - 1);
		uint64_t n = PAGE_SIZE - in_page;

		if (n > len)
			n = len;
		if (!test_bit(k.borrowed, off >> PAGE_SHIFT))
			memcpy((char *)rva(off >> PAGE_SHIFT) + in_page, s, n);
		s += n;
		va += n;
		len -= n;
	}
}

static void fill_start_info(const struct kexec_image *img)
{
	start_info_t *si = rva(k.l.si_pfn);

	strncpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic) - 1);
	si->nr_pages = start_info->nr_pages;
	si->shared_info = start_info->shared_info;
	si->flags =
	    start_info->flags & ~(SIF_MOD_START_PFN | SIF_VIRT_P2M_4TOOLS);
	si->store_mfn = start_info->store_mfn;
	si->store_evtchn = start_info->store_evtchn;
	si->console.domU.mfn = start_info->console.domU.mfn;
	si->console.domU.evtchn = start_info->console.domU.evtchn;
	si->pt_base = pvboot_va(&k.l, k.l.pt_pfn);
	si->nr_pt_frames = k.l.nr_pt;
	si->mfn_list = pvboot_va(&k.l, k.l.p2m_pfn);
	if (k.l.mod_pages) {
		si->mod_start = pvboot_va(&k.l, k.l.mod_pfn);
		si->mod_len = img->module_len;
	}
	if (img->cmdline)
		strncpy((char *)si->cmd_line, img->cmdline,
			MAX_GUEST_CMDLINE - 1);
}

static uint64_t *table_page(void *ctx, uint64_t pfn)
{
	(void)ctx;
	return rva(pfn);
}

static uint64_t table_mfn(void *ctx, uint64_t pfn)
{
	(void)ctx;
	return new_mfn(pfn);
}

/* Our direct-map entry of each table page: read-only while they are
 * (about to be) tables, writable again when unloading. */
static int tables_protect(bool ro)
{
	uint64_t pfn, flags = ro ? PTE_KERNEL_RO : PTE_KERNEL_RW;

	for (pfn = k.l.pt_pfn; pfn < k.l.pt_pfn + k.l.nr_pt; pfn++) {
		uint64_t pte = (new_mfn(pfn) << PAGE_SHIFT) | flags |
			       (cpu_has_nx ? _PAGE_NX : 0);
		if (hypercall_update_va_mapping((unsigned long)rva(pfn), pte,
						UVMF_INVLPG))
			return -EINVAL;
	}
	k.tables_ro = ro;
	return 0;
}

static void fill_tramp(const struct kexec_image *img)
{
	char *page = rva(k.l.tramp_pfn);
	struct tramp_data *d = (struct tramp_data *)(page + TRAMP_DATA);

	memcpy(page, kexec_tramp_start, kexec_tramp_end - kexec_tramp_start);
	d->ops[0].cmd = MMUEXT_NEW_BASEPTR;
	d->ops[0].arg1.mfn = new_mfn(k.l.pt_pfn);
	d->ops[1].cmd = MMUEXT_UNPIN_TABLE;
	d->ops[1].arg1.mfn = virt_to_mfn((void *)start_info->pt_base);
	d->entry = img->entry;
	d->rsp = pvboot_va(&k.l, k.l.stack_pfn + 1);
	d->rsi = pvboot_va(&k.l, k.l.si_pfn);
}

static void fill_region(const struct kexec_image *img)
{
	unsigned int i;

	for (i = 0; i < img->nsegs; i++)
		if (img->segs[i].filesz)
			copy_to_region(img->segs[i].vaddr, img->segs[i].data,
				       img->segs[i].filesz);
	/* 64-bit PV stubs are position independent: ours serve anyone. */
	if (img->hypercall_page)
		copy_to_region(img->hypercall_page, hypercall_page, PAGE_SIZE);
	if (k.l.mod_pages)
		copy_to_region(pvboot_va(&k.l, k.l.mod_pfn), img->module,
			       img->module_len);
	fill_start_info(img);
	fill_tramp(img);
	pvboot_fill_tables(&k.l,
			   &(struct pvboot_mem){table_page, table_mfn, NULL});
}

/* The trampoline page at the same address in our tables: executable. */
static int map_tramp(void)
{
	uint64_t pte = (new_mfn(k.l.tramp_pfn) << PAGE_SHIFT) | PTE_KERNEL_RO;

	return hypercall_update_va_mapping((unsigned long)k.tramp_va, pte,
					   UVMF_INVLPG)
		   ? -EINVAL
		   : 0;
}

/* ---- load / unload ---- */

void kexec_unload(void)
{
	uint64_t pfn;

	/* First, so that the frees below never come back here. */
	k.loaded = false;
	mm_big_unlend_all();
	if (k.tramp_va) {
		hypercall_update_va_mapping((unsigned long)k.tramp_va, 0,
					    UVMF_INVLPG);
		map_area_free(k.tramp_va, 1);
	}
	if (k.tables_ro)
		tables_protect(false);
	for (pfn = 0; k.ours && pfn < k.region_pages; pfn++)
		if (!is_ring_pfn(pfn) && !test_bit(k.borrowed, pfn))
			free_pages(rva(pfn), 0);
	free(k.ours);
	free(k.borrowed);
	free(k.used);
	memset(&k, 0, sizeof(k));
}

int kexec_load(const struct kexec_image *img)
{
	struct pvboot_req req;
	int rc;

	kexec_unload();
	k.tramp_va = map_area_reserve(1);
	if (!k.tramp_va) {
		printk("kexec: no address for the trampoline\n");
		return -ENOMEM;
	}
	rc = check_image(img, &req);
	if (!rc)
		rc = plan(&req);
	if (!rc)
		rc = alloc_region(img);
	if (rc == -ENOMEM && k.ours)
		printk("kexec: out of memory laying out %lu MiB\n",
		       mib(k.l.end_pfn));
	if (!rc)
		rc = build_p2m();
	if (rc)
		goto fail;
	fill_region(img);
	if (tables_protect(true) || map_tramp()) {
		printk("kexec: Xen refused to remap the new tables\n");
		rc = -EINVAL;
		goto fail;
	}
	k.loaded = true;
	k.entry = img->entry;
	printk("kexec: loaded: %lu MiB boot region (%lu MiB used in place), "
	       "%lu table pages, entry %lx\n",
	       mib(k.l.end_pfn), mib(k.nr_borrowed), (unsigned long)k.l.nr_pt,
	       (unsigned long)img->entry);
	return 0;
fail:
	kexec_unload();
	return rc;
}

bool kexec_is_loaded(void)
{
	return k.loaded;
}

/* ---- exec ---- */

static int pin_new_tables(void)
{
	struct mmuext_op op = {.cmd = MMUEXT_PIN_L4_TABLE};

	op.arg1.mfn = new_mfn(k.l.pt_pfn);
	return hypercall_mmuext_op(&op, 1);
}

/* Every frame whose pfn changes gets its new pfn in the m2p. */
static void rewrite_m2p(void)
{
	static struct mmu_update u[128];
	unsigned long pfn, nr = start_info->nr_pages;
	unsigned int n = 0, done;

	for (pfn = 0; pfn <= nr; pfn++) {
		if (pfn < nr && M2P[new_mfn(pfn)] != pfn) {
			u[n].ptr =
			    (new_mfn(pfn) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
			u[n++].val = pfn;
		}
		if (n && (n == ARRAY_SIZE(u) || pfn == nr)) {
			if (hypercall_mmu_update(u, n, &done))
				panic("kexec: m2p update failed after %u of %u",
				      done, n);
			n = 0;
		}
	}
}

int kexec_exec(void)
{
	int rc;

	if (!k.loaded) {
		printk("kexec: nothing loaded\n");
		return -EINVAL;
	}
	rc = pin_new_tables();
	if (rc) {
		printk("kexec: Xen refused the new page tables (%d)\n", rc);
		return -EINVAL;
	}
	printk("kexec: jumping to %lx\n", (unsigned long)k.entry);
	kexec_reset_domain();
	console_flush();
	rewrite_m2p();
	/* From here a fault crashes the domain instead of entering our
	 * handlers through tables that are about to go. */
	hypercall_set_trap_table(NULL);
	((void (*)(void))k.tramp_va)();
	panic("kexec: the trampoline returned");
}
