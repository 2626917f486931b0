/*
 * xenctrl.c - domlet's libxenctrl: the few libxc calls QEMU 7.2's Xen
 * device model makes (declared in xenlibs/shim/xenctrl.h), issued as
 * Xen's libxc issues them (tools/libs/ctrl/xc_domain.c): through
 * libxencall, with hypercall arguments in libxencall's buffers.
 *
 * OS-independent (no kernel API here: libxencall's backend,
 * xenlibs/call.c, is the one that reaches Xen), so the xen-libs port
 * compiles it into libxenctrl.a with Xen's own libraries.  Xen checks
 * every call against the caller's rights: a stub domain may touch only
 * its target (xc_domain_set_target), and gets EPERM for any other
 * domain.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xencall.h>
#include <xenctrl.h>

struct xc_interface_core {
	xencall_handle *xcall;
};

xc_interface *xc_interface_open(xentoollog_logger *logger,
				xentoollog_logger *dombuild_logger,
				unsigned int open_flags)
{
	xc_interface *xch;

	(void)dombuild_logger, (void)open_flags;
	xch = calloc(1, sizeof(*xch));
	if (!xch)
		return NULL;
	xch->xcall = xencall_open(logger, 0);
	if (!xch->xcall) {
		free(xch);
		return NULL;
	}
	return xch;
}

int xc_interface_close(xc_interface *xch)
{
	int rc;

	if (!xch)
		return 0;
	rc = xencall_close(xch->xcall);
	free(xch);
	return rc;
}

/* One HVMOP_{get,set}_param; the struct lives in a hypercall buffer. */
static int hvm_param(xc_interface *xch, unsigned int op, uint32_t dom,
		     uint32_t param, uint64_t *value)
{
	xen_hvm_param_t *arg;
	int rc;

	arg = xencall_alloc_buffer(xch->xcall, sizeof(*arg));
	if (!arg)
		return -1;
	memset(arg, 0, sizeof(*arg));
	arg->domid = (domid_t)dom;
	arg->index = param;
	arg->value = *value;
	rc = xencall2(xch->xcall, __HYPERVISOR_hvm_op, op,
		      (uint64_t)(uintptr_t)arg);
	if (rc == 0)
		*value = arg->value;
	xencall_free_buffer(xch->xcall, arg);
	return rc;
}

int xc_hvm_param_get(xc_interface *xch, uint32_t dom, uint32_t param,
		     uint64_t *value)
{
	*value = 0;
	return hvm_param(xch, HVMOP_get_param, dom, param, value);
}

int xc_hvm_param_set(xc_interface *xch, uint32_t dom, uint32_t param,
		     uint64_t value)
{
	return hvm_param(xch, HVMOP_set_param, dom, param, &value);
}

int xc_get_hvm_param(xc_interface *xch, uint32_t dom, int param,
		     unsigned long *value)
{
	uint64_t v;
	int rc;

	rc = xc_hvm_param_get(xch, dom, (uint32_t)param, &v);
	if (rc < 0)
		return rc;
	*value = (unsigned long)v;
	return 0;
}

int xc_set_hvm_param(xc_interface *xch, uint32_t dom, int param,
		     unsigned long value)
{
	return xc_hvm_param_set(xch, dom, (uint32_t)param, value);
}

int xc_domain_populate_physmap(xc_interface *xch, uint32_t domid,
			       unsigned long nr_extents,
			       unsigned int extent_order,
			       unsigned int mem_flags, xen_pfn_t *extent_start)
{
	struct xen_memory_reservation *res;
	xen_pfn_t *frames;
	size_t len = nr_extents * sizeof(*frames);
	long rc = -1;

	if (nr_extents > (size_t)-1 / sizeof(*frames)) {
		errno = EINVAL;
		return -1;
	}
	/* Xen reads the frames and writes them back: both in buffers. */
	res = xencall_alloc_buffer(xch->xcall, sizeof(*res));
	frames = xencall_alloc_buffer(xch->xcall, len ? len : 1);
	if (!res || !frames)
		goto out;
	memcpy(frames, extent_start, len);
	memset(res, 0, sizeof(*res));
	set_xen_guest_handle(res->extent_start, frames);
	res->nr_extents = nr_extents;
	res->extent_order = extent_order;
	res->mem_flags = mem_flags;
	res->domid = (domid_t)domid;
	rc = xencall2L(xch->xcall, __HYPERVISOR_memory_op,
		       XENMEM_populate_physmap, (uint64_t)(uintptr_t)res);
	if (rc > 0)
		memcpy(extent_start, frames, (size_t)rc * sizeof(*frames));
out:
	if (frames)
		xencall_free_buffer(xch->xcall, frames);
	if (res)
		xencall_free_buffer(xch->xcall, res);
	return (int)rc;
}

int xc_domain_populate_physmap_exact(xc_interface *xch, uint32_t domid,
				     unsigned long nr_extents,
				     unsigned int extent_order,
				     unsigned int mem_flags,
				     xen_pfn_t *extent_start)
{
	int rc;

	rc = xc_domain_populate_physmap(xch, domid, nr_extents, extent_order,
					mem_flags, extent_start);
	if (rc >= 0 && (unsigned long)rc == nr_extents)
		return 0;
	if (rc >= 0) {
		errno = EBUSY;
		rc = -1;
	}
	return rc;
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
	sched_remote_shutdown_t *arg;
	int rc;

	arg = xencall_alloc_buffer(xch->xcall, sizeof(*arg));
	if (!arg)
		return -1;
	arg->domain_id = (domid_t)domid;
	arg->reason = (unsigned int)reason;
	rc = xencall2(xch->xcall, __HYPERVISOR_sched_op,
		      SCHEDOP_remote_shutdown, (uint64_t)(uintptr_t)arg);
	xencall_free_buffer(xch->xcall, arg);
	return rc;
}
