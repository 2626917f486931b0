/*
 * netfront.c - the public API (netfront.h) and the data path: the event
 * handler, the per-device worker thread, send and receive.
 *
 * The event handler runs with events masked on an interrupted stack, so
 * it only sets a flag and wakes the worker.  The worker takes tx
 * completions and rx frames (netfront/ring.c validates every response)
 * and follows the backend's state (xenbus.c).  Frame data is copied out
 * of the shared rx page once, into memory the backend cannot see, before
 * anyone parses it.  Senders reap tx completions themselves too, so a
 * send from inside the rx callback cannot wait on the worker it runs in.
 */
#include <domlet/kernel.h>
#include <string.h>
#include "netfront/nf_parse.h"
#include "netfront/nf_priv.h"

#define NF_MIN_FRAME 14 /* an Ethernet header */
_Static_assert(NF_RX_MAX_FRAME == NETFRONT_MAX_RX_FRAME, "rx frame bound");

void nf_fail(struct netfront *nf, int status)
{
	if (nf->status == 0)
		nf->status = status;
	wake_up(&nf->tx_wq);
	wake_up(&nf->rx_wq);
	wake_up(&nf->work_wq);
}

/* ---- ring callbacks (nf_ring_ops), in whichever thread reaps ---- */

static void nf_tx_done(void *ctx, uint16_t id, int16_t status)
{
	struct nf_queue *q = ctx;
	struct netfront *nf = q->nf;

	if (status == NETIF_RSP_OKAY)
		nf->st.tx_bytes += q->txlen[id];
	else
		nf->st.tx_errors++;
	wake_up(&nf->tx_wq);
}

/* Copies the frame's pieces out of the shared pages into dst. */
static void nf_rx_gather(struct nf_queue *q, const struct nf_rx_frame *fr,
			 unsigned char *dst)
{
	unsigned int i;

	/* rx.c checked every piece lies inside its page; the backend may
	 * still be writing the pages, so only this copy is looked at. */
	for (i = 0; i < fr->nfrag; i++) {
		memcpy(dst,
		       (const unsigned char *)q->rxbuf[fr->frag[i].id] +
			   fr->frag[i].offset,
		       fr->frag[i].len);
		dst += fr->frag[i].len;
	}
}

static void nf_queue_frame(struct nf_queue *rq, const struct nf_rx_frame *fr)
{
	struct netfront *nf = rq->nf;
	struct nf_frame *f;

	if (nf->q_count == NETFRONT_RX_QUEUE ||
	    !(f = malloc(sizeof(*f) + fr->len))) {
		nf->st.rx_dropped++;
		return;
	}
	f->len = fr->len;
	nf_rx_gather(rq, fr, f->data);
	nf->q[(nf->q_head + nf->q_count) % NETFRONT_RX_QUEUE] = f;
	nf->q_count++;
	wake_up(&nf->rx_wq);
}

/* NETFRONT_RX_* for a checked frame. */
static unsigned int nf_rx_flags(const struct nf_rx_frame *fr)
{
	unsigned int flags = 0;

	if (fr->flags & (NETRXF_data_validated | NETRXF_csum_blank))
		flags |= NETFRONT_RX_CSUM_VALID;
	if (fr->flags & NETRXF_csum_blank)
		flags |= NETFRONT_RX_CSUM_BLANK;
	if (fr->gso_size)
		flags |= (fr->gso_type == XEN_NETIF_GSO_TYPE_TCPV4
			      ? NETFRONT_RX_GSO_TCPV4
			      : NETFRONT_RX_GSO_TCPV6) |
			 (unsigned int)fr->gso_size << 16;
	return flags;
}

