/*
 * gnttab.c - libxengnttab's and libxengntshr's backend on domlet, over
 * the kernel's grant table (gnttab_map_at/gnttab_grant).
 *
 * Mapping (xengnttab_map_*): any count of grants, contiguous in a
 * map-area reservation, one GNTTABOP_map each (all or nothing).
 * Sharing (xengntshr_share_pages): any count, the pages are ours (heap,
 * page aligned), one grant each.  Each handle keeps a list of what it
 * mapped or shared so unmap/unshare can find the handles and references.
 * Grant copy is one GNTTABOP_copy through xen_hypercall.
 *
 * Unmap notification (libxenvchan's way of telling the peer we went):
 * as Linux's gntdev/gntalloc, unmapping or unsharing first clears the
 * byte at the notify offset and then signals the notify port.  There is
 * no process to die here, so it fires only on unmap/unshare/close.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "libc-glue/kapi.h"
#include "xen-private/gnttab/private.h"

#define PAGE_SIZE 4096ul

#define NO_NOTIFY ((uint32_t)-1)

struct region {
	const void *owner; /* the xengnttab/xengntshr handle */
	void *va;
	uint32_t count;
	grant_handle_t *handles;   /* mapping: count handles */
	grant_ref_t *refs;	   /* sharing: count refs */
	uint32_t notify_offset;	   /* byte to clear on unmap, or NO_NOTIFY */
	evtchn_port_t notify_port; /* port to signal on unmap, or NO_NOTIFY */
	struct region *next;
};

/* Checks a notify request against a mapping of count pages. */
static int notify_ok(uint32_t offset, uint32_t count)
{
	return offset == NO_NOTIFY || offset < count * PAGE_SIZE;
}

/* The peer learns we are gone: the byte cleared, then the event. */
static void notify_unmap(struct region *r)
{
	if (r->notify_offset != NO_NOTIFY)
		((volatile uint8_t *)r->va)[r->notify_offset] = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* byte before event */
	if (r->notify_port != NO_NOTIFY)
		evtchn_notify(r->notify_port);
}

static struct region *regions;

static int fail(long kernel_rc)
{
	errno = (int)-kerr(kernel_rc);
	return -1;
}

/* Unlinks and returns owner's region at va, or NULL. */
static struct region *region_take(const void *owner, void *va)
{
	struct region **pp, *r;

	for (pp = &regions; (r = *pp); pp = &r->next)
		if (r->owner == owner && r->va == va) {
			*pp = r->next;
			return r;
		}
	return NULL;
}

int osdep_gnttab_open(xengnttab_handle *xgt)
{
	xgt->fd = -1; /* no fd: nothing to poll on a mapping handle */
	return 0;
}

int osdep_gnttab_close(xengnttab_handle *xgt)
{
	struct region *r = regions;

	/* Unmap what the handle still maps (rescanning: the list changes). */
	while (r) {
		if (r->owner == xgt && !r->refs) {
			osdep_gnttab_unmap(xgt, r->va, r->count);
			r = regions;
		} else {
			r = r->next;
		}
	}
	return 0;
}

int osdep_gnttab_set_max_grants(xengnttab_handle *xgt, uint32_t count)
{
	(void)xgt;
	(void)count;
	return 0; /* no per-handle limit: the kernel's map area bounds it */
}

/* Unmaps the first n grants of r and frees r and its address range. */
static int unmap_region(struct region *r, uint32_t n)
{
	uint32_t i;
	int rc = 0, e;

	for (i = 0; i < n; i++) {
		e = gnttab_unmap_at((char *)r->va + i * PAGE_SIZE,
				    r->handles[i]);
		if (e < 0)
			rc = e;
	}
	/* A failed unmap leaves the address mapped: never reuse it. */
	if (!rc)
		map_area_free(r->va, r->count);
	free(r->handles);
	free(r);
	return rc;
}

