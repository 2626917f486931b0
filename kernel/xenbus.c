/*
 * xenbus.c - the xenstore transport: requests out over the shared ring,
 * replies and watch events back, matched by req_id.
 *
 * xenstored is untrusted.  The reader thread copies bytes out of the
 * response ring with the consumer/producer indices read once and checked
 * (kernel/lib/ring.c), reassembles messages with xs_rx_feed() (which bounds
 * the length and NUL-terminates), and checks each reply's req_id and type
 * against the request waiting for it (xs_reply_check) before the waiter
 * sees a byte.  A reply nobody waits for is dropped; a ring that breaks the
 * protocol marks xenbus broken: every waiter and later request gets -EIO.
 * Watch callbacks run in their own thread, so they may issue requests.
 */
#include <domlet/kernel.h>
#include <domlet/printf.h>
#include <domlet/ring.h>
#include <domlet/xs_wire.h>
#include <arch/x86.h>
#include <string.h>
#include "xenbus_internal.h"

#define NR_SLOTS	8
#define REQUEST_TIMEOUT (30 * NSEC_PER_SEC)

struct slot {
	bool busy, done;
	uint32_t req_id, type;
	int err;
	char *reply;
	uint32_t len;
	struct waitqueue wq;
};

struct watch_event {
	struct watch_event *next;
	struct xenbus_watch *watch;
	char path[]; /* NUL-terminated */
};

static struct xenstore_domain_interface *intf;
static evtchn_port_t port;
static bool broken;
static struct waitqueue ring_wq = WAITQUEUE_INIT;  /* ring had activity */
static struct waitqueue slot_wq = WAITQUEUE_INIT;  /* a slot freed */
static struct waitqueue event_wq = WAITQUEUE_INIT; /* watch event queued */
static struct slot slots[NR_SLOTS];
static uint32_t next_req_id = 1;
static bool writing;
static struct xenbus_watch *watches;
static struct watch_event *events, **events_tail = &events;
static struct xs_rx rx;

static void ring_event(evtchn_port_t p, void *data)
{
	(void)p;
	(void)data;
	wake_up(&ring_wq);
}

static void mark_broken(const char *why)
{
	unsigned int i;

	if (broken)
		return;
	broken = true;
	printk("xenbus: %s; xenstore access disabled\n", why);
	for (i = 0; i < NR_SLOTS; i++)
		wake_up(&slots[i].wq);
	wake_up(&ring_wq);
}

/* ---- requests ---- */

static int write_all(const char *buf, size_t len)
{
	while (len && !broken) {
		uint32_t cons = READ_ONCE(intf->req_cons);
		uint32_t prod = intf->req_prod;
		long n;

		mb(); /* see req_cons before overwriting what it freed */
		n = ring_copy_in(intf->req, XENSTORE_RING_SIZE, cons, prod, buf,
				 len);
		if (n < 0) {
			mark_broken("impossible request ring indices");
			break;
		}
		if (n == 0) {
			wait_on(&ring_wq, monotonic_ns() + NSEC_PER_SEC);
			continue;
		}
		wmb(); /* the bytes before the index that publishes them */
		WRITE_ONCE(intf->req_prod, prod + (uint32_t)n);
		evtchn_notify(port);
		buf += n;
		len -= (size_t)n;
	}
	return broken ? -EIO : 0;
}

static struct slot *get_slot(uint32_t type)
{
	unsigned int i;

	for (;;) {
		for (i = 0; i < NR_SLOTS; i++) {
			if (!slots[i].busy) {
				slots[i] =
				    (struct slot){.busy = true,
						  .req_id = next_req_id++,
						  .type = type};
				return &slots[i];
			}
		}
		wait_on(&slot_wq, 0);
	}
}

static void put_slot(struct slot *s)
{
	s->busy = false;
	wake_up(&slot_wq);
}

