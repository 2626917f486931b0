/*
 * foreignmemory.c - libxenforeignmemory's backend on domlet: another
 * domain's frames mapped into our map area by the kernel
 * (map_foreign_frames: the PV way, a page-table entry naming the frame
 * with the other domain as its owner; Xen checks we are privileged over
 * it).  Frames are GFNs of a translated (HVM) domain, MFNs of a PV one.
 *
 * Resources (xenforeignmemory_map_resource, XENMEM_acquire_resource: the
 * ioreq server's pages, a domain's grant table): Xen hands a PV caller
 * the machine frames, owned by the target, which the kernel maps
 * untranslated (map_foreign_mfns).  Xen lets only a domain privileged
 * over the target (a stub domain over its guest, dom0) acquire them,
 * never a domain its own.
 */
#include <errno.h>
#include <pthread.h>
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

/*
 * The mappings made by osdep_xenforeignmemory_map, so that munmap can
 * undo them (QEMU's map cache munmaps its buckets when it remaps one
 * or when Xen asks it to invalidate them; on Linux they are privcmd
 * mappings): libc-glue's munmap calls glue_munmap_other for an address
 * it did not map.  A short list: a device model holds one mapping per
 * MiB bucket of its guest it touched.
 */
struct fmap {
	struct fmap *next;
	void *va;
	size_t num; /* pages */
};
static struct fmap *fmaps;
static pthread_mutex_t fmaps_lock = PTHREAD_MUTEX_INITIALIZER;

/* Removes va's entry and returns its page count; 0 when va is not
 * listed or (len non-zero) len is not the whole mapping: its length, or
 * less but within its last page. */
static size_t fmap_take(void *va, size_t len)
{
	struct fmap **pp, *m;
	size_t num = 0;

	pthread_mutex_lock(&fmaps_lock);
	for (pp = &fmaps; (m = *pp); pp = &m->next)
		if (m->va == va) {
			if (!len || (len <= m->num * 4096 &&
				     m->num * 4096 - len < 4096)) {
				*pp = m->next;
				num = m->num;
				free(m);
			}
			break;
		}
	pthread_mutex_unlock(&fmaps_lock);
	return num;
}

int glue_munmap_other(void *addr, size_t len);
int glue_munmap_other(void *addr, size_t len)
{
	size_t num = len ? fmap_take(addr, len) : 0;

	if (!num)
		return -EINVAL;
	return unmap_frames(addr, (unsigned int)num) < 0 ? -EINVAL : 0;
}

void *osdep_xenforeignmemory_map(xenforeignmemory_handle *fmem, uint32_t dom,
				 void *addr, int prot, int flags, size_t num,
				 const xen_pfn_t arr[], int err[])
{
	struct fmap *m;
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
	m = malloc(sizeof(*m));
	if (!m) {
		errno = ENOMEM;
		return NULL;
	}
	va = map_foreign_frames((domid_t)dom, arr, (unsigned int)num,
				prot & PROT_WRITE, err);
	if (va) {
		m->va = va;
		m->num = num;
		pthread_mutex_lock(&fmaps_lock);
		m->next = fmaps;
		fmaps = m;
		pthread_mutex_unlock(&fmaps_lock);
	} else {
		free(m);
	}
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
	fmap_take(addr, 0);
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

/* XENMEM_acquire_resource: the size of fres's resource (frame_list NULL,
 * nr_frames 0), or its frames' MFNs into list.  0 or a newlib errno. */
static int acquire(xenforeignmemory_resource_handle *fres, uint64_t *list)
{
	struct xen_mem_acquire_resource xmar = {
	    .domid = fres->domid,
	    .type = (uint16_t)fres->type,
	    .id = fres->id,
	    .nr_frames = list ? (uint32_t)fres->nr_frames : 0,
	    .frame = list ? fres->frame : 0,
	};
	uint64_t args[5] = {XENMEM_acquire_resource, (uintptr_t)&xmar};
	long rc;

	set_xen_guest_handle(xmar.frame_list, list);
	rc = kerr(xen_hypercall(__HYPERVISOR_memory_op, args));
	if (rc < 0)
		return (int)-rc;
	if (!list)
		fres->nr_frames = xmar.nr_frames;
	return 0;
}

/* nr_frames 0 asks only the resource's size
 * (xenforeignmemory_resource_size); otherwise the frames are acquired
 * and mapped at an address of ours (no placement: addr must be NULL). */
int osdep_xenforeignmemory_map_resource(xenforeignmemory_handle *fmem,
					xenforeignmemory_resource_handle *fres)
{
	uint64_t *mfns;
	int *errs, e;
	size_t n = fres->nr_frames, i;

	(void)fmem;
	if (!n) {
		e = acquire(fres, NULL);
		goto out;
	}
	if (fres->addr || n > 0x40000 || fres->frame + n < fres->frame) {
		errno = EINVAL;
		return -1;
	}
	mfns = calloc(n, sizeof(*mfns));
	errs = calloc(n, sizeof(*errs));
	e = mfns && errs ? acquire(fres, mfns) : ENOMEM;
	if (!e) {
		fres->addr =
		    map_foreign_mfns(fres->domid, mfns, (unsigned int)n,
				     fres->prot & PROT_WRITE, errs);
		/* All or nothing, as Linux's privcmd: a partly mapped
		 * ioreq page is of no use. */
		for (i = 0; i < n && fres->addr; i++)
			if (errs[i]) {
				e = (int)-kerr(errs[i]);
				unmap_frames(fres->addr, (unsigned int)n);
				fres->addr = NULL;
			}
		if (!fres->addr && !e) /* no address space, or all failed */
			e = errs[0] ? (int)-kerr(errs[0]) : ENOMEM;
	}
	free(errs);
	free(mfns);
out:
	if (e) {
		errno = e;
		return -1;
	}
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
