/*
 * xenbus.c - netfront's control path: reading the vif's configuration
 * from xenstore, granting the rings and buffers, the handshake with
 * netback, detach, and teardown.
 *
 * Trust: every xenstore value (backend path, backend id, mac, features,
 * backend state) is untrusted and parsed strictly (nf_parse.h).  The
 * backend's state is read in one place, nf_on_state(), a single switch
 * that serves both the handshake and the detach of a running device; every
 * wait on it has a deadline.
 *
 * Handshake (as Linux's netfront and what netback expects): wait for the
 * backend's InitWait, write ring refs, event channel and features in one
 * transaction, switch straight to Connected, wait for the backend's
 * Connected.  Detach (`xl network-detach`): the toolstack moves the
 * backend to Closing; we fail the data path with -ENODEV and answer
 * Closed, after which netback unmaps the rings and the toolstack removes
 * both directories.
 */
#include <domlet/kernel.h>
#include <domlet/printf.h>
#include <string.h>
#include "netfront/nf_parse.h"
#include "netfront/nf_priv.h"

#define NF_CLOSE_NS	(5 * NSEC_PER_SEC)
#define NF_GRANT_END_NS (2 * NSEC_PER_SEC)

/* Reads dir/key into buf; a value with an embedded NUL is malformed. */
static int nf_read(const char *dir, const char *key, char *buf, size_t size)
{
	char path[192];
	int n;

	if (ksnprintf(path, sizeof(path), "%s/%s", dir, key) >=
	    (int)sizeof(path))
		return -E2BIG;
	n = xenbus_read(XBT_NIL, path, buf, size);
	if (n < 0)
		return n;
	return strlen(buf) == (size_t)n ? 0 : -EINVAL;
}

/* A backend boolean feature; absent means 0. */
static int nf_feature(struct netfront *nf, const char *key, int *val)
{
	char buf[8];
	int rc = nf_read(nf->be, key, buf, sizeof(buf));

	*val = 0;
	if (rc == -ENOENT)
		return 0;
	if (rc == 0)
		rc = nf_parse_bool(buf, val);
	if (rc)
		printk("netfront %u: bad %s/%s (%d)\n", nf->id, nf->be, key,
		       rc);
	return rc;
}

int nf_read_config(struct netfront *nf)
{
	char buf[32];
	unsigned long v;
	int rc, copy, sg, gso4, gso6, csum6;
	const char *key;

	ksnprintf(nf->dir, sizeof(nf->dir), "device/vif/%u", nf->id);
	key = "backend";
	rc = nf_read(nf->dir, key, nf->be, sizeof(nf->be));
	if (rc == 0 && nf->be[0] != '/')
		rc = -EINVAL;
	if (rc)
		goto errout;
	key = "backend-id";
	rc = nf_read(nf->dir, key, buf, sizeof(buf));
	if (rc == 0)
		rc = nf_parse_uint(buf, DOMID_FIRST_RESERVED - 1, &v);
	if (rc)
		goto errout;
	nf->beid = (domid_t)v;
	key = "mac";
	rc = nf_read(nf->dir, key, buf, sizeof(buf));
	if (rc == 0)
		rc = nf_parse_mac(buf, nf->mac);
	if (rc)
		goto errout;
	if (nf_feature(nf, "feature-rx-copy", &copy) ||
	    nf_feature(nf, "feature-sg", &sg) ||
	    nf_feature(nf, "feature-gso-tcpv4", &gso4) ||
	    nf_feature(nf, "feature-gso-tcpv6", &gso6) ||
	    nf_feature(nf, "feature-ipv6-csum-offload", &csum6))
		return -EINVAL;
	if (!copy) {
		printk("netfront %u: backend lacks feature-rx-copy\n", nf->id);
		return -EOPNOTSUPP;
	}
	/* Multi-queue: the backend's cap, absent or 0 meaning one pair. */
	key = "multi-queue-max-queues";
	rc = nf_read(nf->be, key, buf, sizeof(buf));
	if (rc == 0)
		rc = nf_parse_uint(buf, ~0u, &v);
	if (rc == -ERANGE) /* more than we would ever use: clamped below */
		rc = 0, v = ~0u;
	if (rc == -ENOENT)
		rc = 0, v = 1;
	if (rc) {
		printk("netfront %u: bad %s/%s (%d)\n", nf->id, nf->be, key,
		       rc);
		return rc;
	}
	nf->max_queues = v ? (unsigned int)v : 1;
	/* want_queues is 1..NETFRONT_MAX_QUEUES (netfront_open_opts). */
	nf->nq =
	    nf->want_queues < nf->max_queues ? nf->want_queues : nf->max_queues;
	nf->sg = sg;
	/* A segment larger than a page needs several slots. */
	nf->gso_tcpv4 = sg && gso4;
	nf->gso_tcpv6 = sg && gso6 && csum6;
	nf->csum_ipv6 = csum6;
	return 0;
errout:
	printk("netfront %u: bad or missing %s/%s (%d)\n", nf->id, nf->dir, key,
	       rc);
	return rc;
}

