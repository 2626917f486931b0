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
#include <stdint.h>
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
#include <libxenvchan.h>
#include <xen/version.h>
#include <xen/io/xs_wire.h>

#define T "xenlibtest"

/* xen/memory.h's tools-only part (__XEN_TOOLS__), which apps do not see. */
#ifndef XENMEM_resource_grant_table
#define XENMEM_resource_grant_table	      1
#define XENMEM_resource_grant_table_id_shared 0
#endif

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

/* Where a hypercall's buffer may lie: Xen copies a PV guest's arguments
 * from its virtual addresses (copy_from/to_guest), so a buffer across a
 * page boundary, on the stack or in plain malloc'd memory works as well
 * as a libxencall buffer; EFAULT would mean a page not mapped. */
static void test_call_buffers(void)
{
	xencall_handle *xc = xencall_open(NULL, 0);
	xen_compile_info_t stack_info;
	char *pages, *heap;
	long v;

	if (!app_check(xc != NULL, "xencall_open (buffers)", "errno %d", errno))
		return;
	pages = xencall_alloc_buffer_pages(xc, 2);
	if (app_check(pages != NULL, "two buffer pages", "errno %d", errno)) {
		xen_compile_info_t *ci =
		    (xen_compile_info_t *)(pages + 4096 - 100);
		v = xencall2(xc, __HYPERVISOR_xen_version, XENVER_compile_info,
			     (uint64_t)(uintptr_t)ci);
		app_check(v == 0 && ci->compiler[0], "buffer across a page",
			  "rc %ld errno %d", v, errno);
		xencall_free_buffer_pages(xc, pages, 2);
	}
	v = xencall2(xc, __HYPERVISOR_xen_version, XENVER_compile_info,
		     (uint64_t)(uintptr_t)&stack_info);
	app_check(v == 0 && stack_info.compiler[0], "stack buffer",
		  "rc %ld errno %d", v, errno);
	heap = malloc(3 * 4096);
	if (heap) {
		xen_compile_info_t *ci = (xen_compile_info_t *)(heap + 8190);
		v = xencall2(xc, __HYPERVISOR_xen_version, XENVER_compile_info,
			     (uint64_t)(uintptr_t)ci);
		app_check(v == 0 && ci->compiler[0], "malloc'd buffer",
			  "rc %ld errno %d", v, errno);
		free(heap);
	}
	v = xencall2(xc, __HYPERVISOR_xen_version, XENVER_compile_info, 16);
	app_check(v == -1 && errno == EFAULT, "unmapped buffer: EFAULT",
		  "rc %ld errno %d", v, errno);
	xencall_close(xc);
}

/* Links libxendevicemodel in; an unprivileged guest can do no dm_op. */
static void test_devicemodel(void)
{
	xendevicemodel_handle *dm = xendevicemodel_open(NULL, 0);

	ioservid_t id = 0;
	int rc;

	app_check(dm != NULL, "xendevicemodel_open", "errno %d", errno);
	/* dm_op through libxencall's buffers: refused (dom0 is no HVM
	 * domain of ours), never EFAULT. */
	rc = xendevicemodel_create_ioreq_server(dm, 0, 0, &id);
	app_check(rc == -1 && errno != EFAULT, "dm_op refused, not EFAULT",
		  "rc %d errno %d", rc, errno);
	printf(T ": dm_op on dom0: errno %d\n", errno);
	app_check(xendevicemodel_close(dm) == 0, "xendevicemodel_close",
		  "errno %d", errno);
}

/* A watch on a node of our home: the initial event, one per write, the
 * fd readable while events are queued, none after xs_unwatch. */
static void test_watch(void)
{
	struct xs_handle *xs = xs_open(0);
	char path[64], **ev;
	struct pollfd pfd;
	int rc, n = 0;

	if (!app_check(xs != NULL, "xs_open (watch)", "errno %d", errno))
		return;
	snprintf(path, sizeof(path), "/local/domain/%u/data/xlt-watch", domid);
	app_check(xs_watch(xs, path, "tok1"), "xs_watch", "errno %d", errno);
	pfd = (struct pollfd){.fd = xs_fileno(xs), .events = POLLIN};
	rc = poll(&pfd, 1, 10000); /* xenstored fires a new watch at once */
	ev = rc == 1 ? xs_check_watch(xs) : NULL;
	app_check(ev && !strcmp(ev[XS_WATCH_PATH], path) &&
		      !strcmp(ev[XS_WATCH_TOKEN], "tok1"),
		  "initial watch event", "poll %d ev %s", rc,
		  ev ? ev[XS_WATCH_PATH] : "(none)");
	free(ev);
	ev = xs_check_watch(xs);
	app_check(!ev && errno == EAGAIN, "no second event", "%p", (void *)ev);
	xs_write(xs, XBT_NULL, "data/xlt-watch", "1", 1);
	ev = xs_read_watch(xs, NULL);
	app_check(ev && !strcmp(ev[XS_WATCH_PATH], path), "event on write",
		  "%s", ev ? ev[XS_WATCH_PATH] : "(none)");
	free(ev);
	app_check(xs_unwatch(xs, path, "tok1"), "xs_unwatch", "errno %d",
		  errno);
	xs_write(xs, XBT_NULL, "data/xlt-watch", "2", 1);
	while (poll(&pfd, 1, 500) == 1 && (ev = xs_check_watch(xs))) {
		free(ev);
		n++;
	}
	app_check(n == 0, "no event after unwatch", "%d events", n);
	xs_rm(xs, XBT_NULL, "data/xlt-watch");
	xs_close(xs);
}