void *osdep_gnttab_grant_map(xengnttab_handle *xgt, uint32_t count, int flags,
			     int prot, uint32_t *domids, uint32_t *refs,
			     uint32_t notify_offset, evtchn_port_t notify_port)
{
	struct region *r;
	uint32_t i;
	int rc;

	if (count == 0 || count > 0x40000 || !notify_ok(notify_offset, count)) {
		errno = EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r)
		r->handles = calloc(count, sizeof(*r->handles));
	if (r && r->handles)
		r->va = map_area_reserve(count);
	if (!r || !r->handles || !r->va) {
		if (r)
			free(r->handles);
		free(r);
		errno = ENOMEM;
		return NULL;
	}
	r->count = count;
	for (i = 0; i < count; i++) {
		/* SINGLE_DOMAIN: one domid for all (map_domain_grant_refs) */
		uint32_t dom = flags & XENGNTTAB_GRANT_MAP_SINGLE_DOMAIN
				   ? domids[0]
				   : domids[i];
		rc = gnttab_map_at((domid_t)dom, refs[i], !(prot & PROT_WRITE),
				   (char *)r->va + i * PAGE_SIZE,
				   &r->handles[i]);
		if (rc < 0) {
			unmap_region(r, i);
			fail(rc);
			return NULL;
		}
	}
	r->owner = xgt;
	r->notify_offset = notify_offset;
	r->notify_port = notify_port;
	r->next = regions;
	regions = r;
	return r->va;
}

int osdep_gnttab_unmap(xengnttab_handle *xgt, void *start_address,
		       uint32_t count)
{
	struct region *r = region_take(xgt, start_address);
	int rc;

	if (!r || r->count != count || r->refs) {
		if (r) { /* not a mapping of this shape: put it back */
			r->next = regions;
			regions = r;
		}
		errno = EINVAL;
		return -1;
	}
	notify_unmap(r);
	rc = unmap_region(r, count);
	return rc < 0 ? fail(rc) : 0;
}

/* One side of a copy: a grant of another domain, or our own bytes (which
 * must not cross a page: Xen copies within one frame per side). */
static int copy_side(struct gnttab_copy_ptr *p,
		     const union xengnttab_copy_ptr *s, bool is_gref,
		     uint16_t len)
{
	uintptr_t va = (uintptr_t)s->virt;

	if (is_gref) {
		p->u.ref = s->foreign.ref;
		p->domid = s->foreign.domid;
		p->offset = s->foreign.offset;
		return 0;
	}
	if ((va & (PAGE_SIZE - 1)) + len > PAGE_SIZE)
		return -1;
	p->u.gmfn = virt_to_mfn(s->virt);
	p->domid = DOMID_SELF;
	p->offset = (uint16_t)(va & (PAGE_SIZE - 1));
	return 0;
}

/* GNTTABOP_copy over all segments; each one's status is Xen's GNTST_*. */
int osdep_gnttab_grant_copy(xengnttab_handle *xgt, uint32_t count,
			    xengnttab_grant_copy_segment_t *segs)
{
	struct gnttab_copy *ops = calloc(count ? count : 1, sizeof(*ops));
	uint64_t args[5] = {GNTTABOP_copy, (uintptr_t)ops, count};
	uint32_t i;
	long rc;

	(void)xgt;
	if (!ops) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < count; i++) {
		xengnttab_grant_copy_segment_t *g = &segs[i];
		if (copy_side(&ops[i].source, &g->source,
			      g->flags & GNTCOPY_source_gref, g->len) ||
		    copy_side(&ops[i].dest, &g->dest,
			      g->flags & GNTCOPY_dest_gref, g->len)) {
			free(ops);
			errno = EINVAL;
			return -1;
		}
		ops[i].len = g->len;
		ops[i].flags = g->flags;
	}
	rc = xen_hypercall(__HYPERVISOR_grant_table_op, args);
	for (i = 0; rc == 0 && i < count; i++)
		segs[i].status = ops[i].status;
	free(ops);
	return rc < 0 ? fail(rc) : 0;
}

int osdep_gnttab_dmabuf_exp_from_refs(xengnttab_handle *xgt, uint32_t domid,
				      uint32_t flags, uint32_t count,
				      const uint32_t *refs, uint32_t *fd)
{
	(void)xgt, (void)domid, (void)flags, (void)count, (void)refs, (void)fd;
	errno = EOPNOTSUPP;
	return -1;
}

