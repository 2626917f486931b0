/*
 * xenbus.c - blkfront's control path: the xenbus handshake (one state
 * machine over the backend's states, a deadline on every wait), reading
 * the disk's parameters, detach, close and teardown.
 *
 * Trust: every xenstore value is the toolstack's or backend's and is
 * parsed strictly (kparse_ulong) and range-checked; a bad value fails the
 * open naming the key.  A watch on the backend's state node runs in the
 * xenwatch thread: it bumps dev->events (waking the handshake and I/O
 * waiters) and, on a detach (backend Closing/Closed or gone while we are
 * connected), fails in-flight requests with -ENODEV, tells the backend we
 * closed, and tears the device down once the backend has let go, so a
 * `xl block-detach` completes even if the application never looks.
 * Grants are only ended after the backend reports Closed (it unmaps
 * before that); one still mapped after a bounded retry is leaked, never
 * reused.  After a restore, bf_reconnect (driven by pm.c) repeats open's
 * steps for the new domain.
 */
#include <domlet/printf.h>
#include <xen/io/protocols.h>
#include <string.h>
#include "internal.h"

#define END_GRANT_NS (3 * NSEC_PER_SEC) /* teardown waits for unmaps */

static void on_event(evtchn_port_t port, void *data)
{
	struct blkfront *dev = data;

	(void)port;
	dev->events++; /* only wake: handlers run with events masked */
	wake_up(&dev->wq);
}

/* dev->node/key, or the backend's, as a bounded path. */
static int key_path(char *buf, size_t size, const char *dir, const char *key)
{
	return ksnprintf(buf, size, "%s/%s", dir, key) >= (int)size ? -E2BIG
								    : 0;
}

static int read_num(const char *dir, const char *key, unsigned long *val,
		    bool optional, unsigned long dflt)
{
	char path[160];
	int rc = key_path(path, sizeof(path), dir, key);

	if (!rc)
		rc = xenbus_read_ulong(XBT_NIL, path, val);
	if (rc == -ENOENT && optional) {
		*val = dflt;
		return 0;
	}
	if (rc)
		printk("blkfront: %s: %s (%d)\n", path,
		       rc == -ENOENT ? "missing" : "bad value", rc);
	return rc;
}

static int read_bool(const char *dir, const char *key, bool *val)
{
	unsigned long v;
	int rc = read_num(dir, key, &v, true, 0);

	if (!rc && v > 1) {
		printk("blkfront: %s/%s: %lu is not a boolean\n", dir, key, v);
		rc = -EPROTO;
	}
	*val = !rc && v;
	return rc;
}

static int read_be_state(struct blkfront *dev, XenbusState *st)
{
	unsigned long v;
	int rc = xenbus_read_ulong(XBT_NIL, dev->be_state, &v);

	if (rc == -ENOENT) { /* toolstack removed the backend */
		*st = XenbusStateClosed;
		return 0;
	}
	if (rc) {
		printk("blkfront %s: %s: bad value (%d)\n", dev->info.name,
		       dev->be_state, rc);
		return rc;
	}
	if (v > XenbusStateReconfigured) {
		printk("blkfront %s: %s: %lu is not a xenbus state\n",
		       dev->info.name, dev->be_state, v);
		return -EPROTO;
	}
	*st = (XenbusState)v;
	return 0;
}

/* ---- names ---- */

int blkfront_list(unsigned int *ids, unsigned int max)
{
	char buf[256];
	const char *names[32];
	unsigned int i, n = 0;
	int count = xenbus_ls(XBT_NIL, "device/vbd", buf, sizeof(buf), names,
			      ARRAY_SIZE(names));

	if (count == -ENOENT)
		return 0;
	for (i = 0; count > 0 && i < (unsigned int)count && n < max; i++)
		if (bf_parse_name(names[i], &ids[n]) == 0)
			n++;
	return count < 0 ? count : (int)n;
}

/* ---- the ring: allocate, grant, publish ---- */

