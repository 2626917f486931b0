/*
 * foreign.c - what Xen's client libraries (xenlibs/, for a device-model
 * stub domain) need of the hypervisor beyond the kernel's own drivers:
 * an arbitrary hypercall (libxencall) and mappings of another domain's
 * frames (libxenforeignmemory).  A stub domain is privileged over its
 * target; Xen checks every call against that, so nothing here does more
 * than pass the request on.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <arch/page.h>

long xen_hypercall(unsigned int nr, const uint64_t args[5])
{
	if (nr >= sizeof(hypercall_page) / 32)
		return -EINVAL;
	return hypercall_raw(nr, args);
}

void *map_foreign_frames(domid_t dom, const uint64_t *frames, unsigned int n,
			 bool writable, int *errs)
{
	char *va = map_area_reserve(n);
	unsigned int i, ok = 0;

	if (!va)
		return NULL;
	/* Xen refuses a domain naming itself as the frames' foreign owner
	 * (ESRCH); our own frames are ours. */
	if (dom == xenbus_domid())
		dom = DOMID_SELF;
	for (i = 0; i < n; i++) {
		uint64_t pte = (frames[i] << PAGE_SHIFT) |
			       (cpu_has_nx ? _PAGE_NX : 0) |
			       (writable ? PTE_KERNEL_RW : PTE_KERNEL_RO);
		errs[i] = hypercall_update_va_mapping_otherdomain(
		    (unsigned long)va + i * PAGE_SIZE, pte, UVMF_INVLPG, dom);
		if (!errs[i])
			ok++;
	}
	if (!ok) {
		map_area_free(va, n);
		return NULL;
	}
	return va;
}

/*
 * The machine address of va's L1 entry, or 0 if a table is missing.
 * va lies in a map_area_reserve()d range, whose tables exist; walks
 * them as mm.c does (each entry's frame back to our address through
 * mfn_to_virt).
 */
static uint64_t l1e_maddr(unsigned long va)
{
	uint64_t *table = (uint64_t *)start_info->pt_base;
	int level;

	for (level = 3; level > 0; level--) {
		uint64_t e = table[(va >> (PAGE_SHIFT + 9 * level)) & 511];

		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return 0;
		table = mfn_to_virt((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
		if (!table)
			return 0;
	}
	uint64_t *l1e = &table[(va >> PAGE_SHIFT) & 511];
	return ((uint64_t)virt_to_mfn(l1e) << PAGE_SHIFT) |
	       ((unsigned long)l1e & (PAGE_SIZE - 1));
}

/*
 * Machine frames that Xen handed out (XENMEM_acquire_resource) are not
 * in dom's physmap, so they are mapped untranslated
 * (MMU_PT_UPDATE_NO_TRANSLATE) with dom as their owner, the way Linux's
 * privcmd maps a resource for a PV caller; Xen checks that each frame
 * belongs to dom and that we may map dom's pages.
 */
void *map_foreign_mfns(domid_t dom, const uint64_t *mfns, unsigned int n,
		       bool writable, int *errs)
{
	char *va = map_area_reserve(n);
	unsigned int i, ok = 0;

	if (!va)
		return NULL;
	if (dom == xenbus_domid())
		dom = DOMID_SELF;
	for (i = 0; i < n; i++) {
		uint64_t ma = l1e_maddr((unsigned long)va + i * PAGE_SIZE);
		struct mmu_update u = {
		    .ptr = ma | MMU_PT_UPDATE_NO_TRANSLATE,
		    .val = (mfns[i] << PAGE_SHIFT) |
			   (cpu_has_nx ? _PAGE_NX : 0) |
			   (writable ? PTE_KERNEL_RW : PTE_KERNEL_RO),
		};
		errs[i] = ma ? hypercall_mmu_update_foreign(&u, 1, NULL, dom)
			     : -EFAULT;
		if (!errs[i])
			ok++;
	}
	/* The new entries are not in the TLB: no flush needed (they were
	 * not present before). */
	if (!ok) {
		map_area_free(va, n);
		return NULL;
	}
	return va;
}