/* Permissions set in a transaction and read back. */
static void test_perms(void)
{
	struct xs_handle *xs = xs_open(0);
	struct xs_permissions set[2] = {{domid, XS_PERM_NONE},
					{0, XS_PERM_READ}},
			      *got;
	unsigned int n = 0;
	xs_transaction_t t;

	if (!app_check(xs != NULL, "xs_open (perms)", "errno %d", errno))
		return;
	t = xs_transaction_start(xs);
	app_check(t != XBT_NULL, "transaction start", "errno %d", errno);
	app_check(xs_write(xs, t, "data/xlt-perm", "x", 1) &&
		      xs_set_permissions(xs, t, "data/xlt-perm", set, 2),
		  "write + set_permissions", "errno %d", errno);
	app_check(xs_transaction_end(xs, t, false), "transaction end",
		  "errno %d", errno);
	got = xs_get_permissions(xs, XBT_NULL, "data/xlt-perm", &n);
	app_check(got && n == 2 && got[0].id == domid &&
		      got[0].perms == XS_PERM_NONE && got[1].id == 0 &&
		      got[1].perms == XS_PERM_READ,
		  "get_permissions", "n %u [%u %u] [%u %u]", n,
		  got ? got[0].id : 0, got ? got[0].perms : 0,
		  got && n > 1 ? got[1].id : 0,
		  got && n > 1 ? got[1].perms : 0);
	free(got);
	xs_rm(xs, XBT_NULL, "data/xlt-perm");
	xs_close(xs);
}

#define VCHAN_BYTES (1u << 20)

static uint8_t pattern(uint32_t i, int dir)
{
	return (uint8_t)(i * 7u + (i >> 12) + (unsigned)dir * 13u);
}

struct stream {
	uint32_t sent, got, bad;
};

/* Moves what fits from one end of the pair to the other; returns the
 * bytes moved. */
static int pump(struct libxenvchan *from, struct libxenvchan *to,
		struct stream *st, int dir)
{
	uint8_t buf[3000];
	int n, moved = 0, i;

	n = (int)(VCHAN_BYTES - st->sent < sizeof(buf) ? VCHAN_BYTES - st->sent
						       : sizeof(buf));
	for (i = 0; i < n; i++)
		buf[i] = pattern(st->sent + (uint32_t)i, dir);
	n = n ? libxenvchan_write(from, buf, (size_t)n) : 0;
	if (n > 0) {
		st->sent += (uint32_t)n;
		moved += n;
	}
	n = libxenvchan_read(to, buf, sizeof(buf));
	for (i = 0; i < n; i++)
		st->bad += buf[i] != pattern(st->got + (uint32_t)i, dir);
	if (n > 0) {
		st->got += (uint32_t)n;
		moved += n;
	}
	return moved;
}

/* Clears a vchan's pending event if its fd says there is one. */
static int settle(struct libxenvchan *c, int timeout_ms)
{
	struct pollfd p = {.fd = libxenvchan_fd_for_select(c),
			   .events = POLLIN};
	int rc = poll(&p, 1, timeout_ms);

	if (rc == 1)
		libxenvchan_wait(c);
	return rc;
}

/* A vchan server and client in this domain, against itself: 1 MiB each
 * way through 16 KiB rings (4 granted pages each, mapped contiguously),
 * then the client closes and the server sees it (unmap notify). */
static void test_vchan(void)
{
	char path[64];
	struct libxenvchan *srv, *cli = NULL;
	struct stream up = {0}, down = {0};
	int idle = 0;

	snprintf(path, sizeof(path), "/local/domain/%u/data/xlt-vchan", domid);
	srv = libxenvchan_server_init(NULL, (int)domid, path, 16384, 16384);
	if (!app_check(srv != NULL, "vchan server_init", "errno %d", errno))
		return;
	cli = libxenvchan_client_init(NULL, (int)domid, path);
	if (!app_check(cli != NULL, "vchan client_init", "errno %d", errno))
		goto out;
	srv->blocking = 0;
	cli->blocking = 0;
	settle(srv, 0);
	app_check(libxenvchan_is_open(srv) == 1 && libxenvchan_is_open(cli),
		  "vchan open", "srv %d cli %d", libxenvchan_is_open(srv),
		  libxenvchan_is_open(cli));
	while ((up.got < VCHAN_BYTES || down.got < VCHAN_BYTES) && idle < 3) {
		int moved = pump(cli, srv, &up, 0) + pump(srv, cli, &down, 1);
		settle(srv, 0);
		settle(cli, 0);
		if (moved) {
			idle = 0;
		} else if (settle(srv, 2000) <= 0 && settle(cli, 2000) <= 0) {
			idle++;
		}
	}
	app_check(up.got == VCHAN_BYTES && down.got == VCHAN_BYTES && !up.bad &&
		      !down.bad,
		  "vchan 1 MiB each way", "up %u/%u bad %u, down %u/%u bad %u",
		  up.got, up.sent, up.bad, down.got, down.sent, down.bad);
	libxenvchan_close(cli);
	cli = NULL;
	settle(srv, 5000);
	app_check(libxenvchan_is_open(srv) == 0, "server sees the client go",
		  "is_open %d", libxenvchan_is_open(srv));
out:
	libxenvchan_close(cli);
	libxenvchan_close(srv);
}

