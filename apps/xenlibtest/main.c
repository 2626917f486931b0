/*
 * xenlibtest: Xen's client libraries (the xen-libs port with xenlibs/,
 * our domlet backends) in an unprivileged PV guest, on what such a
 * guest may do to itself: a hypercall through libxencall, an event
 * channel bound to itself through libxenevtchn (its fd polled), a page
 * shared with itself and mapped back through libxengntshr/libxengnttab,
 * one of its own frames mapped through libxenforeignmemory, and its
 * xenstore home through the xs_* API.  Ends on one verdict line.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenlibs/shim/sys/mman.h" /* PROT_*: domlet has no mmap */
#include <domlet_app.h>
#include <xencall.h>
#include <xendevicemodel.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xenstore.h>
#include <xen/version.h>
#include <xen/io/xs_wire.h>

#define T "xenlibtest"

static unsigned int domid;
static unsigned long ring_mfn;

static void test_store(void)
{
	struct xs_handle *xs = xs_open(0);
	unsigned int len = 0, n = 0, i;
	char *v, **dir;
	bool found = false;

	if (!app_check(xs != NULL, "xs_open", "errno %d", errno))
		return;
	v = xs_read(xs, XBT_NULL, "domid", &len);
	if (app_check(v != NULL, "xs_read domid", "errno %d", errno))
		domid = (unsigned int)strtoul(v, NULL, 10);
	free(v);
	app_check(domid != 0, "own domid", "read %u", domid);
	v = xs_read(xs, XBT_NULL, "store/ring-ref", &len);
	if (app_check(v != NULL, "xs_read store/ring-ref", "errno %d", errno))
		ring_mfn = strtoul(v, NULL, 10);
	free(v);
	app_check(xs_write(xs, XBT_NULL, "data/xenlibtest", "hello", 5),
		  "xs_write", "errno %d", errno);
	v = xs_read(xs, XBT_NULL, "data/xenlibtest", &len);
	app_check(v && len == 5 && !strcmp(v, "hello"), "xs_read back",
		  "got '%s' (%u)", v ? v : "(null)", len);
	free(v);
	dir = xs_directory(xs, XBT_NULL, "data", &n);
	for (i = 0; dir && i < n; i++)
		found |= !strcmp(dir[i], "xenlibtest");
	app_check(found, "xs_directory", "%u names, errno %d", n, errno);
	free(dir);
	app_check(xs_rm(xs, XBT_NULL, "data/xenlibtest"), "xs_rm", "errno %d",
		  errno);
	xs_close(xs);
}

static void test_call(void)
{
	xencall_handle *xc = xencall_open(NULL, 0);
	long v;
	char *extra;

	if (!app_check(xc != NULL, "xencall_open", "errno %d", errno))
		return;
	v = xencall2(xc, __HYPERVISOR_xen_version, XENVER_version, 0);
	app_check(v >= 0 && (v >> 16) >= 4, "xen_version", "%lx", v);
	printf(T ": Xen %ld.%ld\n", v >> 16, v & 0xffff);
	extra = xencall_alloc_buffer(xc, XEN_EXTRAVERSION_LEN);
	if (app_check(extra != NULL, "xencall_alloc_buffer", "errno %d",
		      errno)) {
		v = xencall2(xc, __HYPERVISOR_xen_version, XENVER_extraversion,
			     (uint64_t)(uintptr_t)extra);
		app_check(v == 0 && extra[0] == '.', "buffer argument",
			  "rc %ld '%s'", v, extra);
		xencall_free_buffer(xc, extra);
	}
	v = xencall2(xc, 127, 0, 0);
	app_check(v == -1 && errno == ENOSYS, "unknown hypercall: ENOSYS",
		  "rc %ld errno %d", v, errno);
	xencall_close(xc);
}

static void test_evtchn(void)
{
	xenevtchn_handle *xce = xenevtchn_open(NULL, 0);
	struct pollfd pfd;
	int a, b, p, rc;

	if (!app_check(xce != NULL, "xenevtchn_open", "errno %d", errno))
		return;
	a = xenevtchn_bind_unbound_port(xce, domid);
	app_check(a > 0, "bind_unbound_port", "errno %d", errno);
	b = xenevtchn_bind_interdomain(xce, domid, (evtchn_port_t)a);
	app_check(b > 0, "bind_interdomain to itself", "errno %d", errno);
	pfd = (struct pollfd){.fd = xenevtchn_fd(xce), .events = POLLIN};
	/* Xen sets a port pending when it is bound interdomain: take what
	 * is queued before the notify. */
	while (poll(&pfd, 1, 0) == 1) {
		p = xenevtchn_pending(xce);
		printf(T ": port %d fired on bind\n", p);
		xenevtchn_unmask(xce, (evtchn_port_t)p);
	}
	rc = poll(&pfd, 1, 0);
	app_check(rc == 0, "fd not readable before notify", "poll %d", rc);
	rc = xenevtchn_notify(xce, (evtchn_port_t)b);
	app_check(rc == 0, "notify", "errno %d", errno);
	rc = poll(&pfd, 1, 10000);
	app_check(rc == 1 && (pfd.revents & POLLIN), "fd readable after notify",
		  "poll %d revents %x", rc, pfd.revents);
	p = rc == 1 ? xenevtchn_pending(xce) : -1;
	app_check(p == a, "pending port", "%d, want %d", p, a);
	app_check(xenevtchn_unmask(xce, (evtchn_port_t)p) == 0, "unmask",
		  "errno %d", errno);
	app_check(xenevtchn_unbind(xce, (evtchn_port_t)a) == 0 &&
		      xenevtchn_unbind(xce, (evtchn_port_t)b) == 0,
		  "unbind", "errno %d", errno);
	app_check(xenevtchn_close(xce) == 0, "xenevtchn_close", "errno %d",
		  errno);
}

