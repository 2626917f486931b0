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