/* One zeroed page granted to the backend; the ref or -errno. */
static long nf_grant_page(struct netfront *nf, void **page, bool readonly)
{
	long ref;

	*page = alloc_pages(0);
	if (!*page)
		return -ENOMEM;
	memset(*page, 0, NF_PAGE_SIZE);
	ref = gnttab_grant(nf->beid, virt_to_mfn(*page), readonly);
	if (ref < 0) {
		free_pages(*page, 0);
		*page = NULL;
	}
	return ref;
}

/*
 * Rings plus one page per rx id, granted once for the device's life (the
 * copy into a pre-granted page is cheaper than a grant per packet).  Tx
 * pages are made the same way but only when an id is first used
 * (nf_tx_buffer): ids are handed out lowest first and reused, so an
 * interface that never has many frames in flight never pays for 256
 * pages (1 MiB).  On failure what was made stays recorded for
 * nf_free_buffers.
 */
int nf_tx_buffer(struct nf_queue *q, unsigned int id)
{
	if (q->txbuf[id])
		return 0;
	q->txgref[id] = nf_grant_page(q->nf, &q->txbuf[id], true);
	return q->txgref[id] < 0 ? (int)q->txgref[id] : 0;
}

static struct nf_queue *nf_queue_new(struct netfront *nf, unsigned int idx)
{
	struct nf_queue *q = calloc(1, sizeof(*q));
	unsigned int i;

	if (!q)
		return NULL;
	q->nf = nf;
	q->idx = idx;
	q->tx_ring_ref = q->rx_ring_ref = -1;
	for (i = 0; i < NF_TX_SLOTS; i++)
		q->txgref[i] = -1;
	for (i = 0; i < NF_RX_SLOTS; i++)
		q->rxgref[i] = -1;
	return q;
}

static int nf_queue_buffers(struct nf_queue *q)
{
	struct netfront *nf = q->nf;
	unsigned int i;

	q->tx_ring_ref = nf_grant_page(nf, &q->tx_sring, false);
	if (q->tx_ring_ref < 0)
		return (int)q->tx_ring_ref;
	q->rx_ring_ref = nf_grant_page(nf, &q->rx_sring, false);
	if (q->rx_ring_ref < 0)
		return (int)q->rx_ring_ref;
	for (i = 0; i < NF_RX_SLOTS; i++) {
		q->rxgref[i] = nf_grant_page(nf, &q->rxbuf[i], false);
		if (q->rxgref[i] < 0)
			return (int)q->rxgref[i];
	}
	nf_ring_init(&q->ring, q->tx_sring, q->rx_sring, &nf_ops, q);
	/* What nf_publish_tx advertises: multi-slot frames and TCP GSO. */
	q->ring.rx_sg = true;
	q->ring.rx_gso_types =
	    1u << XEN_NETIF_GSO_TYPE_TCPV4 | 1u << XEN_NETIF_GSO_TYPE_TCPV6;
	for (i = 0; i < NF_RX_SLOTS; i++)
		nf_rx_post(&q->ring, (uint16_t)i, (grant_ref_t)q->rxgref[i]);
	nf_rx_push(&q->ring);
	return 0;
}

