// SOURCES: netfront/ring.c netfront/rx.c
// CFLAGS: -I.
/*
 * fuzz_netfront.c - netfront's ring logic (netfront/ring.c) driven by a
 * fake backend whose every move comes from the fuzzer: responses with any
 * id, status, offset and flags, rx frames of several slots with
 * extra-info slots of any type, flags and GSO size, producer indices set
 * anywhere, random bytes scribbled over the shared pages, interleaved
 * with our sends and reaps, with multi-slot/GSO receive advertised or
 * not.  Checked against a model of which ids are ours to see: a callback
 * only ever names a pending id, once per frame and reap; every piece of
 * an rx frame lies inside its page (the page is a heap buffer of exactly
 * 4096 bytes, so ASan sees any overrun); a frame has 1..NF_RX_MAX_SLOTS
 * pieces and 1..NF_RX_MAX_FRAME bytes, GSO only as advertised with a
 * size below its length; after a reap every rx buffer is posted again
 * (none leaks, whatever was dropped); `broken` is reported at most once
 * and, once it is, no id is left pending; NETIF_RSP_NULL answers are
 * taken only for extra-info slots still unanswered, so the ring's slot
 * accounting never goes negative.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <domlet/errno.h>
#include "netfront/nf_ring.h"
#include "fuzz.h"

static struct nf_ring ring;
static bool tx_pending[NF_TX_SLOTS], rx_pending[NF_RX_SLOTS];
static uint8_t *rxbuf[NF_RX_SLOTS];
static unsigned int broken_calls;
static volatile uint8_t sink;

static void cb_tx(void *ctx, uint16_t id, int16_t status)
{
	(void)ctx;
	REQUIRE(id < NF_TX_SLOTS && tx_pending[id]);
	REQUIRE(status >= NETIF_RSP_DROPPED && status <= NETIF_RSP_OKAY);
	tx_pending[id] = false;
}

static void cb_rx(void *ctx, const struct nf_rx_frame *fr)
{
	uint32_t total = 0;
	unsigned int i;
	uint16_t b;

	(void)ctx;
	REQUIRE(fr->nfrag >= 1 && fr->nfrag <= NF_RX_MAX_SLOTS);
	REQUIRE(fr->nfrag == 1 || ring.rx_sg);
	for (i = 0; i < fr->nfrag; i++) {
		uint16_t id = fr->frag[i].id;

		REQUIRE(id < NF_RX_SLOTS && rx_pending[id]);
		REQUIRE(fr->frag[i].offset + fr->frag[i].len <= NF_PAGE_SIZE);
		for (b = 0; b < fr->frag[i].len; b++) /* ASan checks */
			sink ^= rxbuf[id][fr->frag[i].offset + b];
		total += fr->frag[i].len;
		/* Not ours until ring.c re-posts it after the batch. */
		rx_pending[id] = false;
	}
	REQUIRE(total == fr->len && total > 0 && total <= NF_RX_MAX_FRAME);
	REQUIRE(!(fr->flags & ~(NETRXF_data_validated | NETRXF_csum_blank)));
	if (fr->gso_size) {
		REQUIRE(fr->gso_size < fr->len);
		REQUIRE(ring.rx_gso_types & 1u << fr->gso_type);
	}
}

static void cb_broken(void *ctx, const char *why)
{
	(void)ctx;
	REQUIRE(why != NULL);
	broken_calls++;
}

static const struct nf_ring_ops ops = {cb_tx, cb_rx, cb_broken};

struct input {
	const uint8_t *p;
	size_t n;
};

static uint32_t take(struct input *in, unsigned int bytes)
{
	uint32_t v = 0;

	while (bytes--) {
		v = v << 8 | (in->n ? *in->p : 0);
		if (in->n) {
			in->p++;
			in->n--;
		}
	}
	return v;
}

/* A packet of 1-3 slots, sometimes with a GSO extra-info slot after the
 * first (which takes a ring slot and no id). */
static void do_send(struct input *in)
{
	unsigned int v = take(in, 1), slots = v % 3 + 1, extra = v >> 7, i;
	struct netif_extra_info ex = {.type = XEN_NETIF_EXTRA_TYPE_GSO};

	if (nf_tx_free_count(&ring) < slots ||
	    nf_tx_free_slots(&ring) < slots + extra)
		return;
	for (i = 0; i < slots; i++) {
		int id = nf_tx_get_id(&ring);
		uint16_t f =
		    (uint16_t)((i + 1 < slots ? NETTXF_more_data : 0) |
			       (i == 0 && extra ? NETTXF_extra_info : 0));

		REQUIRE(id >= 0 && id < (int)NF_TX_SLOTS && !tx_pending[id]);
		REQUIRE(nf_tx_queue(&ring, (uint16_t)id, 1, 0, 100, f) == 0);
		tx_pending[id] = true;
		if (i == 0 && extra)
			REQUIRE(nf_tx_queue_extra(&ring, &ex) == 0);
	}
	nf_tx_push(&ring);
}

/* The backend writes a response somewhere and maybe moves its index. */
static void do_backend(struct input *in, bool tx)
{
	uint32_t slot = take(in, 1);
	uint16_t id = (uint16_t)take(in, 2);
	int16_t status = (int16_t)take(in, 2);

	if (tx) {
		netif_tx_response_t *r = RING_GET_RESPONSE(&ring.tx, slot);
		r->id = id;
		r->status = status;
		if (take(in, 1) & 1)
			ring.tx.sring->rsp_prod = ring.tx.rsp_cons + (slot & 7);
	} else {
		netif_rx_response_t *r = RING_GET_RESPONSE(&ring.rx, slot);
		r->id = id;
		r->status = status;
		r->offset = (uint16_t)take(in, 2);
		r->flags = (uint16_t)take(in, 1);
		if (take(in, 1) & 1)
			ring.rx.sring->rsp_prod = ring.rx.rsp_cons + (slot & 7);
	}
}