static int setup_ring(struct blkfront *dev)
{
	unsigned long order;
	unsigned int i;
	int rc = read_num(dev->backend, "max-ring-page-order", &order, true, 0);

	if (rc)
		return rc;
	dev->ring_order =
	    order > BF_MAX_RING_ORDER ? BF_MAX_RING_ORDER : (unsigned int)order;
	dev->sring = alloc_pages(dev->ring_order);
	if (!dev->sring)
		return -ENOMEM;
	rc = blkring_init(&dev->ring, dev->sring, PAGE_SIZE << dev->ring_order);
	if (rc)
		return rc;
	for (i = 0; i < (1u << dev->ring_order); i++) {
		dev->ring_ref[i] = bf_grant_page(
		    dev, (char *)dev->sring + i * PAGE_SIZE, false);
		if (dev->ring_ref[i] < 0)
			return (int)dev->ring_ref[i];
	}
	rc = evtchn_alloc_unbound(dev->backend_id, on_event, dev, &dev->port);
	dev->have_port = rc == 0;
	return rc;
}

static int publish_tx(xbt_t t, void *arg)
{
	struct blkfront *dev = arg;
	char path[96];
	unsigned int i, n = 1u << dev->ring_order;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		if (n == 1)
			rc =
			    key_path(path, sizeof(path), dev->node, "ring-ref");
		else
			rc = ksnprintf(path, sizeof(path), "%s/ring-ref%u",
				       dev->node, i) >= (int)sizeof(path)
				 ? -E2BIG
				 : 0;
		if (!rc)
			rc = xenbus_printf(t, path, "%ld", dev->ring_ref[i]);
	}
	if (!rc && n > 1 &&
	    !(rc = key_path(path, sizeof(path), dev->node, "ring-page-order")))
		rc = xenbus_printf(t, path, "%u", dev->ring_order);
	if (!rc &&
	    !(rc = key_path(path, sizeof(path), dev->node, "event-channel")))
		rc = xenbus_printf(t, path, "%u", dev->port);
	if (!rc && !(rc = key_path(path, sizeof(path), dev->node, "protocol")))
		rc = xenbus_write(t, path, XEN_IO_PROTO_ABI_NATIVE);
	/* We reuse grants (pool.c) whatever the backend offers. */
	if (!rc && !(rc = key_path(path, sizeof(path), dev->node,
				   "feature-persistent")))
		rc = xenbus_write(t, path, "1");
	return rc;
}

/* ---- the disk's parameters, once the backend is Connected ---- */

static int read_limits(struct blkfront *dev)
{
	struct blkfront_info *in = &dev->info;
	unsigned long segs;
	int rc = read_num(dev->backend, "feature-max-indirect-segments", &segs,
			  true, 0);

	if (rc)
		return rc;
	in->indirect_segments = bf_indirect_segments(segs);
	in->ring_pages = 1u << dev->ring_order;
	in->ring_slots = dev->ring.size;
	in->max_request =
	    bf_max_request(in->indirect_segments, in->sector_size);
	return in->max_request ? 0 : -EPROTO;
}

static int read_disk(struct blkfront *dev)
{
	struct blkfront_info *in = &dev->info;
	const char *be = dev->backend;
	unsigned long sectors, info, ss, pss;
	char mode[4] = "";
	char path[160];
	int rc;

	if ((rc = read_num(be, "sectors", &sectors, false, 0)) ||
	    (rc = read_num(be, "info", &info, false, 0)) ||
	    (rc = read_num(be, "sector-size", &ss, false, 0)) ||
	    (rc = read_num(be, "physical-sector-size", &pss, true, ss)))
		return rc;
	if (bf_check_geometry(sectors, ss, pss)) {
		printk("blkfront %s: impossible geometry: %lu sectors, sector "
		       "size %lu, physical %lu\n",
		       in->name, sectors, ss, pss);
		return -EPROTO;
	}
	/* blkback publishes `sectors` in 512-byte units (as Linux uses it). */
	in->sectors = sectors;
	in->sector_size = (uint32_t)ss;
	in->physical_sector_size = (uint32_t)pss;
	if (!key_path(path, sizeof(path), be, "mode"))
		xenbus_read(XBT_NIL, path, mode, sizeof(mode));
	in->read_only = (info & VDISK_READONLY) || !strcmp(mode, "r");
	in->removable = info & VDISK_REMOVABLE;
	in->cdrom = info & VDISK_CDROM;
	if ((rc = read_bool(be, "feature-flush-cache", &in->flush)) ||
	    (rc = read_bool(be, "feature-barrier", &in->barrier)) ||
	    (rc = read_bool(be, "feature-discard", &in->discard)) ||
	    (rc = read_bool(be, "feature-persistent", &in->persistent)))
		return rc;
	return read_limits(dev);
}

