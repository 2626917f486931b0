/*
 * xenbus.c - tpmback's control path: finding frontends under
 * backend/vtpm, the handshake with each, and tearing connections down.
 *
 * Trust: the frontend's xenstore values (state, ring-ref, event-channel,
 * feature-protocol-v2) are the guest's and parsed strictly; a bad one
 * refuses that frontend (backend state Closing) with a message naming
 * the key and value, and it may start over through Closed/Initialising.
 * Our own backend directory is written by the toolstack, which may also
 * remove it (guest destroyed) or ask us to close (online = 0, or state
 * Closing that we did not write); both end the connection.
 *
 * The TPM's state belongs to the device instance that last connected
 * (tb.owner); a connect by any other instance first resets the platform
 * (tb_needs_reset), a reconnect by the same one does not.
 *
 * The state machine is level-triggered: a watch only marks the world
 * dirty, and tb_scan() rereads the directory and every device's states
 * and moves each device to where the states say it should be.  Lost or
 * coalesced watch events therefore cannot leave a device stuck.
 */
#include <domlet/kernel.h>
#include <domlet/printf.h>
#include <string.h>
#include "tpmback/tb_priv.h"
#include "tpmback/tb_proto.h"

#define TB_LS_MAX    16	 /* devices per frontend domain */
#define TB_LS_DOMS   128 /* frontend domains listed */
#define TB_DEVID_MAX 65535ul
#define TB_PORT_MAX  (1ul << 20) /* beyond any event channel ABI's ports */

/* Reads dir/key into buf; a value with an embedded NUL is malformed. */
static int tb_read(const char *dir, const char *key, char *buf, size_t size)
{
	char path[192];
	int n;

	if (ksnprintf(path, sizeof(path), "%s/%s", dir, key) >=
	    (int)sizeof(path))
		return -E2BIG;
	buf[0] = '\0';
	n = xenbus_read(XBT_NIL, path, buf, size);
	if (n < 0) {
		buf[0] = '\0'; /* messages quote it */
		return n;
	}
	return strlen(buf) == (size_t)n ? 0 : -EINVAL;
}

static int tb_read_uint(const char *dir, const char *key, unsigned long max,
			unsigned long *v, char *buf, size_t size)
{
	int rc = tb_read(dir, key, buf, size);

	return rc ? rc : tb_parse_uint(buf, max, v);
}

void tb_set_state(struct tb_dev *d, XenbusState st)
{
	int rc;

	if (d->be_state == st)
		return;
	rc = xenbus_switch_state(d->be, st);
	if (rc)
		printk("tpmback: writing %s/state = %d failed (%d)\n", d->be,
		       (int)st, rc);
	d->be_state = st;
}

void tb_disconnect(struct tb_dev *d, const char *why)
{
	int rc;

	if (!d->connected)
		return;
	evtchn_close(d->port);
	rc = gnttab_unmap(d->page, d->handle);
	if (rc) /* the address space page leaks; nothing else can */
		printk("tpmback: unmapping %s's ring failed (%d)\n", d->fe, rc);
	d->connected = false;
	d->kick = false;
	d->page = NULL;
	printk("tpmback: frontend %u/%u disconnected: %s\n", d->fe_id, d->devid,
	       why);
	/* No reset here: the same frontend may come back (tb_connect). */
	tb.dirty = true; /* a waiting frontend may connect now */
}

/* Refuses the frontend's connection: one message naming the key. */
static void tb_refuse(struct tb_dev *d, const char *key, const char *val,
		      int rc)
{
	printk("tpmback: frontend %u/%u: refused %s/%s = '%s' (%d): "
	       "closing\n",
	       d->fe_id, d->devid, d->fe, key, val, rc);
	tb.st.refused++;
	d->failed = true;
	tb_set_state(d, XenbusStateClosing);
}

void tb_changed(struct xenbus_watch *w, const char *path)
{
	(void)w;
	(void)path;
	tb.dirty = true;
	wake_up(&tb.wq);
}