static void nf_rx_done(void *ctx, const struct nf_rx_frame *fr)
{
	struct nf_queue *q = ctx;
	struct netfront *nf = q->nf;

	nf->st.rx_packets++;
	nf->st.rx_bytes += fr->len;
	nf->st.q_rx[q->idx]++;
	if (!nf->rx) {
		nf_queue_frame(q, fr);
		return;
	}
	nf_rx_gather(q, fr, nf->rx_copy);
	nf->rx(nf->rx_arg, nf->rx_copy, fr->len, nf_rx_flags(fr));
}

static void nf_broken(void *ctx, const char *why)
{
	struct nf_queue *q = ctx;
	struct netfront *nf = q->nf;

	/* A detach breaks the ring on purpose, with status already set. */
	if (nf->status == 0)
		printk("netfront %u: backend broke the protocol on queue %u: "
		       "%s; device disabled\n",
		       nf->id, q->idx, why);
	nf_fail(nf, -EIO);
}

const struct nf_ring_ops nf_ops = {
    .tx_done = nf_tx_done,
    .rx_done = nf_rx_done,
    .broken = nf_broken,
};

/* ---- worker ---- */

void nf_event(evtchn_port_t port, void *data)
{
	struct nf_queue *q = data;
	struct netfront *nf = q->nf;

	(void)port;
	q->event = true;
	nf->event = true;
	wake_up(&nf->work_wq);
	/* A sender waiting for ring space reaps for itself: the worker may
	 * be the one it holds up (lwIP's netif sends with the core lock
	 * held, which the worker's rx callback then waits for), and would
	 * only wake it once the sender's wait had timed out. */
	wake_up(&nf->tx_wq);
}

/* Takes every response waiting on q, NF_RX_BUDGET rx frames at a time. */
static void nf_process(struct nf_queue *q)
{
	struct netfront *nf = q->nf;
	bool notify;
	int n;

	for (;;) {
		if (nf->status || nf_tx_reap(&q->ring))
			return;
		n = nf_rx_reap(&q->ring, NF_RX_BUDGET, &notify);
		if (notify)
			evtchn_notify(q->port);
		if (n < 0)
			return;
		if (n == NF_RX_BUDGET)
			yield(); /* let senders and the app run */
		else if (!nf_rx_pending(&q->ring))
			return;
	}
}

/* Every queue whose event flag is set (nf_event sets it first, then
 * nf->event, so clearing nf->event before looking loses nothing). */
static void nf_process_all(struct netfront *nf)
{
	for (unsigned int i = 0; i < nf->nq; i++) {
		struct nf_queue *q = nf->qs[i];

		if (q && q->event && !nf->stopping) {
			q->event = false;
			nf_process(q);
		}
	}
}

/* The worker's half of a restore: see nf_reconnect. */
static void nf_resume_work(struct netfront *nf)
{
	int rc;

	nf->reconnect = false;
	nf->event = false;
	rc = nf_reconnect(nf);
	if (rc) {
		printk("netfront %u: reconnect after restore failed (%d); "
		       "device disabled\n",
		       nf->id, rc);
		nf_fail(nf, -EIO);
	} else {
		printk("netfront %u: reconnected after restore\n", nf->id);
	}
	nf->suspended = false;
	wake_up(&nf->tx_wq);
	wake_up(&nf->rx_wq);
}

long nf_worker(void *arg)
{
	struct netfront *nf = arg;
	unsigned int gen = nf->state_gen;

	while (!nf->stopping) {
		wait_event_until(nf->work_wq,
				 nf->event || nf->state_gen != gen ||
				     nf->reconnect || nf->stopping,
				 0);
		if (nf->reconnect && !nf->stopping) {
			nf_resume_work(nf);
			gen = nf->state_gen;
			continue;
		}
		if (nf->suspended) {
			/* The ring is not ours to touch now; the resume
			 * hook makes us look again. */
			gen = nf->state_gen;
			nf->event = false;
			continue;
		}
		if (nf->state_gen != gen) {
			gen = nf->state_gen;
			nf_backend_changed(nf);
		}
		if (nf->event && !nf->stopping) {
			nf->event = false;
			nf_process_all(nf);
		}
	}
	return 0;
}

