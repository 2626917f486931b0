/*
 * consfront.c - secondary PV console frontends (consfront.h).
 *
 * One page, struct xencons_interface: we produce into out[] and the
 * backend consumes (out_cons is its index), the backend produces into
 * in[] and we consume (in_prod is its index).  Their indices are read
 * once per step into locals, checked by domlet/ring.h (never more than
 * the ring's size unread), and only the locals are used; a violation
 * latches the console broken.  Data bytes are the backend's business:
 * we copy them, never interpret them.
 */
#include <domlet/kernel.h>
#include <domlet/printf.h>
#include <domlet/ring.h>
#include <domlet/xenring.h>
#include <string.h>
#include <xen/io/console.h>
#include "consfront/consfront.h"

#define CONNECT_NS (10 * NSEC_PER_SEC)

struct consfront {
	unsigned int id;
	domid_t beid;
	char dir[32]; /* device/console/<id> */
	char be[96];  /* the backend's directory */
	char be_state[112];
	struct xencons_interface *ring;
	long ref; /* grant, or -1 */
	evtchn_port_t port;
	bool have_port, broken;
	struct waitqueue wq;
	void (*notify)(void *arg); /* consfront_set_notify */
	void *notify_arg;
};

static void cf_event(evtchn_port_t port, void *data)
{
	struct consfront *c = data;

	(void)port;
	wake_up(&c->wq);
	if (c->notify)
		c->notify(c->notify_arg);
}

static void cf_break(struct consfront *c, const char *what, uint32_t idx)
{
	if (!c->broken)
		printk("consfront %u: backend %u wrote an impossible %s (%u): "
		       "console off\n",
		       c->id, c->beid, what, idx);
	c->broken = true;
}

static bool cf_gone(struct consfront *c)
{
	unsigned long v;

	return xenbus_read_ulong(XBT_NIL, c->be_state, &v) != 0 ||
	       v >= XenbusStateClosing;
}

static int cf_read_config(struct consfront *c)
{
	char path[64];
	unsigned long v;
	int rc;

	ksnprintf(c->dir, sizeof(c->dir), "device/console/%u", c->id);
	ksnprintf(path, sizeof(path), "%s/backend", c->dir);
	rc = xenbus_read(XBT_NIL, path, c->be, sizeof(c->be));
	if (rc == -ENOENT)
		return rc; /* no such console */
	if (rc >= 0 && (strlen(c->be) != (size_t)rc || c->be[0] != '/'))
		rc = -EINVAL;
	if (rc >= 0) {
		ksnprintf(path, sizeof(path), "%s/backend-id", c->dir);
		rc = xenbus_read_ulong(XBT_NIL, path, &v);
		if (rc == 0 && v >= DOMID_FIRST_RESERVED)
			rc = -ERANGE;
	}
	if (rc < 0) {
		printk("consfront %u: bad or missing %s (%d)\n", c->id, path,
		       rc);
		return rc;
	}
	c->beid = (domid_t)v;
	ksnprintf(c->be_state, sizeof(c->be_state), "%s/state", c->be);
	return 0;
}

static int cf_publish(xbt_t t, void *arg)
{
	struct consfront *c = arg;
	char path[64];
	int rc;

	ksnprintf(path, sizeof(path), "%s/ring-ref", c->dir);
	rc = xenbus_printf(t, path, "%ld", c->ref);
	if (rc == 0) {
		ksnprintf(path, sizeof(path), "%s/port", c->dir);
		rc = xenbus_printf(t, path, "%u", c->port);
	}
	if (rc == 0) {
		ksnprintf(path, sizeof(path), "%s/state", c->dir);
		rc = xenbus_printf(t, path, "%d", XenbusStateInitialised);
	}
	if (rc)
		printk("consfront %u: writing %s failed (%d)\n", c->id, path,
		       rc);
	return rc;
}

static int cf_alloc(struct consfront *c)
{
	c->ring = alloc_pages(0);
	if (!c->ring)
		return -ENOMEM;
	memset(c->ring, 0, 4096);
	c->ref = gnttab_grant(c->beid, virt_to_mfn(c->ring), false);
	if (c->ref < 0)
		return (int)c->ref;
	if (evtchn_alloc_unbound(c->beid, cf_event, c, &c->port))
		return -EIO;
	c->have_port = true;
	return 0;
}

/* Frees what cf_alloc made; a page the backend still maps is leaked. */
static void cf_free(struct consfront *c)
{
	uint64_t deadline = monotonic_ns() + 2 * NSEC_PER_SEC;

	if (c->have_port)
		evtchn_close(c->port);
	c->have_port = false;
	while (c->ref >= 0 && gnttab_end((grant_ref_t)c->ref) == -EBUSY) {
		if (monotonic_ns() > deadline) {
			printk("consfront %u: backend %u still maps the "
			       "ring: leaking it\n",
			       c->id, c->beid);
			c->ring = NULL;
			break;
		}
		msleep(10);
	}
	if (c->ring)
		free_pages(c->ring, 0);
	c->ring = NULL;
	c->ref = -1;
}

