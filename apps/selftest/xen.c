/* xen.c - selftest: event channels, xenstore and grant tables. */
#include "selftest.h"
#include <domlet/printf.h>
#include <domlet/xs_wire.h>
#include <string.h>

static struct waitqueue ev_wq = WAITQUEUE_INIT;
static unsigned int hits_a, hits_b;

static void on_event(evtchn_port_t port, void *data)
{
	(void)port;
	(*(unsigned int *)data)++;
	wake_up(&ev_wq);
}

void test_events(void)
{
	domid_t self = xenbus_domid();
	evtchn_port_t a, b;
	uint64_t deadline = monotonic_ns() + 5 * NSEC_PER_SEC;
	int rc;

	rc = evtchn_alloc_unbound(self, on_event, &hits_a, &a);
	check(rc == 0, "evtchn alloc unbound", "rc %d, port %u", rc, a);
	if (rc)
		return;
	rc = evtchn_bind_interdomain(self, a, on_event, &hits_b, &b);
	check(rc == 0, "evtchn bind interdomain", "rc %d, port %u", rc, b);
	if (rc)
		return;
	/* Binding sets the new local port pending once (Xen covers for
	 * notifications lost while the other end was unbound): let that
	 * arrive, then count from zero. */
	msleep(20);
	hits_a = hits_b = 0;
	evtchn_notify(b);
	wait_event_until(ev_wq, hits_a > 0, deadline);
	evtchn_notify(a);
	wait_event_until(ev_wq, hits_b > 0, deadline);
	check(hits_a == 1 && hits_b == 1, "evtchn send/receive",
	      "port %u got %u, port %u got %u", a, hits_a, b, hits_b);
	evtchn_mask(a);
	evtchn_notify(b);
	msleep(20);
	check(hits_a == 1, "evtchn mask", "masked port got %u", hits_a - 1);
	evtchn_unmask(a);
	wait_event_until(ev_wq, hits_a > 1, deadline);
	check(hits_a == 2, "evtchn unmask delivers pending", "%u", hits_a);
	check(evtchn_close(b) == 0 && evtchn_close(a) == 0, "evtchn close",
	      "both ports");
}

static unsigned int watch_hits;
static struct waitqueue watch_wq = WAITQUEUE_INIT;

static void watch_cb(struct xenbus_watch *w, const char *path)
{
	(void)w;
	(void)path;
	watch_hits++;
	wake_up(&watch_wq);
}

static int tx_body(xbt_t t, void *arg)
{
	int rc = xenbus_write(t, "data/selftest/tx1", "one");

	(void)arg;
	return rc ? rc : xenbus_write(t, "data/selftest/tx2", "two");
}

static void test_xenstore_rw(void)
{
	char buf[64], lsbuf[256];
	const char *names[8];
	struct xs_perm perms[4];
	int rc, n;

	rc = xenbus_write(XBT_NIL, "data/selftest/key", "hello");
	n = xenbus_read(XBT_NIL, "data/selftest/key", buf, sizeof(buf));
	check(rc == 0 && n == 5 && !strcmp(buf, "hello"), "xenstore write/read",
	      "rc %d, read %d \"%s\"", rc, n, n >= 0 ? buf : "");
	n = xenbus_ls(XBT_NIL, "data/selftest", lsbuf, sizeof(lsbuf), names, 8);
	check(n == 1 && !strcmp(names[0], "key"), "xenstore ls", "%d entries",
	      n);
	n = xenbus_get_perms(XBT_NIL, "data/selftest", perms, 4);
	check(n >= 1 && perms[0].domid == xenbus_domid(), "xenstore get perms",
	      "%d entries, owner %u", n, n >= 1 ? perms[0].domid : 0);
	n = xenbus_read(XBT_NIL, "data/selftest/key", buf, 3);
	check(n == -E2BIG, "xenstore read too long", "rc %d", n);
	rc = xenbus_rm(XBT_NIL, "data/selftest/key");
	n = xenbus_read(XBT_NIL, "data/selftest/key", buf, sizeof(buf));
	check(rc == 0 && n == -ENOENT, "xenstore rm", "rc %d, read %d", rc, n);
	rc = xenbus_transaction(tx_body, NULL);
	n = xenbus_read(XBT_NIL, "data/selftest/tx2", buf, sizeof(buf));
	check(rc == 0 && n == 3, "xenstore transaction", "rc %d, read %d", rc,
	      n);
}