/* ---- API ---- */

int netfront_list(unsigned int *ids, unsigned int max)
{
	char buf[512];
	const char *names[32];
	unsigned long v;
	unsigned int i, found = 0;
	int n;

	n = xenbus_ls(XBT_NIL, "device/vif", buf, sizeof(buf), names,
		      ARRAY_SIZE(names));
	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return n;
	for (i = 0; i < (unsigned int)n && i < ARRAY_SIZE(names); i++) {
		if (nf_parse_uint(names[i], 65535, &v))
			continue; /* not a vif id: ignore, not trust */
		if (found < max)
			ids[found] = (unsigned int)v;
		found++;
	}
	return (int)found;
}

static void nf_free(struct netfront *nf)
{
	while (nf->q_count) {
		free(nf->q[nf->q_head]);
		nf->q_head = (nf->q_head + 1) % NETFRONT_RX_QUEUE;
		nf->q_count--;
	}
	free(nf->rx_copy);
	free(nf);
}

/* Suspend hooks (kernel/suspend.c), in the suspending thread. */
static int nf_pm_suspend(void *arg)
{
	struct netfront *nf = arg;

	nf->suspended = true;
	return 0;
}

static void nf_pm_resume(void *arg, bool new_domain)
{
	struct netfront *nf = arg;

	if (new_domain && !nf->stopping) {
		nf->reconnect = true; /* the worker clears suspended */
		wake_up(&nf->work_wq);
		return;
	}
	nf->suspended = false;
	/* Look at the rings and the backend: the worker ignored both. */
	for (unsigned int i = 0; i < nf->nq; i++)
		if (nf->qs[i])
			nf->qs[i]->event = true;
	nf->event = true;
	nf->state_gen++;
	wake_up(&nf->work_wq);
	wake_up(&nf->tx_wq);
}

static struct netfront *nf_new(unsigned int id, netfront_rx_fn rx, void *arg)
{
	struct netfront *nf = calloc(1, sizeof(*nf));

	if (!nf)
		return NULL;
	if (rx && !(nf->rx_copy = malloc(NETFRONT_MAX_RX_FRAME))) {
		free(nf);
		return NULL;
	}
	nf->id = id;
	nf->rx = rx;
	nf->rx_arg = arg;
	return nf;
}

int netfront_open(unsigned int id, netfront_rx_fn rx, void *arg,
		  struct netfront **out)
{
	return netfront_open_opts(id, rx, arg, 0, out);
}

int netfront_open_opts(unsigned int id, netfront_rx_fn rx, void *arg,
		       unsigned int opts, struct netfront **out)
{
	struct netfront *nf;
	int rc;

	if (opts & ~(NETFRONT_OPEN_WIRE | NETFRONT_OPEN_QUEUES(0xf)) ||
	    NETFRONT_OPEN_QUEUES_OF(opts) > NETFRONT_MAX_QUEUES)
		return -EINVAL;
	nf = nf_new(id, rx, arg);
	if (!nf)
		return -ENOMEM;
	nf->wire = opts & NETFRONT_OPEN_WIRE;
	nf->want_queues = NETFRONT_OPEN_QUEUES_OF(opts);
	if (nf->want_queues == 0)
		nf->want_queues = 1;
	rc = nf_read_config(nf);
	if (rc)
		goto err_free;
	rc = nf_alloc_buffers(nf);
	if (rc) {
		printk("netfront %u: granting buffers: %d\n", id, rc);
		goto err_buffers;
	}
	rc = nf_connect(nf);
	if (rc)
		goto err_disconnect;
	nf->worker = thread_create("netfront", nf_worker, nf);
	if (!nf->worker) {
		rc = -ENOMEM;
		goto err_disconnect;
	}
	nf->pm.suspend = nf_pm_suspend;
	nf->pm.resume = nf_pm_resume;
	nf->pm.arg = nf;
	suspend_hook_register(&nf->pm);
	*out = nf;
	return 0;
err_disconnect:
	nf_disconnect(nf);
err_buffers:
	nf_free_buffers(nf);
err_free:
	nf_free(nf);
	return rc;
}