/* nf->nq queues, each with its rings and rx pages. */
int nf_alloc_buffers(struct netfront *nf)
{
	unsigned int i;
	int rc;

	for (i = 0; i < nf->nq; i++) {
		nf->qs[i] = nf_queue_new(nf, i);
		if (!nf->qs[i])
			return -ENOMEM;
		rc = nf_queue_buffers(nf->qs[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int nf_publish_tx(xbt_t t, void *arg)
{
	struct netfront *nf = arg;
	/* Receive: frames of several slots up to 64 KiB (rx.c), TCP GSO
	 * frames over IPv4 and IPv6 (handed on whole), and checksums left
	 * blank for traffic from this host (NETFRONT_RX_CSUM_BLANK).  The
	 * last three are offloads: a wire-mode vif (NETFRONT_OPEN_WIRE)
	 * asks for none, and says feature-no-csum-offload, so the backend
	 * hands it frames as a NIC would see them. */
	static const char *const one[] = {
	    "request-rx-copy",	 "feature-rx-notify",
	    "feature-sg",	 "feature-gso-tcpv4",
	    "feature-gso-tcpv6", "feature-ipv6-csum-offload"};
	const unsigned int offloads = 3; /* the last three of one[] */
	char path[64], key[40];
	unsigned int i;
	int rc;

#define NF_PUT(key, fmt, val)                                                  \
	do {                                                                   \
		ksnprintf(path, sizeof(path), "%s/%s", nf->dir, key);          \
		rc = xenbus_printf(t, path, fmt, val);                         \
		if (rc) {                                                      \
			printk("netfront %u: writing %s failed (%d)\n",        \
			       nf->id, path, rc);                              \
			return rc;                                             \
		}                                                              \
	} while (0)
	/* One queue: the flat keys every backend knows; more: netif.h's
	 * multi-queue-num-queues and queue-N/ directories. */
	if (nf->nq > 1)
		NF_PUT("multi-queue-num-queues", "%u", nf->nq);
	for (i = 0; i < nf->nq; i++) {
		struct nf_queue *q = nf->qs[i];
		char sub[16] = "";

		if (nf->nq > 1)
			ksnprintf(sub, sizeof(sub), "queue-%u/", i);
		ksnprintf(key, sizeof(key), "%stx-ring-ref", sub);
		NF_PUT(key, "%ld", q->tx_ring_ref);
		ksnprintf(key, sizeof(key), "%srx-ring-ref", sub);
		NF_PUT(key, "%ld", q->rx_ring_ref);
		ksnprintf(key, sizeof(key), "%sevent-channel", sub);
		NF_PUT(key, "%u", q->port);
	}
	for (i = 0; i < ARRAY_SIZE(one); i++)
		NF_PUT(one[i], "%d",
		       nf->wire && i >= ARRAY_SIZE(one) - offloads ? 0 : 1);
	NF_PUT("feature-no-csum-offload", "%d", nf->wire ? 1 : 0);
#undef NF_PUT
	return 0;
}

static int nf_be_state(struct netfront *nf, XenbusState *st)
{
	char buf[8];
	unsigned long v;
	int rc = nf_read(nf->be, "state", buf, sizeof(buf));

	if (rc == 0)
		rc = nf_parse_uint(buf, XenbusStateReconfigured, &v);
	if (rc == -ENOENT)
		v = XenbusStateClosed; /* the toolstack removed it: gone */
	else if (rc)
		return rc;
	*st = (XenbusState)v;
	return 0;
}

/* True while our own frontend directory exists (detach removes it; a
 * write then would recreate a stray node). */
static bool nf_front_exists(struct netfront *nf)
{
	char buf[8];

	return nf_read(nf->dir, "state", buf, sizeof(buf)) == 0;
}

static void nf_detached(struct netfront *nf, XenbusState st)
{
	if (nf->status == 0)
		printk("netfront %u: backend state %d: detaching\n", nf->id,
		       (int)st);
	nf_fail(nf, -ENODEV);
	nf_break_all(nf, "device detached"); /* fails pending tx */
	if (nf_front_exists(nf))
		xenbus_switch_state(nf->dir, XenbusStateClosed);
}

/*
 * The one switch over the backend's state.  `connecting`: in the
 * handshake (publish and go Connected on InitWait), else running (only
 * Closing/Closed matter).  1: connected, 0: keep waiting, or -errno.
 */
static int nf_on_state(struct netfront *nf, XenbusState st, bool connecting,
		       bool *published)
{
	int rc;

	switch (st) {
	case XenbusStateInitialising:
	case XenbusStateUnknown:
		return connecting ? 0 : -EPROTO;
	case XenbusStateInitWait:
	case XenbusStateInitialised:
		if (!connecting || *published)
			return 0;
		rc = xenbus_transaction(nf_publish_tx, nf);
		if (rc == 0)
			rc = xenbus_switch_state(nf->dir, XenbusStateConnected);
		if (rc)
			return rc;
		*published = true;
		return 0;
	case XenbusStateConnected:
		return connecting ? (*published ? 1 : -EPROTO) : 0;
	case XenbusStateClosing:
	case XenbusStateClosed:
		if (connecting)
			return -ENODEV;
		nf_detached(nf, st);
		return 0;
	default:
		return connecting ? 0 : -EPROTO;
	}
}

static void nf_watch_cb(struct xenbus_watch *w, const char *path)
{
	struct netfront *nf = w->arg;

	(void)path;
	nf->state_gen++;
	wake_up(&nf->work_wq);
}

int nf_connect(struct netfront *nf)
{
	uint64_t deadline = monotonic_ns() + NF_HANDSHAKE_NS;
	bool published = false;
	XenbusState st = XenbusStateUnknown;
	int rc;

	for (unsigned int i = 0; i < nf->nq; i++) {
		struct nf_queue *q = nf->qs[i];

		rc = evtchn_alloc_unbound(nf->beid, nf_event, q, &q->port);
		if (rc) {
			printk("netfront %u: event channel: %d\n", nf->id, rc);
			return rc;
		}
		q->have_port = true;
	}
	ksnprintf(nf->watch_path, sizeof(nf->watch_path), "%s/state", nf->be);
	nf->watch.path = nf->watch_path;
	nf->watch.cb = nf_watch_cb;
	nf->watch.arg = nf;
	rc = xenbus_watch(&nf->watch);
	if (rc)
		return rc;
	nf->watching = true;
	for (;;) {
		unsigned int gen = nf->state_gen;

		rc = nf_be_state(nf, &st);
		if (rc == 0)
			rc = nf_on_state(nf, st, true, &published);
		if (rc)
			break;
		rc = wait_event_until(nf->work_wq, nf->state_gen != gen,
				      deadline);
		if (rc)
			break;
	}
	if (rc == 1)
		return 0;
	printk("netfront %u: handshake failed at backend state %d (%d)\n",
	       nf->id, (int)st, rc);
	return rc ? rc : -EPROTO;
}

void nf_backend_changed(struct netfront *nf)
{
	XenbusState st;
	bool published = true;

	if (nf_be_state(nf, &st) == 0)
		nf_on_state(nf, st, false, &published);
}

/* Waits (bounded) until the backend state is one of a or b. */
static void nf_wait_be(struct netfront *nf, XenbusState a, XenbusState b)
{
	uint64_t deadline = monotonic_ns() + NF_CLOSE_NS;
	XenbusState st;

	for (;;) {
		unsigned int gen = nf->state_gen;

		if (nf_be_state(nf, &st) || st == a || st == b)
			return;
		if (wait_event_until(nf->work_wq, nf->state_gen != gen,
				     deadline))
			return;
	}
}

/* Closing -> Closed with the backend, each step bounded; a backend gone
 * already (detach) makes both waits return at once. */
void nf_disconnect(struct netfront *nf)
{
	if (nf->watching && nf_front_exists(nf)) {
		xenbus_switch_state(nf->dir, XenbusStateClosing);
		nf_wait_be(nf, XenbusStateClosing, XenbusStateClosed);
		if (nf_front_exists(nf))
			xenbus_switch_state(nf->dir, XenbusStateClosed);
		nf_wait_be(nf, XenbusStateClosed, XenbusStateClosed);
	}
	if (nf->watching)
		xenbus_unwatch(&nf->watch);
	nf->watching = false;
	for (unsigned int i = 0; i < nf->nq; i++) {
		struct nf_queue *q = nf->qs[i];

		if (!q)
			continue;
		if (q->have_port)
			evtchn_close(q->port);
		q->have_port = false;
	}
}

void nf_break_all(struct netfront *nf, const char *why)
{
	for (unsigned int i = 0; i < nf->nq; i++)
		if (nf->qs[i])
			nf_ring_break(&nf->qs[i]->ring, why);
}

/* Ends one grant, retrying while the backend still maps it; frees the
 * page only once the grant is gone (else leaks it: never reuse a page
 * the backend can still write). */
static int nf_ungrant(long *ref, void **page, uint64_t deadline)
{
	int rc = 0;

	if (*ref >= 0) {
		while ((rc = gnttab_end((grant_ref_t)*ref)) == -EBUSY &&
		       monotonic_ns() < deadline)
			msleep(10);
		if (rc == 0)
			*ref = -1;
	}
	if (rc == 0 && *page) {
		free_pages(*page, 0);
		*page = NULL;
	}
	return rc;
}

/* Adds a's counts to the running totals in t. */
static void nf_rxc_add(struct nf_rx_counters *t, const struct nf_rx_counters *a)
{
	t->errors += a->errors;
	t->too_many_slots += a->too_many_slots;
	t->too_long += a->too_long;
	t->bad_extra += a->bad_extra;
	t->bad_gso += a->bad_gso;
	t->multi += a->multi;
	t->gso += a->gso;
	t->gso_bytes += a->gso_bytes;
	t->csum_valid += a->csum_valid;
	t->csum_blank += a->csum_blank;
}

void nf_rxc_sum(const struct netfront *nf, struct nf_rx_counters *t)
{
	*t = nf->rxc_gone;
	for (unsigned int i = 0; i < NETFRONT_MAX_QUEUES; i++)
		if (nf->qs[i])
			nf_rxc_add(t, &nf->qs[i]->ring.rxc);
}

/* Ends every grant of every queue and frees the queues whose pages all
 * came back (their counts go to the totals); a page the backend still
 * maps is leaked with its queue. */
int nf_free_buffers(struct netfront *nf)
{
	uint64_t deadline = monotonic_ns() + NF_GRANT_END_NS;
	unsigned int i, n;
	int rc = 0, busy = 0;

	for (n = 0; n < NETFRONT_MAX_QUEUES; n++) {
		struct nf_queue *q = nf->qs[n];
		int qbusy = 0;

		if (!q)
			continue;
		for (i = 0; i < NF_TX_SLOTS; i++)
			qbusy |= nf_ungrant(&q->txgref[i], &q->txbuf[i],
					    deadline) != 0;
		for (i = 0; i < NF_RX_SLOTS; i++)
			qbusy |= nf_ungrant(&q->rxgref[i], &q->rxbuf[i],
					    deadline) != 0;
		qbusy |=
		    nf_ungrant(&q->tx_ring_ref, &q->tx_sring, deadline) != 0;
		qbusy |=
		    nf_ungrant(&q->rx_ring_ref, &q->rx_sring, deadline) != 0;
		nf_rxc_add(&nf->rxc_gone, &q->ring.rxc);
		nf->qs[n] = NULL;
		if (!qbusy)
			free(q);
		busy |= qbusy;
	}
	if (busy) {
		printk("netfront %u: backend still maps some pages; leaked\n",
		       nf->id);
		rc = -EBUSY;
	}
	return rc;
}

/*
 * After a restore into a new domain (worker context).  The old domain's
 * grant table, event channels and backend are gone and the toolstack has
 * written a fresh frontend directory, so what we held is dropped without
 * telling anyone (the old port number may be someone else's now: never
 * close it) and open's steps run again behind the same handle.  Frames in
 * flight are lost (counted as tx errors); the new grant table is empty,
 * so ending the old references cannot find them mapped.
 */
int nf_reconnect(struct netfront *nf)
{
	unsigned int id;
	int rc;

	if (nf->watching)
		xenbus_unwatch(&nf->watch);
	nf->watching = false;
	for (unsigned int i = 0; i < nf->nq; i++) {
		struct nf_queue *q = nf->qs[i];

		if (!q)
			continue;
		q->have_port = false; /* events_init forgot its handler */
		for (id = 0; id < NF_TX_SLOTS; id++)
			if (q->ring.tx_busy[id])
				nf->st.tx_errors++;
	}
	rc = nf_free_buffers(nf);
	if (rc == 0)
		rc = nf_read_config(nf);
	if (rc == 0)
		rc = nf_alloc_buffers(nf);
	if (rc == 0)
		rc = nf_connect(nf);
	return rc;
}