/* The backend writes a frame of several slots from rsp_cons on (maybe
 * further): data slots chained by more_data, extra-info slots after the
 * first, then maybe publishes it all or in part. */
static void do_chain(struct input *in)
{
	unsigned int n = take(in, 1) % 24 + 1, nx = take(in, 1) % 6, i;
	RING_IDX at = ring.rx.rsp_cons + take(in, 1) % 4;

	for (i = 0; i < n + nx; i++) {
		void *slot = RING_GET_RESPONSE(&ring.rx, at + i);

		if (i >= 1 && i <= nx) {
			struct netif_extra_info ex = {0};

			ex.type = (uint8_t)(take(in, 1) % 6);
			ex.flags = (uint8_t)((i < nx ? 1 : 0) ^
					     (take(in, 1) % 8 == 0 ? 2 : 0));
			ex.u.gso.size = (uint16_t)take(in, 2);
			ex.u.gso.type = (uint8_t)(take(in, 1) % 4);
			memcpy(slot, &ex, sizeof(ex));
		} else {
			netif_rx_response_t r;
			unsigned int o = take(in, 1), v = take(in, 2);

			/* Mostly pieces inside the page, sometimes not. */
			r.id = (uint16_t)take(in, 1);
			r.offset = (uint16_t)(o & 0x80 ? (o & 0x7f) * 33 : 0);
			r.status =
			    (int16_t)(v >= 0xff00 ? -(int)(v & 3)
						  : (int)(v % (NF_PAGE_SIZE -
							       r.offset + 8)));
			/* more_data: another data slot follows (after the
			 * extras, for the first). */
			r.flags =
			    (uint16_t)(((i == 0 ? n > 1 : i + 1 < n + nx)
					    ? NETRXF_more_data
					    : 0) |
				       (i == 0 && nx ? NETRXF_extra_info : 0) |
				       (take(in, 1) & 3));
			memcpy(slot, &r, sizeof(r));
		}
	}
	if (take(in, 1) & 1)
		ring.rx.sring->rsp_prod = at + i - (take(in, 1) & 1);
}

static void do_reap(struct input *in)
{
	unsigned int i;
	bool notify;
	int n;

	switch (take(in, 1) % 3) {
	case 0:
		nf_tx_reap(&ring);
		break;
	case 1:
		n = nf_rx_reap(&ring, take(in, 1), &notify);
		REQUIRE(n >= -EIO);
		if (n < 0)
			break;
		/* Every buffer is with the backend again, frames dropped
		 * or extra-info slots included. */
		for (i = 0; i < NF_RX_SLOTS; i++) {
			REQUIRE(ring.rx_busy[i]);
			rx_pending[i] = true;
		}
		break;
	default:
		nf_rx_pending(&ring);
	}
}

/* Scribbles over a shared page (indices included). */
static void do_scribble(struct input *in, void *txp, void *rxp)
{
	uint8_t *page = (take(in, 1) & 1) ? txp : rxp;
	uint32_t off = take(in, 2) % (NF_PAGE_SIZE - 4);
	uint32_t v = take(in, 4);

	memcpy(page + off, &v, 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	void *txp = aligned_alloc(NF_PAGE_SIZE, NF_PAGE_SIZE);
	void *rxp = aligned_alloc(NF_PAGE_SIZE, NF_PAGE_SIZE);
	unsigned int i;

	memset(tx_pending, 0, sizeof(tx_pending));
	broken_calls = 0;
	nf_ring_init(&ring, txp, rxp, &ops, NULL);
	for (i = 0; i < NF_RX_SLOTS; i++) {
		rxbuf[i] = malloc(NF_PAGE_SIZE);
		memset(rxbuf[i], 0, NF_PAGE_SIZE);
		REQUIRE(nf_rx_post(&ring, (uint16_t)i, i) == 0);
		rx_pending[i] = true;
	}
	nf_rx_push(&ring);
	/* Multi-slot and GSO receive advertised, as netfront does, or not. */
	if (take(&in, 1) & 1) {
		ring.rx_sg = true;
		ring.rx_gso_types = 1u << XEN_NETIF_GSO_TYPE_TCPV4 |
				    1u << XEN_NETIF_GSO_TYPE_TCPV6;
	}
	while (in.n) {
		switch (take(&in, 1) % 7) {
		case 0:
			do_send(&in);
			break;
		case 1:
			do_backend(&in, true);
			break;
		case 2:
			do_backend(&in, false);
			break;
		case 3:
			do_reap(&in);
			break;
		case 4:
			do_scribble(&in, txp, rxp);
			break;
		case 5:
			do_chain(&in);
			break;
		default:
			if (take(&in, 1) == 0xff)
				nf_ring_break(&ring, "fuzz");
		}
		REQUIRE(broken_calls <= 1);
		REQUIRE(broken_calls == 0 || ring.broken);
		REQUIRE(nf_tx_free_slots(&ring) <= NF_TX_SLOTS);
	}
	if (ring.broken)
		for (i = 0; i < NF_TX_SLOTS; i++)
			REQUIRE(!tx_pending[i]);
	for (i = 0; i < NF_RX_SLOTS; i++)
		free(rxbuf[i]);
	free(txp);
	free(rxp);
	return 0;
}
