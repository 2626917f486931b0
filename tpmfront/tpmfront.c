/*
 * tpmfront.c - domlet's vTPM frontend (tpmfront.h): the xenbus handshake
 * with the vTPM stub domain's tpmback, and one command at a time through
 * the shared page.
 *
 * Trust: the backend and xenstore are untrusted.  backend and backend-id
 * are parsed strictly; the backend's state is watched (Closing, Closed or
 * a removed directory fail the device with -ENODEV and wake waiters);
 * the page's state and length are read once and checked (tf_proto.h),
 * and a violation latches the device broken with one message.
 *
 * Handshake (as Linux's xen-tpmfront, plus the wait for InitWait that
 * netfront does, so a backend left Closed by our last close has moved
 * on): Initialising; backend InitWait; grant the page, allocate an
 * unbound port, publish ring-ref, event-channel and feature-protocol-v2
 * in one transaction; Initialised; backend Connected, which must offer
 * feature-protocol-v2 = 1; Connected.
 */
#include <domlet/kernel.h>
#include <domlet/printf.h>
#include <string.h>
#include "tpmfront/tf_proto.h"
#include "tpmfront/tpmfront.h"

#define TF_CONNECT_NS (10 * NSEC_PER_SEC)
#define TF_CLOSE_NS   (5 * NSEC_PER_SEC)
#define TF_CANCEL_NS  (1 * NSEC_PER_SEC)

struct tpmfront {
	unsigned int id;
	char dir[32]; /* device/vtpm/<id> */
	char be[128]; /* its backend's directory */
	char be_state_path[144];
	domid_t beid;
	void *page;
	long ref;
	evtchn_port_t port;
	bool have_port;
	struct waitqueue wq;
	volatile unsigned long evts;	/* events from the backend */
	volatile unsigned long changes; /* backend state watch firings */
	bool broken;
	XenbusState be_last; /* the last state read (tf_be_state) */
	struct xenbus_watch watch;
	bool watching;
};

static void tf_event(evtchn_port_t port, void *data)
{
	struct tpmfront *tf = data;

	(void)port;
	tf->evts++;
	wake_up(&tf->wq);
}

static void tf_changed(struct xenbus_watch *w, const char *path)
{
	struct tpmfront *tf = w->arg;

	(void)path;
	tf->changes++;
	wake_up(&tf->wq);
}

static void tf_break(struct tpmfront *tf, const char *why)
{
	if (!tf->broken)
		printk("tpmfront %u: backend %u broke the protocol: %s\n",
		       tf->id, tf->beid, why);
	tf->broken = true;
}

/*
 * The backend's state.  A missing node or a value that is no state reads
 * as Closed (it is gone, or broken); a failed read (xenstored slow or
 * briefly unreachable) is no news: the last state read stands.
 */
static XenbusState tf_be_state(struct tpmfront *tf)
{
	unsigned long v;
	int rc = xenbus_read_ulong(XBT_NIL, tf->be_state_path, &v);

	if (rc == 0 && v <= XenbusStateReconfigured)
		tf->be_last = (XenbusState)v;
	else if (rc == 0 || rc == -ENOENT || rc == -EINVAL)
		tf->be_last = XenbusStateClosed;
	return tf->be_last;
}

/*
 * Waits for the backend to reach `want`.  With `stale_ok`, Closing and
 * Closed are waited through (left from our last close, until it sees us
 * Initialising); otherwise they mean it refused us: -ECONNREFUSED.
 */
static int tf_wait_be(struct tpmfront *tf, XenbusState want, bool stale_ok,
		      uint64_t deadline, XenbusState *seen)
{
	for (;;) {
		unsigned long c = tf->changes;
		XenbusState st = tf_be_state(tf);

		*seen = st;
		if (st == want)
			return 0;
		if (!stale_ok && st >= XenbusStateClosing)
			return -ECONNREFUSED;
		if (wait_event_until(tf->wq, tf->changes != c, deadline))
			return -ETIMEDOUT;
	}
}

