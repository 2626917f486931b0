/*
 * rx.c - netfront's rx ring: posting buffers and taking the backend's
 * responses a whole frame at a time (nf_ring.h gives the slot layout and
 * what is checked).  No kernel calls, so tests/unit and tests/fuzz run
 * exactly this code against a hostile fake backend.
 *
 * Each frame takes two steps.  rx_scan copies the frame's slots out of
 * the shared ring, each once, and follows only the copies' flags to find
 * where the frame ends; if that slot is not published yet, nothing has
 * been changed and the frame waits.  rx_check then judges the copies:
 * a bad id or a piece outside its page is a ring violation (the device
 * breaks), a bad packet (too many slots, too long, an extra-info slot we
 * cannot take) is dropped and counted, its buffers re-posted.
 */
#include <domlet/errno.h>
#include "netfront/nf_ring.h"

enum { RX_DATA, RX_EXTRA };

int nf_rx_post(struct nf_ring *r, uint16_t id, grant_ref_t gref)
{
	netif_rx_request_t *req;

	if (r->broken)
		return -EIO;
	if (id >= NF_RX_SLOTS || r->rx_busy[id])
		return -EINVAL;
	if (RING_FULL(&r->rx))
		return -ENOSPC;
	req = RING_GET_REQUEST(&r->rx, r->rx.req_prod_pvt);
	req->id = id;
	req->gref = gref;
	/* An extra-info response in this slot will answer this id. */
	r->rx_req_id[r->rx.req_prod_pvt % NF_RX_SLOTS] = id;
	r->rx.req_prod_pvt++;
	r->rx_busy[id] = true;
	r->rx_gref[id] = gref;
	return 0;
}

bool nf_rx_push(struct nf_ring *r)
{
	int notify;

	if (r->broken)
		return false;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&r->rx, notify);
	return notify;
}

/*
 * Copies the slots of the frame that starts at cons into r->rx_chain
 * and returns how many there are, or 0 if the frame's last slot is not
 * published yet (at or past prod).  prod - cons <= NF_RX_SLOTS
 * (nf_read_prod), so the copies fit.
 */
static unsigned int rx_scan(struct nf_ring *r, RING_IDX cons, RING_IDX prod)
{
	bool more = true, extra = false;
	unsigned int n = 0;

	while (more || extra) {
		netif_rx_response_t *s = &r->rx_chain[n];

		if (cons + n == prod)
			return 0;
		RING_COPY_RESPONSE(&r->rx, cons + n, s);
		if (n > 0 && extra) {
			struct netif_extra_info ex;

			memcpy(&ex, s, sizeof(ex));
			r->rx_kind[n] = RX_EXTRA;
			extra = ex.flags & XEN_NETIF_EXTRA_FLAG_MORE;
		} else {
			/* Flags never advertised do not extend the frame:
			 * rx_check breaks the ring on them. */
			r->rx_kind[n] = RX_DATA;
			more = (s->flags & NETRXF_more_data) && r->rx_sg;
			if (n == 0)
				extra = (s->flags & NETRXF_extra_info) &&
					r->rx_gso_types;
		}
		n++;
	}
	return n;
}

/* A data slot's ring-level fault (the device breaks), or NULL. */
static const char *rx_violation(const struct nf_ring *r,
				const netif_rx_response_t *s, bool first)
{
	if (s->id >= NF_RX_SLOTS)
		return "rx response id out of range";
	if (!r->rx_busy[s->id])
		return "rx response for an id not pending";
	if (((s->flags & NETRXF_more_data) && !r->rx_sg) ||
	    (first && (s->flags & NETRXF_extra_info) && !r->rx_gso_types))
		return "rx response with flags never negotiated";
	if (s->status < 0)
		return NULL; /* an error report: the frame is dropped */
	if (s->offset >= NF_PAGE_SIZE)
		return "rx response offset past the page";
	if ((uint32_t)s->status > NF_PAGE_SIZE - s->offset)
		return "rx response length past the page";
	return NULL;
}

/* Adds data slot number `nth` (from 1) to fr; a packet fault's counter,
 * or NULL. */
static unsigned long *rx_data(struct nf_ring *r, const netif_rx_response_t *s,
			      struct nf_rx_frame *fr, unsigned int nth)
{
	if (s->status < 0)
		return &r->rxc.errors;
	if (nth == 1)
		fr->flags =
		    s->flags & (NETRXF_data_validated | NETRXF_csum_blank);
	else if (s->flags & NETRXF_extra_info)
		return &r->rxc.bad_extra; /* only the first slot has extras */
	if (nth > NF_RX_MAX_SLOTS)
		return &r->rxc.too_many_slots;
	fr->frag[nth - 1].id = s->id;
	fr->frag[nth - 1].offset = s->offset;
	fr->frag[nth - 1].len = (uint16_t)s->status;
	fr->nfrag = nth;
	fr->len += (uint16_t)s->status;
	return NULL;
}

/* Takes extra-info slot number `nth` (from 1) into fr; as rx_data. */
static unsigned long *rx_extra(struct nf_ring *r, const netif_rx_response_t *s,
			       struct nf_rx_frame *fr, unsigned int nth)
{
	struct netif_extra_info ex;

