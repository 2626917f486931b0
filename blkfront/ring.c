/*
 * ring.c - blkfront's side of the blkif shared ring: id bookkeeping,
 * publishing requests and validating responses.
 *
 * Trust: the shared page is writable by the backend at any moment, so we
 * never read a value from it twice and never read back what we wrote.
 * The response producer index is read once per pass and must not claim
 * more responses than requests we published and have not yet seen
 * answered; each response is copied out whole (RING_COPY_RESPONSE) and
 * its id must be < size and pending, its operation the one we sent, its
 * status one blkif defines.  Anything else latches `broken`: we stop
 * touching the ring and the driver fails what is pending (the Linux 2021
 * hardening, without its BUG_ONs).  An id is looked up in our own table,
 * never turned into a pointer.
 */
#include <string.h>
#include <domlet/errno.h>
#include "ring.h"

int blkring_init(struct blkring *r, void *sring, size_t bytes)
{
	blkif_sring_t *s = sring;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	memset(sring, 0, bytes);
	SHARED_RING_INIT(s);
	FRONT_RING_INIT(&r->fr, s, bytes);
	r->size = RING_SIZE(&r->fr);
	if (r->size == 0 || r->size > BLKRING_MAX)
		return -EINVAL;
	for (i = 0; i < BLKRING_MAX; i++)
		r->op[i] = BLKRING_FREE;
	/* Hand out low ids first: a stack popped from the end. */
	for (i = 0; i < r->size; i++)
		r->free_ids[i] = (uint16_t)(r->size - 1 - i);
	r->nfree = r->size;
	return 0;
}

void blkring_mark_broken(struct blkring *r, const char *why)
{
	if (!r->broken) {
		r->broken = true;
		r->why = why;
	}
}

unsigned int blkring_in_flight(const struct blkring *r)
{
	return r->size - r->nfree;
}

int blkring_alloc_id(struct blkring *r)
{
	if (r->broken)
		return -EIO;
	/* Ids and slots are one-to-one, so a free id means a free slot. */
	if (r->nfree == 0)
		return -EAGAIN;
	return r->free_ids[--r->nfree];
}

void blkring_free_id(struct blkring *r, unsigned int id)
{
	if (id < r->size && r->nfree < r->size) {
		r->op[id] = BLKRING_FREE;
		r->free_ids[r->nfree++] = (uint16_t)id;
	}
}

int blkring_push(struct blkring *r, const blkif_request_t *req, uint8_t op)
{
	RING_IDX old, new;
	uint64_t id = req->id;

	if (r->broken)
		return -EIO;
	if (id >= r->size || r->op[id] != BLKRING_FREE || RING_FULL(&r->fr))
		return -EINVAL; /* our bug, not the backend's */
	r->op[id] = op;
	memcpy(RING_GET_REQUEST(&r->fr, r->fr.req_prod_pvt), req, sizeof(*req));
	old = r->fr.req_prod_pvt++;
	new = r->fr.req_prod_pvt;
	/* The request body must be visible before the index that covers it. */
	xen_wmb();
	r->fr.sring->req_prod = new;
	/* Store req_prod, then load req_event: only mfence orders these, and
	 * without it we could miss a backend that just went to sleep. */
	xen_mb();
	return (RING_IDX)(new - r->fr.sring->req_event) < (RING_IDX)(new - old);
}

static int rsp_status(int16_t st)
{
	switch (st) {
	case BLKIF_RSP_OKAY:
		return 0;
	case BLKIF_RSP_ERROR:
		return -EIO;
	case BLKIF_RSP_EOPNOTSUPP:
		return -EOPNOTSUPP;
	default:
		return 1; /* not a blkif status */
	}
}

/* Checks one copied response; returns its status or 1 if invalid. */
static int check_response(struct blkring *r, const blkif_response_t *rsp)
{
	int st;

	if (rsp->id >= r->size) {
		blkring_mark_broken(r, "response id out of range");
		return 1;
	}
	if (r->op[rsp->id] == BLKRING_FREE) {
		blkring_mark_broken(r, "response for an id not pending");
		return 1;
	}
	if (rsp->operation != r->op[rsp->id]) {
		blkring_mark_broken(r, "response operation does not match");
		return 1;
	}
	st = rsp_status(rsp->status);
	if (st == 1)
		blkring_mark_broken(r, "response status unknown");
	return st;
}

/* One pass from rsp_cons to a validated producer index. */
static int poll_once(struct blkring *r, blkring_done_fn fn, void *arg)
{
	RING_IDX cons = r->fr.rsp_cons;
	RING_IDX prod = READ_ONCE(r->fr.sring->rsp_prod);
	int done = 0;

	/* Responses can only answer requests we published: anything beyond
	 * req_prod_pvt - cons is an impossible index. */
	if ((RING_IDX)(prod - cons) > (RING_IDX)(r->fr.req_prod_pvt - cons)) {
		blkring_mark_broken(r, "response producer index jumped");
		return -EIO;
	}
	xen_rmb(); /* the index before the responses it covers */
	while (cons != prod) {
		blkif_response_t rsp;
		unsigned int id;
		int st;

		RING_COPY_RESPONSE(&r->fr, cons, &rsp);
		cons++;
		st = check_response(r, &rsp);
		if (st == 1)
			return -EIO;
		id = (unsigned int)rsp.id;
		/* Free the id before the callback so it may resubmit. */
		blkring_free_id(r, id);
		r->fr.rsp_cons = cons;
		fn(arg, id, st);
		done++;
		if (r->broken)
			return -EIO;
	}
	r->fr.rsp_cons = cons;
	return done;
}

int blkring_poll(struct blkring *r, blkring_done_fn fn, void *arg)
{
	int total = 0, n, more;

	if (r->broken)
		return -EIO;
	do {
		n = poll_once(r, fn, arg);
		if (n < 0)
			return n;
		total += n;
		/* Ask for an event on the next response, then look again: a
		 * response that landed before rsp_event was stored would
		 * otherwise raise no event.  mb() orders that store before
		 * the re-read of rsp_prod. */
		r->fr.sring->rsp_event = r->fr.rsp_cons + 1;
		xen_mb();
		more = READ_ONCE(r->fr.sring->rsp_prod) != r->fr.rsp_cons;
	} while (more);
	return total;
}

void blkring_fail_all(struct blkring *r, blkring_done_fn fn, void *arg,
		      int status)
{
	unsigned int id;

	for (id = 0; id < r->size; id++) {
		if (r->op[id] == BLKRING_FREE)
			continue;
		blkring_free_id(r, id);
		fn(arg, id, status);
	}
}
