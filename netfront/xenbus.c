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
int nf_tx_buffer(struct netfront *nf, unsigned int id)
{
	if (nf->txbuf[id])
		return 0;
	nf->txgref[id] = nf_grant_page(nf, &nf->txbuf[id], true);
	return nf->txgref[id] < 0 ? (int)nf->txgref[id] : 0;
}

int nf_alloc_buffers(struct netfront *nf)
{
	struct nf_rx_counters keep;
	unsigned int i;

	nf->tx_ring_ref = nf_grant_page(nf, &nf->tx_sring, false);
	if (nf->tx_ring_ref < 0)
		return (int)nf->tx_ring_ref;
	nf->rx_ring_ref = nf_grant_page(nf, &nf->rx_sring, false);
	if (nf->rx_ring_ref < 0)
		return (int)nf->rx_ring_ref;
	for (i = 0; i < NF_RX_SLOTS; i++) {
		nf->rxgref[i] = nf_grant_page(nf, &nf->rxbuf[i], false);
		if (nf->rxgref[i] < 0)
			return (int)nf->rxgref[i];
	}
	keep = nf->ring.rxc; /* a reconnect keeps the counts */
	nf_ring_init(&nf->ring, nf->tx_sring, nf->rx_sring, &nf_ops, nf);
	nf->ring.rxc = keep;
	/* What nf_publish_tx advertises: multi-slot frames and TCP GSO. */
	nf->ring.rx_sg = true;
	nf->ring.rx_gso_types =
	    1u << XEN_NETIF_GSO_TYPE_TCPV4 | 1u << XEN_NETIF_GSO_TYPE_TCPV6;
	for (i = 0; i < NF_RX_SLOTS; i++)
		nf_rx_post(&nf->ring, (uint16_t)i, (grant_ref_t)nf->rxgref[i]);
	nf_rx_push(&nf->ring);
	return 0;
}

static int nf_publish_tx(xbt_t t, void *arg)
{
	struct netfront *nf = arg;
	/* Receive: frames of several slots up to 64 KiB (rx.c), TCP GSO
	 * frames over IPv4 and IPv6 (handed on whole), and checksums left
	 * blank for traffic from this host (NETFRONT_RX_CSUM_BLANK). */
	static const char *const one[] = {
	    "request-rx-copy",	 "feature-rx-notify",
	    "feature-sg",	 "feature-gso-tcpv4",
	    "feature-gso-tcpv6", "feature-ipv6-csum-offload"};
	char path[64];
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
	NF_PUT("tx-ring-ref", "%ld", nf->tx_ring_ref);
	NF_PUT("rx-ring-ref", "%ld", nf->rx_ring_ref);
	NF_PUT("event-channel", "%u", nf->port);
	for (i = 0; i < ARRAY_SIZE(one); i++)
		NF_PUT(one[i], "%d", 1);
	NF_PUT("feature-no-csum-offload", "%d", 0);
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
	nf_ring_break(&nf->ring, "device detached"); /* fails pending tx */
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

	rc = evtchn_alloc_unbound(nf->beid, nf_event, nf, &nf->port);
	if (rc) {
		printk("netfront %u: event channel: %d\n", nf->id, rc);
		return rc;
	}
	nf->have_port = true;
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
	if (nf->have_port)
		evtchn_close(nf->port);
	nf->have_port = false;
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

int nf_free_buffers(struct netfront *nf)
{
	uint64_t deadline = monotonic_ns() + NF_GRANT_END_NS;
	unsigned int i;
	int rc = 0, busy = 0;

	for (i = 0; i < NF_TX_SLOTS; i++)
		busy |=
		    nf_ungrant(&nf->txgref[i], &nf->txbuf[i], deadline) != 0;
	for (i = 0; i < NF_RX_SLOTS; i++)
		busy |=
		    nf_ungrant(&nf->rxgref[i], &nf->rxbuf[i], deadline) != 0;
	busy |= nf_ungrant(&nf->tx_ring_ref, &nf->tx_sring, deadline) != 0;
	busy |= nf_ungrant(&nf->rx_ring_ref, &nf->rx_sring, deadline) != 0;
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
	nf->have_port = false; /* events_init forgot its handler */
	for (id = 0; id < NF_TX_SLOTS; id++)
		if (nf->ring.tx_busy[id])
			nf->st.tx_errors++;
	rc = nf_free_buffers(nf);
	if (rc == 0)
		rc = nf_read_config(nf);
	if (rc == 0)
		rc = nf_alloc_buffers(nf);
	if (rc == 0)
		rc = nf_connect(nf);
	return rc;
}