static void log_connected(const struct blkfront *dev)
{
	const struct blkfront_info *in = &dev->info;

	printk("blkfront %s: %lu sectors, sector %u/%u%s%s%s; backend %u: "
	       "ring %u pages (%u slots), indirect %u, persistent %d, flush "
	       "%d, barrier %d, discard %d\n",
	       in->name, (unsigned long)in->sectors, in->sector_size,
	       in->physical_sector_size, in->read_only ? ", read-only" : "",
	       in->removable ? ", removable" : "", in->cdrom ? ", cdrom" : "",
	       dev->backend_id, in->ring_pages, in->ring_slots,
	       in->indirect_segments, in->persistent, in->flush, in->barrier,
	       in->discard);
}

/* ---- the handshake: one state machine over the backend's states ---- */

/* One step for backend state st; 1 when connected, 0 to keep waiting. */
static int handshake_step(struct blkfront *dev, XenbusState st, bool *published)
{
	int rc;

	switch (st) {
	case XenbusStateUnknown:
	case XenbusStateInitialising:
	case XenbusStateInitialised:
		return 0;
	case XenbusStateClosed: /* resetting after an earlier session */
		return *published ? -ENODEV : 0;
	case XenbusStateInitWait:
		if (*published)
			return 0;
		if ((rc = setup_ring(dev)) ||
		    (rc = xenbus_transaction(publish_tx, dev)) ||
		    (rc = xenbus_switch_state(dev->node,
					      XenbusStateInitialised)))
			return rc;
		*published = true;
		return 0;
	case XenbusStateConnected:
		if (!*published)
			return -EPROTO; /* connected to what? */
		if ((rc = read_disk(dev)) ||
		    (rc = xenbus_switch_state(dev->node, XenbusStateConnected)))
			return rc;
		return 1;
	case XenbusStateClosing:
	case XenbusStateReconfiguring:
	case XenbusStateReconfigured:
		return -ENODEV;
	}
	return -EPROTO;
}

static int handshake(struct blkfront *dev, bool *published)
{
	uint64_t deadline = monotonic_ns() + BF_TIMEOUT_NS;
	XenbusState st = XenbusStateUnknown;
	int rc;

	for (;;) {
		unsigned long seen = dev->events;

		rc = read_be_state(dev, &st);
		if (!rc)
			rc = handshake_step(dev, st, published);
		if (rc)
			break;
		if (wait_event_until(dev->wq, dev->events != seen, deadline)) {
			rc = -ETIMEDOUT;
			break;
		}
	}
	if (rc < 0)
		printk("blkfront %s: handshake failed in backend state %d: "
		       "%d\n",
		       dev->info.name, st, rc);
	return rc < 0 ? rc : 0;
}

/* ---- teardown and detach ---- */

/* Gives up the event channel, grants and pages (not the xenstore side). */
static void release(struct blkfront *dev)
{
	uint64_t deadline = monotonic_ns() + END_GRANT_NS;
	unsigned int i;

	if (dev->have_port)
		evtchn_close(dev->port);
	dev->have_port = false;
	/* One deadline for all: blkback may still be finishing I/O. */
	bf_pool_release(dev, deadline);
	bf_release_slots(dev, deadline);
	for (i = 0; i < (1u << dev->ring_order); i++) {
		bf_end_grant(dev, dev->ring_ref[i], NULL, 0, deadline);
		dev->ring_ref[i] = -1;
	}
	if (dev->sring && !dev->leaked)
		free_pages(dev->sring, dev->ring_order);
	dev->sring = NULL;
	if (dev->leaked)
		printk("blkfront %s: backend kept %lu grants mapped: leaked\n",
		       dev->info.name, dev->leaked);
}

static void teardown(struct blkfront *dev)
{
	dev->state = BF_DOWN;
	release(dev);
}

