/*
 * foreignmemory.c - libxenforeignmemory's backend on domlet: another
 * domain's frames mapped into our map area by the kernel
 * (map_foreign_frames: the PV way, a page-table entry naming the frame
 * with the other domain as its owner; Xen checks we are privileged over
 * it).  Frames are GFNs of a translated (HVM) domain, MFNs of a PV one.
 *
 * Resources (xenforeignmemory_map_resource, XENMEM_acquire_resource: the
 * ioreq server's pages): only the size query for now.  Mapping them needs
 * page-table updates that do not translate the frame numbers
 * (MMU_PT_UPDATE_NO_TRANSLATE), which the kernel does not offer yet.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "libc-glue/kapi.h"
#include "xen-private/foreignmemory/private.h"
#include <xen/memory.h>

int osdep_xenforeignmemory_open(xenforeignmemory_handle *fmem)
{
	fmem->fd = -1;
	return 0;
}

int osdep_xenforeignmemory_close(xenforeignmemory_handle *fmem)
{
	(void)fmem;
	return 0;
}

void *osdep_xenforeignmemory_map(xenforeignmemory_handle *fmem, uint32_t dom,
				 void *addr, int prot, int flags, size_t num,
				 const xen_pfn_t arr[], int err[])
{
	void *va;
	size_t i;

	(void)fmem;
	(void)flags;
	if (addr) { /* a placement (MAP_FIXED-like): not possible here */
		errno = EINVAL;
		return NULL;
	}
	if (num == 0 || num > 0x40000) { /* 1 GiB: the whole map area */
		errno = EINVAL;
		return NULL;
	}
	va = map_foreign_frames((domid_t)dom, arr, (unsigned int)num,
				prot & PROT_WRITE, err);
	/* err[] holds kernel (Linux) numbers: the caller sees newlib's. */
	for (i = 0; i < num; i++)
		err[i] = (int)kerr(err[i]);
	if (!va)
		errno = num == 1 ? -err[0] : ENOMEM;
	return va;
}

int osdep_xenforeignmemory_unmap(xenforeignmemory_handle *fmem, void *addr,
				 size_t num)
{
	(void)fmem;
	if (unmap_frames(addr, (unsigned int)num) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int osdep_xenforeignmemory_restrict(xenforeignmemory_handle *fmem,
				    domid_t domid)
{
	(void)fmem;
	(void)domid;
	errno = EOPNOTSUPP;
	return -1;
}

/* nr_frames 0 asks only the resource's size (xenforeignmemory_resource_size).
 */
int osdep_xenforeignmemory_map_resource(xenforeignmemory_handle *fmem,
					xenforeignmemory_resource_handle *fres)
{
	struct xen_mem_acquire_resource xmar = {
	    .domid = fres->domid,
	    .type = (uint16_t)fres->type,
	    .id = fres->id,
	};
	uint64_t args[5] = {XENMEM_acquire_resource, (uintptr_t)&xmar};
	long rc;

	(void)fmem;
	if (fres->nr_frames) {
		errno = EOPNOTSUPP; /* see the top of this file */
		return -1;
	}
	rc = kerr(xen_hypercall(__HYPERVISOR_memory_op, args));
	if (rc < 0) {
		errno = (int)-rc;
		return -1;
	}
	fres->nr_frames = xmar.nr_frames;
	return 0;
}

int osdep_xenforeignmemory_unmap_resource(
    xenforeignmemory_handle *fmem, xenforeignmemory_resource_handle *fres)
{
	(void)fmem;
	if (fres->addr && fres->nr_frames)
		return unmap_frames(fres->addr, (unsigned int)fres->nr_frames) <
			       0
			   ? -1
			   : 0;
	return 0;
}