static int tf_read_config(struct tpmfront *tf)
{
	char path[64];
	unsigned long v;
	const char *key = "backend";
	int rc;

	ksnprintf(tf->dir, sizeof(tf->dir), "device/vtpm/%u", tf->id);
	ksnprintf(path, sizeof(path), "%s/%s", tf->dir, key);
	rc = xenbus_read(XBT_NIL, path, tf->be, sizeof(tf->be));
	if (rc >= 0 && (strlen(tf->be) != (size_t)rc || tf->be[0] != '/'))
		rc = -EINVAL;
	if (rc < 0)
		goto errout;
	key = "backend-id";
	ksnprintf(path, sizeof(path), "%s/%s", tf->dir, key);
	rc = xenbus_read_ulong(XBT_NIL, path, &v);
	if (rc == 0 && v >= DOMID_FIRST_RESERVED)
		rc = -ERANGE;
	if (rc)
		goto errout;
	tf->beid = (domid_t)v;
	ksnprintf(tf->be_state_path, sizeof(tf->be_state_path), "%s/state",
		  tf->be);
	return 0;
errout:
	if (rc != -ENOENT || strcmp(key, "backend") != 0) /* else: no device */
		printk("tpmfront %u: bad or missing %s/%s (%d)\n", tf->id,
		       tf->dir, key, rc);
	return rc;
}

static int tf_publish(xbt_t t, void *arg)
{
	struct tpmfront *tf = arg;
	char path[64];
	int rc;

	ksnprintf(path, sizeof(path), "%s/ring-ref", tf->dir);
	rc = xenbus_printf(t, path, "%ld", tf->ref);
	if (rc == 0) {
		ksnprintf(path, sizeof(path), "%s/event-channel", tf->dir);
		rc = xenbus_printf(t, path, "%u", tf->port);
	}
	if (rc == 0) {
		ksnprintf(path, sizeof(path), "%s/feature-protocol-v2",
			  tf->dir);
		rc = xenbus_write(t, path, "1");
	}
	if (rc)
		printk("tpmfront %u: writing %s failed (%d)\n", tf->id, path,
		       rc);
	return rc;
}

/* The page and the port; on failure what was made stays for tf_free. */
static int tf_alloc(struct tpmfront *tf)
{
	int rc;

	tf->page = alloc_pages(0);
	if (!tf->page)
		return -ENOMEM;
	memset(tf->page, 0, TF_PAGE_SIZE);
	tf->ref = gnttab_grant(tf->beid, virt_to_mfn(tf->page), false);
	if (tf->ref < 0)
		return (int)tf->ref;
	rc = evtchn_alloc_unbound(tf->beid, tf_event, tf, &tf->port);
	if (rc)
		return rc;
	tf->have_port = true;
	return 0;
}

/* Ends the grant (waiting for the backend to unmap it, bounded) and
 * frees what tf_alloc made; a page still mapped is leaked, not reused. */
static void tf_free(struct tpmfront *tf)
{
	uint64_t deadline = monotonic_ns() + 2 * NSEC_PER_SEC;

	if (tf->have_port)
		evtchn_close(tf->port);
	tf->have_port = false;
	while (tf->ref >= 0 && tf->page &&
	       gnttab_end((grant_ref_t)tf->ref) == -EBUSY) {
		if (monotonic_ns() > deadline) {
			printk("tpmfront %u: backend %u still maps the page: "
			       "leaking it\n",
			       tf->id, tf->beid);
			tf->page = NULL;
			break;
		}
		msleep(10);
	}
	if (tf->page)
		free_pages(tf->page, 0);
	tf->page = NULL;
	if (tf->watching)
		xenbus_unwatch(&tf->watch);
	tf->watching = false;
}

static int tf_connect(struct tpmfront *tf)
{
	uint64_t deadline = monotonic_ns() + TF_CONNECT_NS;
	XenbusState seen;
	char path[160], buf[8];
	int rc;

	xenbus_switch_state(tf->dir, XenbusStateInitialising);
	rc = tf_wait_be(tf, XenbusStateInitWait, true, deadline, &seen);
	if (rc)
		goto errout;
	rc = tf_alloc(tf);
	if (rc == 0)
		rc = xenbus_transaction(tf_publish, tf);
	if (rc == 0)
		rc = xenbus_switch_state(tf->dir, XenbusStateInitialised);
	if (rc)
		return rc;
	rc = tf_wait_be(tf, XenbusStateConnected, false, deadline, &seen);
	if (rc)
		goto errout;
	ksnprintf(path, sizeof(path), "%s/feature-protocol-v2", tf->be);
	rc = xenbus_read(XBT_NIL, path, buf, sizeof(buf));
	if (rc < 0 || strcmp(buf, "1") != 0) {
		printk("tpmfront %u: backend %s lacks feature-protocol-v2\n",
		       tf->id, tf->be);
		return -EOPNOTSUPP;
	}
	return xenbus_switch_state(tf->dir, XenbusStateConnected);
errout:
	printk("tpmfront %u: backend %s: state %d (%s)\n", tf->id, tf->be,
	       (int)seen,
	       rc == -ETIMEDOUT ? "timed out" : "refused the connection");
	return rc;
}