void bf_device_gone(struct blkfront *dev, int err, const char *why)
{
	if (dev->state != BF_CONNECTED)
		return;
	dev->state = BF_GONE;
	dev->gone_err = err;
	printk("blkfront %s: %s: failing %u requests\n", dev->info.name, why,
	       blkring_in_flight(&dev->ring));
	bf_fail_pending(dev, err);
}

/* Backend state changed while we were up: handle a detach. */
static void backend_changed(struct blkfront *dev)
{
	XenbusState st;

	if (dev->closing || dev->state == BF_INIT || dev->state == BF_DOWN)
		return;
	if (read_be_state(dev, &st) ||
	    (st != XenbusStateClosing && st != XenbusStateClosed))
		return;
	bf_device_gone(dev, -ENODEV, "backend closing (detach)");
	if (!dev->fe_closed) {
		/* Nothing holds the disk open below us: go straight to
		 * Closed, as Linux's blkfront does, so blkback unmaps. */
		dev->fe_closed = true;
		xenbus_switch_state(dev->node, XenbusStateClosed);
	}
	if (st == XenbusStateClosed && dev->state == BF_GONE)
		teardown(dev);
}

static void watch_cb(struct xenbus_watch *w, const char *path)
{
	struct blkfront *dev = w->arg;

	(void)path;
	dev->in_watch_cb = true;
	dev->events++;
	wake_up(&dev->wq);
	backend_changed(dev);
	dev->in_watch_cb = false;
	wake_up(&dev->wq);
}

/* Waits for the backend to reach one of two states (bounded). */
static void wait_backend(struct blkfront *dev, XenbusState a, XenbusState b)
{
	uint64_t deadline = monotonic_ns() + 10 * NSEC_PER_SEC;
	XenbusState st;

	for (;;) {
		unsigned long seen = dev->events;

		if (read_be_state(dev, &st) || st == a || st == b)
			return;
		if (wait_event_until(dev->wq, dev->events != seen, deadline))
			return;
	}
}

/* The frontend-initiated close: Closing, backend Closing, Closed,
 * backend Closed (it has unmapped everything by then). */
static void close_handshake(struct blkfront *dev)
{
	if (dev->fe_closed)
		return;
	xenbus_switch_state(dev->node, XenbusStateClosing);
	wait_backend(dev, XenbusStateClosing, XenbusStateClosed);
	xenbus_switch_state(dev->node, XenbusStateClosed);
	dev->fe_closed = true;
	wait_backend(dev, XenbusStateClosed, XenbusStateClosed);
}

static void destroy(struct blkfront *dev)
{
	suspend_hook_unregister(&dev->pm);
	if (dev->watching)
		xenbus_unwatch(&dev->watch);
	/* A callback already dequeued may still be running on it. */
	wait_event_until(dev->wq, !dev->in_watch_cb, 0);
	free(dev);
}

int blkfront_close(struct blkfront *dev)
{
	dev->closing = true;
	wait_event_until(dev->wq, !dev->in_watch_cb, 0);
	if (dev->state == BF_CONNECTED)
		bf_device_gone(dev, -ENODEV, "closing");
	if (dev->state == BF_GONE) {
		close_handshake(dev);
		teardown(dev);
	}
	destroy(dev);
	return 0;
}

/* ---- open ---- */

static int find_backend(struct blkfront *dev)
{
	unsigned long domid;
	char path[96];
	int rc = key_path(path, sizeof(path), dev->node, "backend");

	if (!rc)
		rc = xenbus_read(XBT_NIL, path, dev->backend,
				 sizeof(dev->backend));
	if (rc < 0) {
		printk("blkfront %s: %s: %d\n", dev->info.name, path, rc);
		return rc;
	}
	if (strncmp(dev->backend, "/local/domain/", 14)) {
		printk("blkfront %s: %s: \"%s\" is not under /local/domain/\n",
		       dev->info.name, path, dev->backend);
		return -EPROTO;
	}
	rc = read_num(dev->node, "backend-id", &domid, false, 0);
	if (rc)
		return rc;
	if (domid >= DOMID_FIRST_RESERVED) {
		printk("blkfront %s: %s/backend-id: %lu is a reserved domid\n",
		       dev->info.name, dev->node, domid);
		return -EPROTO;
	}
	dev->backend_id = (domid_t)domid;
	return key_path(dev->be_state, sizeof(dev->be_state), dev->backend,
			"state");
}