static int send_request(struct slot *s, xbt_t t, const struct xs_iov *iov,
			unsigned int n)
{
	char *buf = malloc(sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX);
	long len;
	int rc;

	if (!buf)
		return -ENOMEM;
	len = xs_build_request(
	    buf, sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX, s->type,
	    s->req_id, t, iov, n);
	if (len < 0) {
		free(buf);
		return (int)len;
	}
	/* One request on the ring at a time: writes must not interleave. */
	wait_event_until(ring_wq, !writing || broken, 0);
	writing = true;
	rc = write_all(buf, (size_t)len);
	writing = false;
	wake_up(&ring_wq);
	free(buf);
	return rc;
}

int xs_talk(xbt_t t, uint32_t type, const struct xs_iov *iov, unsigned int n,
	    char **reply, uint32_t *len)
{
	struct slot *s;
	int rc;

	if (!intf || broken)
		return -EIO;
	s = get_slot(type);
	rc = send_request(s, t, iov, n);
	if (!rc)
		rc = wait_event_until(s->wq, s->done || broken,
				      monotonic_ns() + REQUEST_TIMEOUT);
	if (!rc && !s->done)
		rc = -EIO;
	if (!rc)
		rc = s->err;
	if (rc == -ETIMEDOUT)
		printk("xenbus: no reply to request type %u in 30 s\n", type);
	if (!rc && reply) {
		*reply = s->reply;
		*len = s->len;
	} else {
		free(s->reply);
	}
	put_slot(s);
	return rc;
}

/* ---- the reader thread ---- */

static void deliver_reply(void)
{
	unsigned int i;

	for (i = 0; i < NR_SLOTS; i++) {
		struct slot *s = &slots[i];

		if (!s->busy || s->done || s->req_id != rx.hdr.req_id)
			continue;
		s->err = xs_reply_check(&rx, s->req_id, s->type);
		if (!s->err) {
			s->reply = malloc(rx.hdr.len + 1);
			if (s->reply) {
				memcpy(s->reply, rx.body, rx.hdr.len + 1);
				s->len = rx.hdr.len;
			} else {
				s->err = -ENOMEM;
			}
		}
		s->done = true;
		wake_up(&s->wq);
		return;
	}
	printk("xenbus: reply with unknown req_id %u dropped\n", rx.hdr.req_id);
}

static void queue_watch_event(void)
{
	const char *path, *token;
	struct xenbus_watch *w;
	struct watch_event *ev;

	if (xs_parse_watch_event(rx.body, rx.hdr.len, &path, &token)) {
		printk("xenbus: malformed watch event dropped\n");
		return;
	}
	for (w = watches; w && strcmp(w->token, token); w = w->next)
		;
	if (!w)
		return; /* unwatched meanwhile */
	ev = malloc(sizeof(*ev) + strlen(path) + 1);
	if (!ev)
		return;
	ev->next = NULL;
	ev->watch = w;
	strcpy(ev->path, path);
	*events_tail = ev;
	events_tail = &ev->next;
	wake_up(&event_wq);
}

static void handle_message(void)
{
	if (rx.hdr.type == XS_WATCH_EVENT)
		queue_watch_event();
	else
		deliver_reply();
}

/* Feeds everything the ring holds through the reassembler. */
static void drain_ring(void)
{
	char buf[256];
	uint32_t cons = intf->rsp_cons;
	uint32_t prod = READ_ONCE(intf->rsp_prod);
	long n, off = 0;

	rmb(); /* the producer index before the bytes it covers */
	n = ring_copy_out(buf, intf->rsp, XENSTORE_RING_SIZE, cons, prod,
			  sizeof(buf));
	if (n < 0) {
		mark_broken("impossible response ring indices");
		return;
	}
	while (off < n) {
		int done = 0;
		long used =
		    xs_rx_feed(&rx, buf + off, (size_t)(n - off), &done);

		if (used < 0) {
			mark_broken("oversized message from xenstored");
			return;
		}
		off += used;
		if (done) {
			handle_message();
			xs_rx_reset(&rx);
		}
	}
	mb(); /* finish reading the bytes before freeing their space */
	WRITE_ONCE(intf->rsp_cons, cons + (uint32_t)n);
	evtchn_notify(port);
}

static bool ring_has_data(void)
{
	return broken || READ_ONCE(intf->rsp_prod) != intf->rsp_cons;
}

static long reader_thread(void *arg)
{
	(void)arg;
	while (!broken) {
		wait_event_until(ring_wq, ring_has_data(), 0);
		if (!broken)
			drain_ring();
	}
	return 0;
}