int netfront_close(struct netfront *nf)
{
	int rc;

	suspend_hook_unregister(&nf->pm);
	nf_fail(nf, -ENODEV);
	nf->stopping = true;
	wake_up(&nf->work_wq);
	thread_join(nf->worker, NULL);
	nf_disconnect(nf);
	/* Pending tx ids complete with an error; then no id is in flight. */
	nf_break_all(nf, "device closed");
	rc = nf_free_buffers(nf);
	nf_free(nf);
	return rc;
}

void netfront_get_info(const struct netfront *nf, struct netfront_info *inf)
{
	memcpy(inf->mac, nf->mac, sizeof(inf->mac));
	inf->id = nf->id;
	inf->backend = nf->beid;
	inf->sg = nf->sg;
	inf->max_frame = nf->sg ? NETFRONT_MAX_FRAME : NF_PAGE_SIZE;
	inf->csum_ipv6 = nf->csum_ipv6;
	inf->gso_tcpv4 = nf->gso_tcpv4;
	inf->gso_tcpv6 = nf->gso_tcpv6;
	inf->queues = nf->nq;
	inf->max_queues = nf->max_queues;
}

void netfront_get_stats(const struct netfront *nf, struct netfront_stats *st)
{
	struct nf_rx_counters sum;
	const struct nf_rx_counters *c = &sum;

	nf_rxc_sum(nf, &sum);
	*st = nf->st;
	st->rx_multi = c->multi;
	st->rx_gso = c->gso;
	st->rx_gso_bytes = c->gso_bytes;
	st->rx_csum_valid = c->csum_valid;
	st->rx_csum_blank = c->csum_blank;
	st->rx_bad_slots = c->too_many_slots;
	st->rx_bad_len = c->too_long;
	st->rx_bad_extra = c->bad_extra;
	st->rx_bad_gso = c->bad_gso;
	st->rx_dropped += c->errors + c->too_many_slots + c->too_long +
			  c->bad_extra + c->bad_gso;
}

int netfront_status(const struct netfront *nf)
{
	return nf->status;
}

/* Room on queue qi for a frame of n slots (each with an id) plus
 * `extra` extra-info slots (ring slots without an id), reaping
 * completions first if short.  The queue is looked up each time: a
 * reconnect after a restore makes new ones (and maybe fewer). */
static bool nf_tx_room(struct netfront *nf, unsigned int qi, unsigned int n,
		       unsigned int extra)
{
	struct nf_ring *r;

	if (nf->status)
		return true; /* wake to report it */
	if (nf->suspended)
		return false; /* until resumed or reconnected */
	if (qi >= nf->nq || !nf->qs[qi])
		return true; /* gone with a reconnect: the caller looks again */
	r = &nf->qs[qi]->ring;
	if (nf_tx_free_count(r) < n || nf_tx_free_slots(r) < n + extra)
		nf_tx_reap(r);
	return nf->status ||
	       (nf_tx_free_count(r) >= n && nf_tx_free_slots(r) >= n + extra);
}

static int nf_tx_wait(struct netfront *nf, unsigned int qi, unsigned int n,
		      unsigned int extra, uint64_t timeout)
{
	if (nf_tx_room(nf, qi, n, extra))
		return nf->status;
	if (timeout == 0)
		return -EAGAIN;
	if (wait_event_until(nf->tx_wq, nf_tx_room(nf, qi, n, extra),
			     monotonic_ns() + timeout))
		return -ETIMEDOUT;
	return nf->status;
}