int tpmfront_open(unsigned int id, struct tpmfront **out)
{
	struct tpmfront *tf = calloc(1, sizeof(*tf));
	int rc;

	if (!tf)
		return -ENOMEM;
	tf->id = id;
	tf->ref = -1;
	rc = tf_read_config(tf);
	if (rc)
		goto fail;
	tf->watch.path = tf->be_state_path;
	tf->watch.cb = tf_changed;
	tf->watch.arg = tf;
	rc = xenbus_watch(&tf->watch);
	if (rc)
		goto fail;
	tf->watching = true;
	rc = tf_connect(tf);
	if (rc)
		goto fail;
	*out = tf;
	return 0;
fail:
	if (tf->page) /* a backend that saw our ring: tell it we gave up */
		xenbus_switch_state(tf->dir, XenbusStateClosed);
	tf_free(tf);
	free(tf);
	return rc;
}

/* The backend answered (FINISH or IDLE) or wrote something it must not. */
static bool tf_answered(struct tpmfront *tf)
{
	uint8_t st = tf_state(tf->page);

	return st != TF_SUBMIT && st != TF_CANCEL;
}

static bool tf_gone(struct tpmfront *tf)
{
	return tf_be_state(tf) >= XenbusStateClosing;
}

/* After a timeout: asks the backend to cancel; the device stays usable
 * only if it acknowledges in time. */
static int tf_cancel(struct tpmfront *tf)
{
	uint64_t deadline = monotonic_ns() + TF_CANCEL_NS;

	tf_set_state(tf->page, TF_CANCEL);
	evtchn_notify(tf->port);
	if (wait_event_until(tf->wq, tf_answered(tf), deadline))
		tf_break(tf, "no answer to a cancel");
	return -ETIMEDOUT;
}

int tpmfront_transmit(struct tpmfront *tf, const uint8_t *cmd, size_t len,
		      uint8_t *resp, size_t resp_max, size_t *resp_len,
		      uint64_t timeout_ns)
{
	uint64_t deadline = monotonic_ns() + timeout_ns;
	unsigned long c = tf->changes;
	uint8_t st;
	int rc;

	*resp_len = 0;
	if (tf->broken)
		return -EIO;
	if (len == 0 || len > TF_MAX_DATA)
		return -EINVAL;
	if (tf_gone(tf))
		return -ENODEV;
	tf_write_command(tf->page, cmd, len);
	evtchn_notify(tf->port);
	rc = wait_event_until(tf->wq, tf_answered(tf) || tf->changes != c,
			      deadline);
	while (rc == 0 && !tf_answered(tf)) { /* a state change, not ours */
		if (tf_gone(tf))
			return -ENODEV;
		c = tf->changes;
		rc = wait_event_until(
		    tf->wq, tf_answered(tf) || tf->changes != c, deadline);
	}
	if (rc)
		return tf_gone(tf) ? -ENODEV : tf_cancel(tf);
	st = tf_state(tf->page);
	if (st == TF_IDLE)
		return -ECANCELED;
	if (st != TF_FINISH) {
		tf_break(tf, "a state byte outside the protocol");
		return -EIO;
	}
	rc = tf_read_response(tf->page, resp, resp_max, resp_len);
	if (rc == -EIO)
		tf_break(tf, "a response length of 0 or past the page");
	return rc;
}

void tpmfront_close(struct tpmfront *tf)
{
	uint64_t deadline = monotonic_ns() + TF_CLOSE_NS;
	XenbusState seen;

	if (!tf)
		return;
	xenbus_switch_state(tf->dir, XenbusStateClosing);
	for (;;) {
		unsigned long c = tf->changes;

		seen = tf_be_state(tf);
		if (seen >= XenbusStateClosing)
			break;
		if (wait_event_until(tf->wq, tf->changes != c, deadline)) {
			printk("tpmfront %u: backend still in state %d after "
			       "5 s\n",
			       tf->id, (int)seen);
			break;
		}
	}
	xenbus_switch_state(tf->dir, XenbusStateClosed);
	tf_free(tf);
	free(tf);
}

unsigned int tpmfront_backend_id(const struct tpmfront *tf)
{
	return tf->beid;
}

volatile void *tpmfront_test_page(struct tpmfront *tf)
{
	return tf->page;
}

int tpmfront_test_notify(struct tpmfront *tf)
{
	return evtchn_notify(tf->port);
}