int consfront_open(unsigned int id, struct consfront **out)
{
	struct consfront *c;
	XenbusState seen = XenbusStateUnknown;
	int rc;

	if (id == 0)
		return -EINVAL; /* console 0 is the kernel's */
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->id = id;
	c->ref = -1;
	rc = cf_read_config(c);
	if (rc == 0)
		rc = cf_alloc(c);
	if (rc == 0)
		rc = xenbus_transaction(cf_publish, c);
	if (rc == 0) {
		rc = xenbus_wait_state(c->be, XenbusStateConnected,
				       monotonic_ns() + CONNECT_NS, &seen);
		if (rc)
			printk("consfront %u: backend %s in state %d, not "
			       "Connected (%d)\n",
			       id, c->be, (int)seen, rc);
	}
	if (rc == 0)
		rc = xenbus_switch_state(c->dir, XenbusStateConnected);
	if (rc) {
		if (c->ring)
			xenbus_switch_state(c->dir, XenbusStateClosed);
		cf_free(c);
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* Copies what fits into out[]; bytes moved, 0 when full, or -EIO. */
static long cf_put(struct consfront *c, const char *buf, size_t len)
{
	uint32_t cons = READ_ONCE(c->ring->out_cons);
	uint32_t prod = c->ring->out_prod;
	long n;

	xen_rmb(); /* out_cons before we reuse the space it frees */
	n = ring_copy_in(c->ring->out, sizeof(c->ring->out), cons, prod, buf,
			 len);
	if (n < 0) {
		cf_break(c, "out_cons", cons);
		return -EIO;
	}
	if (n > 0) {
		xen_wmb(); /* the bytes before the index that publishes them */
		WRITE_ONCE(c->ring->out_prod, prod + (uint32_t)n);
		evtchn_notify(c->port);
	}
	return n;
}

long consfront_write(struct consfront *c, const void *buf, size_t len,
		     uint64_t deadline)
{
	size_t done = 0;

	while (done < len) {
		long n;

		if (c->broken)
			return done ? (long)done : -EIO;
		n = cf_put(c, (const char *)buf + done, len - done);
		if (n < 0)
			return done ? (long)done : n;
		done += (size_t)n;
		if (n > 0)
			continue;
		if (cf_gone(c))
			return done ? (long)done : -ENODEV;
		/* Full: the backend's event says it consumed something. */
		if (wait_event_until(c->wq,
				     READ_ONCE(c->ring->out_cons) !=
					 c->ring->out_prod -
					     sizeof(c->ring->out),
				     deadline))
			return done ? (long)done : -ETIMEDOUT;
	}
	return (long)done;
}

int consfront_drain(struct consfront *c, uint64_t deadline)
{
	for (;;) {
		uint32_t cons = READ_ONCE(c->ring->out_cons);
		uint32_t prod = c->ring->out_prod;

		if (c->broken)
			return -EIO;
		if (cons == prod)
			return 0;
		if (prod - cons > sizeof(c->ring->out)) {
			cf_break(c, "out_cons", cons);
			return -EIO;
		}
		if (cf_gone(c))
			return -ENODEV;
		/* The backend's event says it consumed something. */
		if (wait_event_until(c->wq,
				     READ_ONCE(c->ring->out_cons) != cons ||
					 c->broken,
				     deadline))
			return -ETIMEDOUT;
	}
}

/* Copies what has come out of in[]; bytes moved (0: none) or -EIO. */
static long cf_get(struct consfront *c, char *buf, size_t len)
{
	uint32_t prod = READ_ONCE(c->ring->in_prod);
	uint32_t cons = c->ring->in_cons;
	long n;

	xen_rmb(); /* in_prod before the bytes it covers */
	n = ring_copy_out(buf, c->ring->in, sizeof(c->ring->in), cons, prod,
			  len);
	if (n < 0) {
		cf_break(c, "in_prod", prod);
		return -EIO;
	}
	if (n > 0) {
		xen_mb(); /* bytes read before the space is given back */
		WRITE_ONCE(c->ring->in_cons, cons + (uint32_t)n);
		evtchn_notify(c->port);
	}
	return n;
}

long consfront_read(struct consfront *c, void *buf, size_t len,
		    uint64_t deadline)
{
	if (len == 0)
		return -EINVAL;
	for (;;) {
		long n;

		if (c->broken)
			return -EIO;
		n = cf_get(c, buf, len);
		if (n != 0)
			return n;
		if (cf_gone(c))
			return -ENODEV;
		if (wait_event_until(
			c->wq, READ_ONCE(c->ring->in_prod) != c->ring->in_cons,
			deadline))
			return -ETIMEDOUT;
	}
}

void consfront_close(struct consfront *c)
{
	xenbus_switch_state(c->dir, XenbusStateClosed);
	cf_free(c);
	free(c);
}

int consfront_ready(struct consfront *c)
{
	uint32_t in_prod = READ_ONCE(c->ring->in_prod);
	uint32_t out_cons = READ_ONCE(c->ring->out_cons);
	long unread, space;
	int bits = 0;

	if (c->broken)
		return CONSFRONT_READABLE | CONSFRONT_WRITABLE;
	unread = ring_unread(c->ring->in_cons, in_prod, sizeof(c->ring->in));
	space = ring_space(out_cons, c->ring->out_prod, sizeof(c->ring->out));
	/* An impossible index: say ready, the read or write reports it. */
	if (unread != 0)
		bits |= CONSFRONT_READABLE;
	if (space != 0)
		bits |= CONSFRONT_WRITABLE;
	return bits;
}

void consfront_set_notify(struct consfront *c, void (*fn)(void *arg), void *arg)
{
	unsigned long flags = irq_save();

	c->notify = fn;
	c->notify_arg = arg;
	irq_restore(flags);
}

unsigned int consfront_backend_id(const struct consfront *c)
{
	return c->beid;
}