int osdep_gnttab_dmabuf_exp_wait_released(xengnttab_handle *xgt, uint32_t fd,
					  uint32_t wait_to_ms)
{
	(void)xgt, (void)fd, (void)wait_to_ms;
	errno = EOPNOTSUPP;
	return -1;
}

int osdep_gnttab_dmabuf_imp_to_refs(xengnttab_handle *xgt, uint32_t domid,
				    uint32_t fd, uint32_t count, uint32_t *refs)
{
	(void)xgt, (void)domid, (void)fd, (void)count, (void)refs;
	errno = EOPNOTSUPP;
	return -1;
}

int osdep_gnttab_dmabuf_imp_release(xengnttab_handle *xgt, uint32_t fd)
{
	(void)xgt, (void)fd;
	errno = EOPNOTSUPP;
	return -1;
}

int osdep_gntshr_open(xengntshr_handle *xgs)
{
	xgs->fd = -1;
	return 0;
}

int osdep_gntshr_close(xengntshr_handle *xgs)
{
	(void)xgs; /* shares outlive the handle, as on Linux while mapped */
	return 0;
}

/* Ends the first n grants of r; the pages are freed only if all ended
 * (a page the peer still maps must never be reused). */
static int unshare(struct region *r, uint32_t n)
{
	uint32_t i;
	int busy = 0;

	for (i = 0; i < n; i++)
		if (gnttab_end(r->refs[i]) < 0)
			busy = 1;
	if (!busy)
		free(r->va);
	free(r->refs);
	free(r);
	return busy;
}

void *osdep_gntshr_share_pages(xengntshr_handle *xgs, uint32_t domid, int count,
			       uint32_t *refs, int writable,
			       uint32_t notify_offset,
			       evtchn_port_t notify_port)
{
	struct region *r;
	int i;

	if (count <= 0 || count > 0x40000 ||
	    !notify_ok(notify_offset, (uint32_t)count)) {
		errno = EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r)
		r->refs = calloc((size_t)count, sizeof(*r->refs));
	if (r && r->refs)
		r->va = memalign(PAGE_SIZE, (size_t)count * PAGE_SIZE);
	if (!r || !r->refs || !r->va) {
		if (r)
			free(r->refs);
		free(r);
		errno = ENOMEM;
		return NULL;
	}
	memset(r->va, 0, (size_t)count * PAGE_SIZE);
	for (i = 0; i < count; i++) {
		long ref = gnttab_grant(
		    (domid_t)domid, virt_to_mfn((char *)r->va + i * PAGE_SIZE),
		    !writable);
		if (ref < 0) {
			unshare(r, (uint32_t)i);
			fail(ref);
			return NULL;
		}
		refs[i] = r->refs[i] = (grant_ref_t)ref;
	}
	r->owner = xgs;
	r->count = (uint32_t)count;
	r->notify_offset = notify_offset;
	r->notify_port = notify_port;
	r->next = regions;
	regions = r;
	return r->va;
}

int osdep_gntshr_unshare(xengntshr_handle *xgs, void *start_address,
			 uint32_t count)
{
	struct region *r = region_take(xgs, start_address);

	if (!r || !r->refs || r->count != count) {
		if (r) {
			r->next = regions;
			regions = r;
		}
		errno = EINVAL;
		return -1;
	}
	notify_unmap(r);
	if (unshare(r, count)) {
		errno = EBUSY; /* still mapped by the peer: the pages leak */
		return -1;
	}
	return 0;
}

/* munmap of a whole region, whichever handle made it (sys/mman.h shim). */
int xenlibs_munmap(void *addr, size_t len)
{
	struct region *r;

	for (r = regions; r; r = r->next)
		if (r->va == addr)
			break;
	if (!r || len != r->count * PAGE_SIZE) {
		errno = EINVAL;
		return -1;
	}
	if (r->refs)
		return osdep_gntshr_unshare((xengntshr_handle *)r->owner, addr,
					    r->count);
	return osdep_gnttab_unmap((xengnttab_handle *)r->owner, addr, r->count);
}