static long watch_thread(void *arg)
{
	(void)arg;
	for (;;) {
		struct watch_event *ev;

		wait_event_until(event_wq, events != NULL, 0);
		ev = events;
		events = ev->next;
		if (!events)
			events_tail = &events;
		ev->watch->cb(ev->watch, ev->path);
		free(ev);
	}
	return 0;
}

/* ---- watches ---- */

int xenbus_watch(struct xenbus_watch *w)
{
	static unsigned int counter;
	struct xs_iov iov[2];
	int rc;

	ksnprintf(w->token, sizeof(w->token), "dl%u", ++counter);
	w->next = watches;
	watches = w;
	iov[0] = (struct xs_iov){w->path, strlen(w->path) + 1};
	iov[1] = (struct xs_iov){w->token, strlen(w->token) + 1};
	rc = xs_talk(XBT_NIL, XS_WATCH, iov, 2, NULL, NULL);
	if (rc)
		xenbus_unwatch_local(w);
	return rc;
}

/* Forgets w here: no more callbacks, queued events dropped. */
void xenbus_unwatch_local(struct xenbus_watch *w)
{
	struct xenbus_watch **p;
	struct watch_event **e;

	for (p = &watches; *p; p = &(*p)->next) {
		if (*p == w) {
			*p = w->next;
			break;
		}
	}
	events_tail = &events;
	for (e = &events; *e;) {
		if ((*e)->watch == w) {
			struct watch_event *dead = *e;
			*e = dead->next;
			free(dead);
		} else {
			events_tail = &(*e)->next;
			e = &(*e)->next;
		}
	}
}

int xenbus_unwatch(struct xenbus_watch *w)
{
	struct xs_iov iov[2] = {
	    {w->path, strlen(w->path) + 1},
	    {w->token, strlen(w->token) + 1},
	};

	xenbus_unwatch_local(w);
	return xs_talk(XBT_NIL, XS_UNWATCH, iov, 2, NULL, NULL);
}

/* Before handing the domain to another kernel (kexec): xenstored forgets
 * our watches, so their events never reach a kernel that did not set
 * them.  Thread context; one request per watch. */
void xenbus_unwatch_all(void)
{
	while (watches)
		xenbus_unwatch(watches); /* unlinks it first: the loop ends */
}

/*
 * After a restore xenstored is a new connection on a new ring: a reply to
 * a request sent before the suspend will never come, so those fail with
 * -EAGAIN (transactions retry), and the watches must be registered again
 * (xenbus_rewatch, from thread context).
 */
void xenbus_resume(void)
{
	unsigned int i;

	intf = mfn_to_virt(start_info->store_mfn);
	port = start_info->store_evtchn;
	xs_rx_reset(&rx);
	for (i = 0; i < NR_SLOTS; i++) {
		if (slots[i].busy && !slots[i].done) {
			slots[i].err = -EAGAIN;
			slots[i].done = true;
			wake_up(&slots[i].wq);
		}
	}
	if (!intf || evtchn_attach(port, ring_event, NULL))
		mark_broken("cannot reconnect after resume");
	wake_up(&ring_wq);
}

void xenbus_rewatch(void)
{
	struct xenbus_watch *w;

	for (w = watches; w; w = w->next) {
		struct xs_iov iov[2] = {
		    {w->path, strlen(w->path) + 1},
		    {w->token, strlen(w->token) + 1},
		};
		int rc = xs_talk(XBT_NIL, XS_WATCH, iov, 2, NULL, NULL);

		if (rc)
			printk("xenbus: re-watching %s failed (%d)\n", w->path,
			       rc);
	}
}

int xenbus_init(void)
{
	if (!start_info->store_mfn)
		return -ENODEV;
	intf = mfn_to_virt(start_info->store_mfn);
	port = start_info->store_evtchn;
	if (!intf)
		return -EFAULT;
	if (!thread_create("xenbus", reader_thread, NULL) ||
	    !thread_create("xenwatch", watch_thread, NULL))
		return -ENOMEM;
	return evtchn_attach(port, ring_event, NULL);
}