static struct blkfront *dev_alloc(const char *name, unsigned int devid)
{
	struct blkfront *dev = calloc(1, sizeof(*dev));
	unsigned int i;

	if (!dev)
		return NULL;
	ksnprintf(dev->node, sizeof(dev->node), "device/vbd/%u", devid);
	ksnprintf(dev->info.name, sizeof(dev->info.name), "%s", name);
	dev->info.devid = devid;
	dev->wq = (struct waitqueue)WAITQUEUE_INIT;
	for (i = 0; i < ARRAY_SIZE(dev->ring_ref); i++)
		dev->ring_ref[i] = -1;
	return dev;
}

static int start_watch(struct blkfront *dev)
{
	int rc;

	dev->watch.path = dev->be_state;
	dev->watch.cb = watch_cb;
	dev->watch.arg = dev;
	rc = xenbus_watch(&dev->watch);
	dev->watching = rc == 0;
	/* A frontend left Closed by an earlier session must say
	 * Initialising again for blkback to offer InitWait. */
	return rc ? rc
		  : xenbus_switch_state(dev->node, XenbusStateInitialising);
}

/* Open's steps, and a restore's: find the backend, watch it, shake
 * hands; then connected. */
static int connect_backend(struct blkfront *dev, bool *published)
{
	int rc;

	if ((rc = find_backend(dev)) || (rc = start_watch(dev)) ||
	    (rc = handshake(dev, published)))
		return rc;
	dev->state = BF_CONNECTED;
	log_connected(dev);
	return 0;
}

/* "xvdX" names device/vbd/<xvd id> when it exists, else the disk
 * Linux would call xvdX (bf_linux_disk): a stub domain is given the
 * guest's disks with the guest's vdev (hda is 768), and libxl then
 * names them /dev/xvda.. as a Linux stub domain sees them. */
static unsigned int resolve_name(const char *name, unsigned int devid)
{
	unsigned int ids[32];
	int n = blkfront_list(ids, ARRAY_SIZE(ids));

	if (strncmp(name, "xvd", 3) != 0 || n <= 0)
		return devid;
	for (int i = 0; i < n; i++)
		if (ids[i] == devid)
			return devid;
	for (int i = 0; i < n; i++) {
		if (bf_linux_disk(ids[i]) == name[3] - 'a') {
			printk(
			    "blkfront %s: device/vbd/%u, as Linux names it\n",
			    name, ids[i]);
			return ids[i];
		}
	}
	return devid;
}

int blkfront_open(const char *name, struct blkfront **out)
{
	struct blkfront *dev;
	unsigned int devid;
	bool published = false;
	int rc;

	if (bf_parse_name(name, &devid))
		return -EINVAL;
	devid = resolve_name(name, devid);
	dev = dev_alloc(name, devid);
	if (!dev)
		return -ENOMEM;
	rc = connect_backend(dev, &published);
	if (rc)
		goto err;
	bf_pm_register(dev);
	*out = dev;
	return 0;
err:
	dev->state = BF_GONE;
	if (published)
		close_handshake(dev);
	teardown(dev);
	destroy(dev);
	return rc;
}

const struct blkfront_info *blkfront_info(const struct blkfront *dev)
{
	return &dev->info;
}

/*
 * After a restore into a new domain (pm.c; nothing is in flight).  The
 * old grant table, event channel and backend are gone and the toolstack
 * wrote a fresh frontend directory: drop what we held without telling
 * anyone (the old port number may be someone else's now: never close
 * it), then find the backend and shake hands again, same handle.
 */
int bf_reconnect(struct blkfront *dev)
{
	bool published = false;
	int rc;

	dev->state = BF_INIT;
	dev->have_port = false; /* events_init forgot its handler */
	release(dev);
	if (dev->watching)
		xenbus_unwatch(&dev->watch);
	dev->watching = false;
	dev->fe_closed = false;
	rc = connect_backend(dev, &published);
	if (rc) {
		dev->state = BF_CONNECTED; /* for bf_device_gone */
		bf_device_gone(dev, -EIO, "reconnect after restore failed");
	}
	return rc;
}