	memcpy(&ex, s, sizeof(ex));
	if (nth > NF_RX_MAX_EXTRAS)
		return &r->rxc.too_many_slots;
	/* GSO is the only type we asked for (no multicast control, no
	 * hash), and it comes once. */
	if ((ex.flags & ~XEN_NETIF_EXTRA_FLAG_MORE) ||
	    ex.type != XEN_NETIF_EXTRA_TYPE_GSO || fr->gso_size)
		return &r->rxc.bad_extra;
	if (ex.u.gso.size == 0 || ex.u.gso.type >= 32 ||
	    !(r->rx_gso_types & 1u << ex.u.gso.type))
		return &r->rxc.bad_gso;
	fr->gso_size = ex.u.gso.size;
	fr->gso_type = ex.u.gso.type;
	return NULL;
}

/* The frame as a whole, once every slot is in. */
static unsigned long *rx_whole(struct nf_ring *r, const struct nf_rx_frame *fr)
{
	if (fr->len == 0)
		return &r->rxc.errors;
	if (fr->len > NF_RX_MAX_FRAME)
		return &r->rxc.too_long;
	/* A GSO frame holds more than one segment. */
	if (fr->gso_size && fr->gso_size >= fr->len)
		return &r->rxc.bad_gso;
	return NULL;
}

/*
 * Judges the n copied slots of the frame at ring index cons and fills
 * fr.  Every buffer the frame used is marked answered and added to
 * done[].  0: a good frame; 1: dropped and counted; -EIO: broken.
 */
static int rx_check(struct nf_ring *r, RING_IDX cons, unsigned int n,
		    struct nf_rx_frame *fr, uint16_t *done, unsigned int *ndone)
{
	unsigned int i, data = 0, extras = 0;
	unsigned long *bad = NULL;
	const char *why;

	memset(fr, 0, sizeof(*fr));
	for (i = 0; i < n; i++) {
		const netif_rx_response_t *s = &r->rx_chain[i];
		uint16_t id;

		if (r->rx_kind[i] == RX_EXTRA) {
			/* No id in the slot: the request posted there. */
			id = r->rx_req_id[(cons + i) % NF_RX_SLOTS];
			if (!r->rx_busy[id]) {
				nf_ring_break(r, "rx extra-info slot whose "
						 "request was answered");
				return -EIO;
			}
			if (!bad)
				bad = rx_extra(r, s, fr, ++extras);
		} else {
			why = rx_violation(r, s, i == 0);
			if (why) {
				nf_ring_break(r, why);
				return -EIO;
			}
			id = s->id;
			if (!bad)
				bad = rx_data(r, s, fr, ++data);
		}
		/* Not pending until re-posted after the batch, so a second
		 * answer for the same id in one batch is a violation. */
		r->rx_busy[id] = false;
		done[(*ndone)++] = id;
	}
	if (!bad)
		bad = rx_whole(r, fr);
	if (bad) {
		(*bad)++;
		return 1;
	}
	return 0;
}

static void rx_count(struct nf_ring *r, const struct nf_rx_frame *fr)
{
	if (fr->nfrag > 1)
		r->rxc.multi++;
	if (fr->gso_size) {
		r->rxc.gso++;
		r->rxc.gso_bytes += fr->len;
	}
	if (fr->flags & NETRXF_data_validated)
		r->rxc.csum_valid++;
	if (fr->flags & NETRXF_csum_blank)
		r->rxc.csum_blank++;
}

int nf_rx_reap(struct nf_ring *r, unsigned int budget, bool *notify)
{
	uint16_t done[NF_RX_SLOTS];
	struct nf_rx_frame fr;
	RING_IDX prod, cons;
	unsigned int frames = 0, ndone = 0, n, i;
	int rc;

	*notify = false;
	if (r->broken)
		return -EIO;
	if (nf_read_prod(r, &r->rx.sring->rsp_prod, r->rx.rsp_cons,
			 r->rx.req_prod_pvt, &prod))
		return -EIO;
	r->rx_stalled = false;
	for (cons = r->rx.rsp_cons; cons != prod && frames < budget;
	     cons += n) {
		n = rx_scan(r, cons, prod);
		if (n == 0) {
			r->rx_stalled = true; /* the rest is not out yet */
			r->rx_seen = prod;
			break;
		}
		rc = rx_check(r, cons, n, &fr, done, &ndone);
		if (rc < 0)
			return -EIO;
		r->rx.rsp_cons = cons + n;
		frames++;
		if (rc == 0) {
			rx_count(r, &fr);
			r->ops->rx_done(r->ctx, &fr);
			if (r->broken) /* the callback may have broken it */
				return -EIO;
		}
	}
	for (i = 0; i < ndone; i++)
		nf_rx_post(r, done[i], r->rx_gref[done[i]]);
	/* A frame still unfinished with every posted buffer answered can
	 * never finish: the backend has nothing left to put it in. */
	if (r->rx_stalled && r->rx.req_prod_pvt == prod) {
		nf_ring_break(r, "rx frame longer than every buffer posted");
		return -EIO;
	}
	*notify = nf_rx_push(r);
	return (int)frames;
}

bool nf_rx_pending(struct nf_ring *r)
{
	int more;

	if (r->broken)
		return false;
	if (r->rx_stalled) {
		/* The frame at rsp_cons is not all out: ask for an event
		 * only once the backend publishes past what we saw, and say
		 * "pending" only then (else the worker would spin). */
		r->rx.sring->rsp_event = r->rx_seen + 1;
		xen_mb();
		return r->rx.sring->rsp_prod != r->rx_seen;
	}
	RING_FINAL_CHECK_FOR_RESPONSES(&r->rx, more);
	return more;
}