static long peer_thread(void *arg)
{
	(void)arg;
	msleep(100);
	xenbus_switch_state("data/selftest/fe", XenbusStateInitialised);
	msleep(100);
	xenbus_switch_state("data/selftest/fe", XenbusStateConnected);
	return 0;
}

/* The frontend helpers against a "backend" played by another thread. */
static void test_state_machine(void)
{
	struct thread *peer;
	XenbusState seen = XenbusStateUnknown;
	uint64_t now = monotonic_ns();
	int rc;

	xenbus_switch_state("data/selftest/fe", XenbusStateInitialising);
	peer = thread_create("peer", peer_thread, NULL);
	rc = xenbus_wait_state("data/selftest/fe", XenbusStateConnected,
			       now + 10 * NSEC_PER_SEC, &seen);
	check(rc == 0 && seen == XenbusStateConnected, "xenbus wait state",
	      "rc %d, state %d", rc, seen);
	if (peer)
		thread_join(peer, NULL);
	rc = xenbus_wait_state("data/selftest/fe", XenbusStateClosed,
			       monotonic_ns() + 300 * NSEC_PER_MSEC, &seen);
	check(rc == -ETIMEDOUT && seen == XenbusStateConnected,
	      "xenbus wait state timeout", "rc %d, state %d", rc, seen);
	xenbus_write(XBT_NIL, "data/selftest/fe/state", "99");
	rc = xenbus_wait_state("data/selftest/fe", XenbusStateClosed,
			       monotonic_ns() + NSEC_PER_SEC, &seen);
	check(rc == -EPROTO, "xenbus bad state value", "rc %d", rc);
	xenbus_rm(XBT_NIL, "data/selftest/fe");
	rc = xenbus_wait_state("data/selftest/fe", XenbusStateClosed,
			       monotonic_ns() + NSEC_PER_SEC, &seen);
	check(rc == -ENODEV, "xenbus state node gone", "rc %d", rc);
}

void test_xenstore(void)
{
	struct xenbus_watch w = {.path = "data/selftest/w", .cb = watch_cb};
	uint64_t deadline = monotonic_ns() + 10 * NSEC_PER_SEC;
	unsigned int before;
	int rc;

	test_xenstore_rw();
	rc = xenbus_watch(&w);
	/* xenstored fires a new watch once at once; wait for that. */
	wait_event_until(watch_wq, watch_hits >= 1, deadline);
	before = watch_hits;
	xenbus_write(XBT_NIL, "data/selftest/w", "x");
	wait_event_until(watch_wq, watch_hits > before, deadline);
	check(rc == 0 && watch_hits > before, "xenstore watch fires",
	      "rc %d, %u events", rc, watch_hits);
	check(xenbus_unwatch(&w) == 0, "xenstore unwatch", "ok");
	test_state_machine();
	xenbus_rm(XBT_NIL, "data/selftest");
}

void test_grants(void)
{
	unsigned int free_before = gnttab_free_count();
	uint64_t *page = alloc_pages(0), *mapped = NULL;
	grant_handle_t handle;
	long ref;
	int rc;

	if (!page) {
		check(false, "grant", "no page");
		return;
	}
	page[0] = 0x1122334455667788ull;
	ref = gnttab_grant(0, virt_to_mfn(page), true);
	check(ref >= 8, "grant to dom0", "ref %ld", ref);
	rc = ref >= 0 ? gnttab_end((grant_ref_t)ref) : -1;
	check(rc == 0 && gnttab_free_count() == free_before, "grant end",
	      "rc %d, %u free (was %u)", rc, gnttab_free_count(), free_before);
	/* Map our own grant: the same path a backend would take. */
	ref = gnttab_grant(xenbus_domid(), virt_to_mfn(page), false);
	rc = ref >= 0 ? gnttab_map(xenbus_domid(), (grant_ref_t)ref, false,
				   (void **)&mapped, &handle)
		      : (int)ref;
	if (rc == 0) {
		mapped[1] = 42;
		check(page[1] == 42 && mapped[0] == page[0], "grant map",
		      "writes through the mapping reach the page");
		rc = gnttab_end((grant_ref_t)ref);
		check(rc == -EBUSY, "grant end while mapped", "rc %d", rc);
		rc = gnttab_unmap(mapped, handle);
		check(rc == 0 && gnttab_end((grant_ref_t)ref) == 0,
		      "grant unmap and end", "rc %d", rc);
	} else {
		check(false, "grant map", "rc %d", rc);
		if (ref >= 0)
			gnttab_end((grant_ref_t)ref);
	}
	free_pages(page, 0);
}