static int tb_connect(struct tb_dev *d)
{
	char buf[24];
	unsigned long ref, port;
	const char *key;
	int rc;

	key = "ring-ref";
	rc = tb_read_uint(d->fe, key, UINT32_MAX, &ref, buf, sizeof(buf));
	if (rc)
		goto refuse;
	key = "event-channel";
	rc = tb_read_uint(d->fe, key, TB_PORT_MAX, &port, buf, sizeof(buf));
	if (rc)
		goto refuse;
	key = "feature-protocol-v2";
	rc = tb_read(d->fe, key, buf, sizeof(buf));
	if (rc == 0 && strcmp(buf, "1") != 0)
		rc = -EOPNOTSUPP; /* only version 2 is spoken */
	if (rc)
		goto refuse;
	key = "ring-ref";
	ksnprintf(buf, sizeof(buf), "%lu", ref);
	rc =
	    gnttab_map(d->fe_id, (grant_ref_t)ref, false, &d->page, &d->handle);
	if (rc)
		goto refuse;
	key = "event-channel";
	ksnprintf(buf, sizeof(buf), "%lu", port);
	rc = evtchn_bind_interdomain(d->fe_id, (evtchn_port_t)port, tb_event, d,
				     &d->port);
	if (rc) {
		gnttab_unmap(d->page, d->handle);
		d->page = NULL;
		goto refuse;
	}
	/* Before the first command is read (this thread serves them). */
	if (tb_needs_reset(tb.owner, d->gen)) {
		printk("tpmback: frontend %u/%u is a new guest: platform "
		       "reset\n",
		       d->fe_id, d->devid);
		tb.st.resets++;
		if (tb.ops.reset)
			tb.ops.reset(tb.ops.ctx);
	}
	tb.owner = d->gen;
	d->connected = true;
	d->kick = true; /* a command may already be waiting */
	tb.st.connects++;
	tb_set_state(d, XenbusStateConnected);
	printk("tpmback: frontend %u/%u connected (ring-ref %lu, "
	       "event-channel %lu)\n",
	       d->fe_id, d->devid, ref, port);
	return 0;
refuse:
	if (rc == -ETIMEDOUT) { /* xenstored's doing, not the frontend's */
		tb.dirty = true;
		return rc;
	}
	tb_refuse(d, key, rc == -ENOENT ? "(missing)" : buf, rc);
	return rc;
}

/* The frontend's state: -ENOENT when its directory is gone, -EINVAL
 * when it is not a state at all. */
static int tb_fe_state(struct tb_dev *d, XenbusState *st)
{
	char buf[12];
	unsigned long v;
	int rc = tb_read_uint(d->fe, "state", XenbusStateReconfigured, &v, buf,
			      sizeof(buf));

	if (rc == 0)
		*st = (XenbusState)v;
	return rc == -ERANGE ? -EINVAL : rc;
}

/* True when the toolstack wants the device closed (xl vtpm-detach, or a
 * domain going away): online = 0, or a state we did not write. */
static bool tb_toolstack_closing(struct tb_dev *d)
{
	char buf[12];
	unsigned long v;

	if (tb_read(d->be, "online", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "0") == 0)
		return true;
	if (tb_read_uint(d->be, "state", XenbusStateReconfigured, &v, buf,
			 sizeof(buf)) == 0 &&
	    v == XenbusStateClosing && d->be_state != XenbusStateClosing)
		return true;
	return false;
}

static bool tb_other_connected(const struct tb_dev *d)
{
	unsigned int i;

	for (i = 0; i < TB_MAX_DEVS; i++)
		if (&tb.devs[i] != d && tb.devs[i].used && tb.devs[i].connected)
			return true;
	return false;
}