/* Copies len bytes from the iov cursor (*piece, *poff) to dst. */
static void nf_iov_copy(unsigned char *dst, size_t len,
			const struct netfront_iov *iov, unsigned int *piece,
			size_t *poff)
{
	while (len) {
		size_t n = iov[*piece].len - *poff;

		if (n == 0) {
			(*piece)++;
			*poff = 0;
			continue;
		}
		if (n > len)
			n = len;
		memcpy(dst, (const unsigned char *)iov[*piece].base + *poff, n);
		dst += n;
		*poff += n;
		len -= n;
	}
}

/* Takes n free tx ids (nf_tx_wait made sure there are), each with its
 * buffer page; -ENOMEM, every id given back, if a page cannot be had. */
static int nf_tx_reserve(struct nf_queue *q, unsigned int n, uint16_t *ids)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		ids[i] = (uint16_t)nf_tx_get_id(&q->ring);
		if (nf_tx_buffer(q, ids[i]) == 0)
			continue;
		do /* back in reverse: the id stack as it was */
			nf_tx_put_id(&q->ring, ids[i]);
		while (i-- > 0);
		return -ENOMEM;
	}
	return 0;
}

/* Copies the frame into the n reserved tx buffers and queues their
 * slots, with the GSO extra-info slot (if any) right after the first, as
 * netif.h asks. */
static void nf_tx_fill(struct nf_queue *q, const struct netfront_iov *iov,
		       size_t len, const uint16_t *ids, unsigned int n,
		       unsigned int flags, const struct netif_extra_info *gso)
{
	uint16_t txflags = (flags & NETFRONT_TX_CSUM_BLANK)
			       ? (NETTXF_csum_blank | NETTXF_data_validated)
			       : 0;
	unsigned int i, piece = 0;
	size_t off = 0, poff = 0;

	if (gso)
		txflags |= NETTXF_extra_info;
	for (i = 0; i < n; i++) {
		uint16_t id = ids[i];
		size_t chunk =
		    len - off < NF_PAGE_SIZE ? len - off : NF_PAGE_SIZE;
		uint16_t f = i + 1 < n ? NETTXF_more_data : 0;

		nf_iov_copy(q->txbuf[id], chunk, iov, &piece, &poff);
		q->txlen[id] = (uint16_t)chunk;
		/* The first slot carries the whole frame's length. */
		nf_tx_queue(&q->ring, id, (grant_ref_t)q->txgref[id], 0,
			    (uint16_t)(i == 0 ? len : chunk),
			    (uint16_t)(f | (i == 0 ? txflags : 0)));
		if (i == 0 && gso)
			nf_tx_queue_extra(&q->ring, gso);
		off += chunk;
	}
}

/* The queue for a frame: its first NF_FLOW_HDR bytes hashed. */
static unsigned int nf_tx_queue_of(struct netfront *nf,
				   const struct netfront_iov *iov,
				   unsigned int iovcnt)
{
	unsigned char hdr[NF_FLOW_HDR];
	size_t have = 0;

	if (nf->nq <= 1)
		return 0;
	for (unsigned int i = 0; i < iovcnt && have < sizeof(hdr); i++) {
		size_t n = iov[i].len < sizeof(hdr) - have ? iov[i].len
							   : sizeof(hdr) - have;

		memcpy(hdr + have, iov[i].base, n);
		have += n;
	}
	return nf_flow_queue(hdr, have, nf->nq);
}