/* An unprivileged domain may not acquire a domain's resources, not even
 * its own (Xen: rcu_lock_remote_domain_by_id, XSM_DM_PRIV): the size
 * query and the mapping both fail with EPERM, not with a crash. */
static void test_resource(void)
{
	xenforeignmemory_handle *fm = xenforeignmemory_open(NULL, 0);
	xenforeignmemory_resource_handle *res;
	size_t size = 0;
	void *addr = NULL;
	int rc;

	if (!app_check(fm != NULL, "xenforeignmemory_open", "errno %d", errno))
		return;
	rc = xenforeignmemory_resource_size(
	    fm, (domid_t)domid, XENMEM_resource_grant_table,
	    XENMEM_resource_grant_table_id_shared, &size);
	app_check(rc == -1 && errno == EPERM, "own resource size: EPERM",
		  "rc %d errno %d size %zu", rc, errno, size);
	res = xenforeignmemory_map_resource(
	    fm, (domid_t)domid, XENMEM_resource_grant_table,
	    XENMEM_resource_grant_table_id_shared, 0, 1, &addr,
	    PROT_READ | PROT_WRITE, 0);
	app_check(res == NULL && errno == EPERM, "own resource map: EPERM",
		  "res %p errno %d", (void *)res, errno);
	if (res)
		xenforeignmemory_unmap_resource(fm, res);
	xenforeignmemory_close(fm);
}

/* The stub domain's QMP path: dom0's vchan-socket-proxy (libxl runs it
 * as the client of the stub domain's vchan) connects to our server and
 * sends 1 MiB, which we echo back (tests/boot/xenlibs/during.sh compares
 * it).  We close once all is echoed; the proxy then exits. */
static void test_dom0_vchan(void)
{
	static uint8_t buf[8192];
	char path[64];
	struct libxenvchan *srv;
	uint32_t echoed = 0;
	int len = 0, off = 0, waits = 0, n;

	snprintf(path, sizeof(path), "/local/domain/%u/data/xlt-dom0", domid);
	srv = libxenvchan_server_init(NULL, 0, path, 16384, 16384);
	if (!app_check(srv != NULL, "dom0 vchan server_init", "errno %d",
		       errno))
		return;
	srv->blocking = 0;
	printf(T ": vchan for dom0 at %s\n", path);
	while (libxenvchan_is_open(srv) != 1 && waits++ < 120)
		settle(srv, 1000);
	app_check(libxenvchan_is_open(srv) == 1, "dom0 client connected",
		  "after %d s", waits);
	waits = 0;
	while (echoed < VCHAN_BYTES && libxenvchan_is_open(srv) == 1 &&
	       waits < 20) {
		if (off == len) {
			off = 0;
			len = libxenvchan_read(srv, buf, sizeof(buf));
			len = len < 0 ? 0 : len;
		}
		n = off < len
			? libxenvchan_write(srv, buf + off, (size_t)(len - off))
			: 0;
		if (n > 0) {
			off += n;
			echoed += (uint32_t)n;
			waits = 0;
		} else if (settle(srv, 1000) <= 0) {
			waits++;
		}
	}
	app_check(echoed == VCHAN_BYTES, "echoed 1 MiB to dom0", "%u bytes",
		  echoed);
	/* The proxy drops what it has not read once we close: wait until
	 * our write ring is empty. */
	waits = 0;
	while (libxenvchan_buffer_space(srv) < (1 << srv->write.order) &&
	       libxenvchan_is_open(srv) == 1 && waits++ < 100)
		settle(srv, 100);
	app_check(libxenvchan_buffer_space(srv) == (1 << srv->write.order),
		  "dom0 read it all", "%d bytes left",
		  (1 << srv->write.order) - libxenvchan_buffer_space(srv));
	printf(T ": echoed %u bytes to dom0\n", echoed);
	libxenvchan_close(srv);
}

int main(int argc, char **argv)
{
	app_test_begin(T);
	test_store();
	test_call();
	test_call_buffers();
	test_devicemodel();
	if (domid) {
		test_evtchn();
		test_grants();
		test_foreign(ring_mfn);
		test_resource();
		test_watch();
		test_perms();
		test_vchan();
		if (argc > 1 && !strcmp(argv[argc - 1], "dom0vchan"))
			test_dom0_vchan();
	}
	return app_verdict();
}