/* Copies the shared page's first bytes out through its grant. */
static void grant_copy_back(xengnttab_handle *gt, uint32_t ref)
{
	char buf[8] = "";
	xengnttab_grant_copy_segment_t seg = {
	    .source.foreign = {.ref = ref, .offset = 0, .domid = domid},
	    .dest.virt = buf,
	    .len = sizeof(buf),
	    .flags = GNTCOPY_source_gref,
	};

	app_check(xengnttab_grant_copy(gt, 1, &seg) == 0 &&
		      seg.status == GNTST_okay && !strcmp(buf, "Granted"),
		  "grant copy", "errno %d status %d '%.8s'", errno, seg.status,
		  buf);
}

static void test_grants(void)
{
	xengntshr_handle *gs = xengntshr_open(NULL, 0);
	xengnttab_handle *gt = xengnttab_open(NULL, 0);
	uint32_t ref = 0;
	char *shared = NULL, *mapped = NULL;

	if (!app_check(gs && gt, "xengntshr/xengnttab_open", "errno %d", errno))
		goto out;
	shared = xengntshr_share_pages(gs, domid, 1, &ref, 1);
	if (!app_check(shared != NULL, "share a page", "errno %d", errno))
		goto out;
	strcpy(shared, "granted");
	mapped =
	    xengnttab_map_grant_ref(gt, domid, ref, PROT_READ | PROT_WRITE);
	if (app_check(mapped != NULL, "map it back", "errno %d", errno)) {
		app_check(!strcmp(mapped, "granted"), "same bytes", "'%.8s'",
			  mapped);
		mapped[0] = 'G';
		app_check(shared[0] == 'G', "writes seen", "'%.8s'", shared);
		grant_copy_back(gt, ref);
		app_check(xengnttab_unmap(gt, mapped, 1) == 0, "unmap",
			  "errno %d", errno);
	}
	app_check(xengntshr_unshare(gs, shared, 1) == 0, "unshare", "errno %d",
		  errno);
out:
	xengnttab_close(gt);
	xengntshr_close(gs);
}

/* A PV guest names its own frames by MFN, which an app does not see;
 * its xenstore ring's MFN is in xenstore (store/ring-ref), and that ring
 * has carried our requests, so its producer indexes are not zero. */
static void test_foreign(unsigned long ring_mfn)
{
	xenforeignmemory_handle *fm = xenforeignmemory_open(NULL, 0);
	const struct xenstore_domain_interface *intf;
	xen_pfn_t frame = ring_mfn, bad = 0xfffffffffull;
	int err = -1;
	void *map;

	if (!app_check(fm != NULL, "xenforeignmemory_open", "errno %d", errno))
		return;
	map = xenforeignmemory_map(fm, domid, PROT_READ, 1, &frame, &err);
	if (app_check(map && err == 0, "map own xenstore ring",
		      "errno %d err %d", errno, err)) {
		intf = map;
		app_check(intf->req_prod && intf->rsp_prod, "ring seen",
			  "req_prod %u rsp_prod %u", intf->req_prod,
			  intf->rsp_prod);
		app_check(xenforeignmemory_unmap(fm, map, 1) == 0, "unmap",
			  "errno %d", errno);
	}
	map = xenforeignmemory_map(fm, domid, PROT_READ, 1, &bad, &err);
	app_check(map == NULL && err != 0, "a bad frame fails", "err %d", err);
	xenforeignmemory_close(fm);
}

/* Links libxendevicemodel in; an unprivileged guest can do no dm_op. */
static void test_devicemodel(void)
{
	xendevicemodel_handle *dm = xendevicemodel_open(NULL, 0);

	app_check(dm != NULL, "xendevicemodel_open", "errno %d", errno);
	app_check(xendevicemodel_close(dm) == 0, "xendevicemodel_close",
		  "errno %d", errno);
}

int main(void)
{
	app_test_begin(T);
	test_store();
	test_call();
	test_devicemodel();
	if (domid) {
		test_evtchn();
		test_grants();
		test_foreign(ring_mfn);
	}
	return app_verdict();
}