int netfront_sendv(struct netfront *nf, const struct netfront_iov *iov,
		   unsigned int iovcnt, unsigned int flags, uint16_t gso_size,
		   uint64_t timeout_ns)
{
	size_t max = nf->sg ? NETFRONT_MAX_FRAME : NF_PAGE_SIZE, len = 0;
	uint16_t ids[(NETFRONT_MAX_FRAME + NF_PAGE_SIZE - 1) / NF_PAGE_SIZE];
	struct netif_extra_info ex, *gso = NULL;
	struct nf_queue *q;
	unsigned int n, i, qi;
	int rc;

	for (i = 0; i < iovcnt; i++) {
		if (iov[i].len > max)
			return -EMSGSIZE;
		len += iov[i].len;
	}
	if (len < NF_MIN_FRAME || len > max)
		return -EMSGSIZE;
	if (flags & (NETFRONT_TX_GSO_TCPV4 | NETFRONT_TX_GSO_TCPV6)) {
		bool v4 = flags & NETFRONT_TX_GSO_TCPV4;

		if ((v4 ? !nf->gso_tcpv4 : !nf->gso_tcpv6) ||
		    (flags & NETFRONT_TX_GSO_TCPV4 &&
		     flags & NETFRONT_TX_GSO_TCPV6) ||
		    !(flags & NETFRONT_TX_CSUM_BLANK) || gso_size == 0)
			return -EINVAL;
		memset(&ex, 0, sizeof(ex));
		ex.type = XEN_NETIF_EXTRA_TYPE_GSO;
		ex.u.gso.size = gso_size;
		ex.u.gso.type =
		    v4 ? XEN_NETIF_GSO_TYPE_TCPV4 : XEN_NETIF_GSO_TYPE_TCPV6;
		gso = &ex;
	}
	n = (unsigned int)((len + NF_PAGE_SIZE - 1) / NF_PAGE_SIZE);
	for (;;) {
		qi = nf_tx_queue_of(nf, iov, iovcnt);
		rc = nf_tx_wait(nf, qi, n, gso ? 1 : 0, timeout_ns);
		if (rc)
			return rc;
		if (qi < nf->nq && nf->qs[qi])
			break;
		/* queues remade by a reconnect while we waited */
	}
	q = nf->qs[qi];
	rc = nf_tx_reserve(q, n, ids);
	if (rc)
		return rc;
	nf_tx_fill(q, iov, len, ids, n, flags, gso);
	nf->st.tx_packets++;
	nf->st.q_tx[qi]++;
	if (nf_tx_push(&q->ring))
		evtchn_notify(q->port);
	return 0;
}

int netfront_send(struct netfront *nf, const void *buf, size_t len,
		  unsigned int flags, uint64_t timeout_ns)
{
	struct netfront_iov iov = {buf, len};

	if (flags & (NETFRONT_TX_GSO_TCPV4 | NETFRONT_TX_GSO_TCPV6))
		return -EINVAL; /* needs a gso_size: netfront_sendv */
	return netfront_sendv(nf, &iov, 1, flags, 0, timeout_ns);
}

int netfront_flush(struct netfront *nf, uint64_t timeout_ns)
{
	uint64_t deadline = monotonic_ns() + timeout_ns;

	for (unsigned int i = 0; i < nf->nq; i++) {
		uint64_t now = monotonic_ns();
		int rc;

		if (timeout_ns && now >= deadline)
			return -ETIMEDOUT;
		rc = nf_tx_wait(nf, i, NF_TX_SLOTS, 0,
				timeout_ns ? deadline - now : 0);
		if (rc)
			return rc;
	}
	return 0;
}

int netfront_recv(struct netfront *nf, void *buf, size_t size,
		  uint64_t timeout_ns)
{
	struct nf_frame *f;
	int len;

	if (nf->rx)
		return -EINVAL;
	if (!nf->q_count) {
		if (nf->status)
			return nf->status;
		if (timeout_ns == 0)
			return -EAGAIN;
		if (wait_event_until(nf->rx_wq, nf->q_count || nf->status,
				     monotonic_ns() + timeout_ns))
			return -ETIMEDOUT;
		if (!nf->q_count)
			return nf->status;
	}
	f = nf->q[nf->q_head];
	nf->q_head = (nf->q_head + 1) % NETFRONT_RX_QUEUE;
	nf->q_count--;
	memcpy(buf, f->data, f->len < size ? f->len : size);
	len = (int)f->len;
	free(f);
	return len;
}
