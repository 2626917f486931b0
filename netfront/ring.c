/*
 * ring.c - netfront's shared rings: setup, the broken latch and the tx
 * side's id bookkeeping, request queueing and the validation of every
 * backend response (nf_ring.h says what is trusted: nothing; the rx side
 * is rx.c).  No kernel calls, so tests/unit and
 * tests/fuzz run exactly this code against a hostile fake backend.
 *
 * Index dance: the backend writes rsp_prod after the responses it covers;
 * we read rsp_prod once into a local, then rmb() so the response reads
 * that follow cannot be satisfied from before the index moved.  The
 * local copy is checked against what we have outstanding
 * (req_prod_pvt - rsp_cons), so a jump past our requests is caught before
 * a single slot is read.
 */
#include <domlet/errno.h>
#include "netfront/nf_ring.h"

void nf_ring_init(struct nf_ring *r, void *tx_page, void *rx_page,
		  const struct nf_ring_ops *ops, void *ctx)
{
	netif_tx_sring_t *txs = tx_page;
	netif_rx_sring_t *rxs = rx_page;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	SHARED_RING_INIT(txs);
	SHARED_RING_INIT(rxs);
	FRONT_RING_INIT(&r->tx, txs, NF_PAGE_SIZE);
	FRONT_RING_INIT(&r->rx, rxs, NF_PAGE_SIZE);
	r->ops = ops;
	r->ctx = ctx;
	/* Hand out low ids first (the top of the stack is the end). */
	for (i = 0; i < NF_TX_SLOTS; i++)
		r->tx_free[i] = (uint16_t)(NF_TX_SLOTS - 1 - i);
	r->tx_nfree = NF_TX_SLOTS;
}

void nf_ring_break(struct nf_ring *r, const char *why)
{
	unsigned int id;

	if (r->broken)
		return;
	r->broken = true;
	r->ops->broken(r->ctx, why);
	/* Nothing pending will ever complete: give every buffer back with
	 * an error.  The ids are not reusable (nf_tx_get_id refuses). */
	for (id = 0; id < NF_TX_SLOTS; id++) {
		if (!r->tx_busy[id])
			continue;
		r->tx_busy[id] = false;
		r->ops->tx_done(r->ctx, (uint16_t)id, NETIF_RSP_ERROR);
	}
	for (id = 0; id < NF_RX_SLOTS; id++)
		r->rx_busy[id] = false;
}

/* ---- tx ---- */

int nf_tx_get_id(struct nf_ring *r)
{
	if (r->broken)
		return -EIO;
	if (r->tx_nfree == 0)
		return -ENOSPC;
	return r->tx_free[--r->tx_nfree];
}

void nf_tx_put_id(struct nf_ring *r, uint16_t id)
{
	if (id < NF_TX_SLOTS && !r->tx_busy[id] && r->tx_nfree < NF_TX_SLOTS)
		r->tx_free[r->tx_nfree++] = id;
}

unsigned int nf_tx_free_count(const struct nf_ring *r)
{
	return r->broken ? 0 : r->tx_nfree;
}

unsigned int nf_tx_free_slots(const struct nf_ring *r)
{
	if (r->broken)
		return 0;
	/* Extra-info slots take ring slots but no id. */
	return (unsigned int)RING_FREE_REQUESTS(&r->tx);
}

int nf_tx_queue(struct nf_ring *r, uint16_t id, grant_ref_t gref,
		uint16_t offset, uint16_t size, uint16_t flags)
{
	netif_tx_request_t *req;

	if (r->broken)
		return -EIO;
	if (id >= NF_TX_SLOTS || r->tx_busy[id])
		return -EINVAL;
	/* One slot per id in flight, and ids never exceed the ring size,
	 * so there is always a slot here; checked anyway. */
	if (RING_FULL(&r->tx))
		return -ENOSPC;
	req = RING_GET_REQUEST(&r->tx, r->tx.req_prod_pvt);
	req->gref = gref;
	req->offset = offset;
	req->size = size;
	req->flags = flags;
	req->id = id;
	r->tx.req_prod_pvt++;
	r->tx_busy[id] = true;
	return 0;
}

int nf_tx_queue_extra(struct nf_ring *r, const struct netif_extra_info *ex)
{
	struct netif_extra_info *slot;

	if (r->broken)
		return -EIO;
	if (RING_FULL(&r->tx))
		return -ENOSPC;
	slot = (struct netif_extra_info *)RING_GET_REQUEST(&r->tx,
							   r->tx.req_prod_pvt);
	*slot = *ex;
	r->tx.req_prod_pvt++;
	r->tx_extra++;
	return 0;
}

bool nf_tx_push(struct nf_ring *r)
{
	int notify;

	if (r->broken)
		return false;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&r->tx, notify);
	return notify;
}

/*
 * Reads the producer index once and checks it: the backend can have
 * answered at most what we posted and not yet consumed.  0 and *prod set,
 * or -EIO after breaking the ring.
 */
int nf_read_prod(struct nf_ring *r, const volatile RING_IDX *shared,
		 RING_IDX cons, RING_IDX posted, RING_IDX *prod)
{
	RING_IDX p = *shared;

	xen_rmb(); /* responses are read only after this index */
	if (p - cons > posted - cons) {
		nf_ring_break(r, "response producer index past the requests");
		return -EIO;
	}
	*prod = p;
	return 0;
}

static int tx_one(struct nf_ring *r, const netif_tx_response_t *rsp)
{
	if (rsp->status == NETIF_RSP_NULL) {
		/* The answer to an extra-info slot: its id field is
		 * whatever the slot held, so only the count is checked. */
		if (r->tx_extra == 0) {
			nf_ring_break(r, "tx NULL response with no extra "
					 "slot pending");
			return -EIO;
		}
		r->tx_extra--;
		return 0;
	}
	if (rsp->id >= NF_TX_SLOTS) {
		nf_ring_break(r, "tx response id out of range");
		return -EIO;
	}
	if (!r->tx_busy[rsp->id]) {
		nf_ring_break(r, "tx response for an id not pending");
		return -EIO;
	}
	if (rsp->status < NETIF_RSP_DROPPED || rsp->status > NETIF_RSP_OKAY) {
		nf_ring_break(r, "tx response with an impossible status");
		return -EIO;
	}
	r->tx_busy[rsp->id] = false;
	r->tx_free[r->tx_nfree++] = rsp->id;
	r->ops->tx_done(r->ctx, rsp->id, rsp->status);
	return 0;
}

int nf_tx_reap(struct nf_ring *r)
{
	RING_IDX prod, cons;
	int more;

	if (r->broken)
		return -EIO;
	do {
		if (nf_read_prod(r, &r->tx.sring->rsp_prod, r->tx.rsp_cons,
				 r->tx.req_prod_pvt, &prod))
			return -EIO;
		for (cons = r->tx.rsp_cons; cons != prod; cons++) {
			netif_tx_response_t rsp;

			RING_COPY_RESPONSE(&r->tx, cons, &rsp);
			/* Consumed before the callback: a slot is free. */
			r->tx.rsp_cons = cons + 1;
			if (tx_one(r, &rsp))
				return -EIO;
		}
		/* Re-arm rsp_event, then look again for responses that
		 * raced with it (ring.h's final check). */
		RING_FINAL_CHECK_FOR_RESPONSES(&r->tx, more);
	} while (more);
	return 0;
}