/* The one switch over the frontend's state. */
static void tb_step(struct tb_dev *d)
{
	XenbusState fst = XenbusStateClosed;
	int rc;

	if (tb_toolstack_closing(d)) {
		tb_disconnect(d, "the toolstack closed the device");
		tb_set_state(d, XenbusStateClosed);
		return;
	}
	rc = tb_fe_state(d, &fst);
	if (rc == -EINVAL) {
		tb_disconnect(d, "its state is not a xenbus state");
		if (!d->failed) {
			printk("tpmback: frontend %u/%u: refused %s/state: "
			       "not a xenbus state\n",
			       d->fe_id, d->devid, d->fe);
			tb.st.refused++;
		}
		d->failed = true;
		tb_set_state(d, XenbusStateClosing);
		return;
	}
	if (rc == -ETIMEDOUT) { /* xenstored slow: no news, look again */
		tb.dirty = true;
		return;
	}
	if (rc) /* gone (or xenbus broken for good): as Closed */
		fst = XenbusStateClosed;
	switch (fst) {
	case XenbusStateInitialising:
		tb_disconnect(d, "the frontend restarted");
		d->failed = false;
		tb_set_state(d, XenbusStateInitWait);
		break;
	case XenbusStateInitialised:
	case XenbusStateConnected:
		if (d->connected || d->failed || tb_other_connected(d))
			break;
		tb_connect(d);
		break;
	case XenbusStateClosing:
		tb_disconnect(d, "the frontend is closing");
		tb_set_state(d, XenbusStateClosing);
		break;
	case XenbusStateUnknown:
	case XenbusStateClosed:
		tb_disconnect(d, "the frontend closed");
		d->failed = false;
		tb_set_state(d, XenbusStateClosed);
		break;
	default: /* InitWait, Reconfiguring, Reconfigured: not a frontend's */
		break;
	}
}

/*
 * A new backend/vtpm/<fe>/<devid>: check `frontend` and `frontend-id`
 * against the directory's own name (the toolstack wrote them, but a
 * mismatch would have us map another domain's grant), offer protocol v2,
 * watch the frontend's state and say InitWait.
 */
static int tb_add(struct tb_dev *d, domid_t fe, unsigned long devid)
{
	char buf[128], want[128];
	unsigned long v;
	const char *key;
	int rc;

	memset(d, 0, sizeof(*d));
	d->gen = ++tb.gens;
	d->fe_id = fe;
	d->devid = (unsigned int)devid;
	d->be_state = XenbusStateUnknown;
	ksnprintf(d->be, sizeof(d->be), "backend/vtpm/%u/%lu", fe, devid);
	key = "frontend-id";
	rc = tb_read_uint(d->be, key, DOMID_FIRST_RESERVED - 1, &v, buf,
			  sizeof(buf));
	if (rc == 0 && v != fe)
		rc = -EINVAL;
	if (rc)
		goto errout;
	key = "frontend";
	ksnprintf(want, sizeof(want), "/local/domain/%u/device/vtpm/%lu", fe,
		  devid);
	rc = tb_read(d->be, key, buf, sizeof(buf));
	if (rc == 0 && strcmp(buf, want) != 0)
		rc = -EINVAL;
	if (rc)
		goto errout;
	strcpy(d->fe, want);
	ksnprintf(d->fe_state_path, sizeof(d->fe_state_path), "%s/state",
		  d->fe);
	d->used = true;
	key = "feature-protocol-v2";
	ksnprintf(buf, sizeof(buf), "%s/%s", d->be, key);
	rc = xenbus_write(XBT_NIL, buf, "1");
	if (rc)
		goto errout;
	d->fe_watch.path = d->fe_state_path;
	d->fe_watch.cb = tb_changed;
	rc = xenbus_watch(&d->fe_watch);
	if (rc) {
		key = "state (watch)";
		goto errout;
	}
	d->watching = true;
	printk("tpmback: new frontend %u/%u (%s)\n", fe, d->devid, d->fe);
	tb_set_state(d, XenbusStateInitWait);
	return 0;
errout:
	/* Kept as used but failed, so it is not retried on every scan. */
	printk("tpmback: backend %s: bad or missing %s (%d): ignoring the "
	       "device\n",
	       d->be, key, rc);
	tb.st.refused++;
	d->used = true;
	d->failed = true;
	return rc;
}

static void tb_forget(struct tb_dev *d)
{
	tb_disconnect(d, "the toolstack removed the device");
	if (d->watching)
		xenbus_unwatch(&d->fe_watch);
	d->watching = false;
	d->used = false;
}

static struct tb_dev *tb_find(domid_t fe, unsigned long devid)
{
	unsigned int i;

	for (i = 0; i < TB_MAX_DEVS; i++)
		if (tb.devs[i].used && tb.devs[i].fe_id == fe &&
		    tb.devs[i].devid == devid)
			return &tb.devs[i];
	return NULL;
}

static struct tb_dev *tb_slot(void)
{
	unsigned int i;

	for (i = 0; i < TB_MAX_DEVS; i++)
		if (!tb.devs[i].used)
			return &tb.devs[i];
	return NULL;
}

/*
 * A directory that could not be listed (too many entries, xenbus
 * trouble) is not a removed one: its devices (of frontend domain fe, or
 * all) are kept as they are rather than torn down.
 */
static void tb_keep(domid_t fe, bool one_domain, const char *path, int rc)
{
	unsigned int i;

	printk("tpmback: listing %s failed (%d): devices left as they are\n",
	       path, rc);
	for (i = 0; i < TB_MAX_DEVS; i++)
		if (tb.devs[i].used && (!one_domain || tb.devs[i].fe_id == fe))
			tb.devs[i].seen = true;
}

/* Every backend/vtpm/<fe>/<devid> that is listed; names must be exact
 * decimal numbers (anything else is not ours to guess at). */
static void tb_scan_domain(const char *fename)
{
	char path[64], buf[256];
	const char *names[TB_LS_MAX];
	unsigned long fe, devid;
	struct tb_dev *d;
	int n, i;

	if (tb_parse_uint(fename, DOMID_FIRST_RESERVED - 1, &fe))
		return;
	ksnprintf(path, sizeof(path), "backend/vtpm/%lu", fe);
	n = xenbus_ls(XBT_NIL, path, buf, sizeof(buf), names, TB_LS_MAX);
	if (n < 0 && n != -ENOENT) {
		tb_keep((domid_t)fe, true, path, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (tb_parse_uint(names[i], TB_DEVID_MAX, &devid))
			continue;
		d = tb_find((domid_t)fe, devid);
		if (!d) {
			d = tb_slot();
			if (!d) {
				printk("tpmback: %s/%s: more than %d devices, "
				       "ignored\n",
				       path, names[i], TB_MAX_DEVS);
				continue;
			}
			tb_add(d, (domid_t)fe, devid);
		}
		d->seen = true;
	}
}

void tb_scan(void)
{
	char buf[TB_LS_DOMS * 6]; /* "65535\0" each */
	const char *names[TB_LS_DOMS];
	unsigned int i;
	int n, j;

	for (i = 0; i < TB_MAX_DEVS; i++)
		tb.devs[i].seen = false;
	n = xenbus_ls(XBT_NIL, "backend/vtpm", buf, sizeof(buf), names,
		      TB_LS_DOMS);
	if (n < 0 && n != -ENOENT)
		tb_keep(0, false, "backend/vtpm", n);
	for (j = 0; j < n; j++)
		tb_scan_domain(names[j]);
	for (i = 0; i < TB_MAX_DEVS; i++) {
		struct tb_dev *d = &tb.devs[i];

		if (!d->used)
			continue;
		if (!d->seen)
			tb_forget(d);
		else if (d->watching)
			tb_step(d);
	}
}

void tb_close_all(void)
{
	unsigned int i;

	for (i = 0; i < TB_MAX_DEVS; i++) {
		struct tb_dev *d = &tb.devs[i];

		if (!d->used)
			continue;
		tb_disconnect(d, "the backend shut down");
		if (d->watching)
			tb_set_state(d, XenbusStateClosed);
		tb_forget(d);
	}
}
