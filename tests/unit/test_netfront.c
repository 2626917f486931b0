// SOURCES: netfront/ring.c netfront/rx.c netfront/parse.c
// CFLAGS: -I.
/*
 * test_netfront.c - netfront's ring logic against a scripted hostile
 * backend: good completions, then each kind of violation (bad, duplicate
 * and unposted ids, impossible status, oversize length, offset past the
 * page, unnegotiated flags, producer index jumps), each of which must
 * latch `broken` once, fail the pending tx ids and stop all ring access.
 * Rx frames of several slots and extra-info (GSO) slots: good ones, each
 * kind of refused one (dropped and counted, the ring goes on), chains not
 * yet all published, chains across the ring's wrap.  Also the strict
 * xenstore value parsers and the multi-queue flow hash.
 */
#include <stdlib.h>
#include <string.h>
#include <domlet/errno.h>
#include "netfront/nf_parse.h"
#include "netfront/nf_ring.h"
#include "check.h"

struct fake {
	struct nf_ring r;
	void *txp, *rxp;
	unsigned int tx_done[NF_TX_SLOTS], tx_errs, rx_done, broken;
	uint16_t last_off, last_len;
	struct nf_rx_frame last; /* the last frame delivered */
	RING_IDX tx_rsp, rx_rsp; /* backend's private producer indices */
};

static void cb_tx(void *ctx, uint16_t id, int16_t status)
{
	struct fake *f = ctx;

	f->tx_done[id]++;
	if (status != NETIF_RSP_OKAY)
		f->tx_errs++;
}

static void cb_rx(void *ctx, const struct nf_rx_frame *fr)
{
	struct fake *f = ctx;

	f->rx_done++;
	f->last_off = fr->frag[0].offset;
	f->last_len = (uint16_t)fr->len;
	f->last = *fr;
}

static void cb_broken(void *ctx, const char *why)
{
	struct fake *f = ctx;

	(void)why;
	f->broken++;
}

static const struct nf_ring_ops ops = {cb_tx, cb_rx, cb_broken};

static struct fake *fake_new(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	unsigned int i;

	f->txp = aligned_alloc(NF_PAGE_SIZE, NF_PAGE_SIZE);
	f->rxp = aligned_alloc(NF_PAGE_SIZE, NF_PAGE_SIZE);
	nf_ring_init(&f->r, f->txp, f->rxp, &ops, f);
	for (i = 0; i < NF_RX_SLOTS; i++)
		nf_rx_post(&f->r, (uint16_t)i, 1000 + i);
	nf_rx_push(&f->r);
	return f;
}

/* A frontend that advertised feature-sg and TCP GSO, as netfront does. */
static struct fake *fake_new_sg(void)
{
	struct fake *f = fake_new();

	f->r.rx_sg = true;
	f->r.rx_gso_types =
	    1u << XEN_NETIF_GSO_TYPE_TCPV4 | 1u << XEN_NETIF_GSO_TYPE_TCPV6;
	return f;
}

static void fake_free(struct fake *f)
{
	free(f->txp);
	free(f->rxp);
	free(f);
}

/* Queues one single-slot frame; returns its id. */
static int send_one(struct fake *f)
{
	int id = nf_tx_get_id(&f->r);

	if (id >= 0 && nf_tx_queue(&f->r, (uint16_t)id, 7, 0, 60, 0))
		return -1;
	nf_tx_push(&f->r);
	return id;
}

static void be_tx(struct fake *f, uint16_t id, int16_t status)
{
	netif_tx_response_t *rsp = RING_GET_RESPONSE(&f->r.tx, f->tx_rsp);

	rsp->id = id;
	rsp->status = status;
	f->r.tx.sring->rsp_prod = ++f->tx_rsp;
}

/* Writes an rx data slot without publishing it. */
static void be_put(struct fake *f, uint16_t id, uint16_t off, int16_t status,
		   uint16_t flags)
{
	netif_rx_response_t *rsp = RING_GET_RESPONSE(&f->r.rx, f->rx_rsp++);

	rsp->id = id;
	rsp->offset = off;
	rsp->status = status;
	rsp->flags = flags;
}

/* Writes an rx extra-info slot without publishing it. */
static void be_extra(struct fake *f, uint8_t type, uint8_t flags, uint16_t size,
		     uint8_t gso_type)
{
	struct netif_extra_info ex = {.type = type, .flags = flags};

	ex.u.gso.size = size;
	ex.u.gso.type = gso_type;
	memcpy(RING_GET_RESPONSE(&f->r.rx, f->rx_rsp++), &ex, sizeof(ex));
}

static void be_publish(struct fake *f)
{
	f->r.rx.sring->rsp_prod = f->rx_rsp;
}

static void be_rx(struct fake *f, uint16_t id, uint16_t off, int16_t status,
		  uint16_t flags)
{
	be_put(f, id, off, status, flags);
	be_publish(f);
}

static int rx_reap(struct fake *f)
{
	bool notify;

	return nf_rx_reap(&f->r, 1000, &notify);
}

TEST(tx_good_completions)
{
	struct fake *f = fake_new();
	int a = send_one(f), b = send_one(f);

	CHECK(a >= 0 && b >= 0 && a != b);
	CHECK_EQ(nf_tx_free_count(&f->r), NF_TX_SLOTS - 2);
	be_tx(f, (uint16_t)b, NETIF_RSP_OKAY);
	be_tx(f, (uint16_t)a, NETIF_RSP_DROPPED);
	CHECK_EQ(nf_tx_reap(&f->r), 0);
	CHECK_EQ(f->tx_done[a], 1);
	CHECK_EQ(f->tx_done[b], 1);
	CHECK_EQ(f->tx_errs, 1);
	CHECK_EQ(f->broken, 0);
	CHECK_EQ(nf_tx_free_count(&f->r), NF_TX_SLOTS);
	fake_free(f);
}

TEST(tx_all_ids_then_full)
{
	struct fake *f = fake_new();
	unsigned int i;

	for (i = 0; i < NF_TX_SLOTS; i++)
		CHECK(send_one(f) >= 0);
	CHECK_EQ(nf_tx_get_id(&f->r), -ENOSPC);
	CHECK_EQ(f->broken, 0);
	fake_free(f);
}

TEST(rx_good_frame_reposted)
{
	struct fake *f = fake_new();
	RING_IDX before = f->r.rx.req_prod_pvt;

	be_rx(f, 5, 10, 100, NETRXF_data_validated);
	be_rx(f, 6, 0, NETIF_RSP_ERROR, 0); /* backend error: counted */
	CHECK_EQ(rx_reap(f), 2);
	CHECK_EQ(f->rx_done, 1);
	CHECK_EQ(f->last_off, 10);
	CHECK_EQ(f->last_len, 100);
	CHECK_EQ(f->r.rxc.errors, 1);
	CHECK_EQ(f->r.rx.req_prod_pvt, before + 2);
	CHECK_EQ(f->broken, 0);
	/* Exactly to the end of the page is fine. */
	be_rx(f, 7, 4000, 96, 0);
	CHECK_EQ(rx_reap(f), 1);
	CHECK_EQ(f->broken, 0);
	fake_free(f);
}

/* After a violation: broken once, pending tx failed, ring left alone. */
static void check_broken(struct fake *f, int pending)
{
	RING_IDX txc = f->r.tx.rsp_cons, rxc = f->r.rx.rsp_cons;

	CHECK_EQ(f->broken, 1);
	CHECK(f->r.broken);
	if (pending >= 0)
		CHECK_EQ(f->tx_done[pending], 1);
	CHECK_EQ(nf_tx_get_id(&f->r), -EIO);
	CHECK_EQ(nf_tx_reap(&f->r), -EIO);
	CHECK_EQ(rx_reap(f), -EIO);
	CHECK_EQ(nf_rx_post(&f->r, 1, 1), -EIO);
	CHECK_EQ(f->r.tx.rsp_cons, txc);
	CHECK_EQ(f->r.rx.rsp_cons, rxc);
	nf_ring_break(&f->r, "again");
	CHECK_EQ(f->broken, 1);
}

TEST(tx_id_out_of_range)
{
	struct fake *f = fake_new();
	int a = send_one(f);

	be_tx(f, NF_TX_SLOTS, NETIF_RSP_OKAY);
	CHECK_EQ(nf_tx_reap(&f->r), -EIO);
	CHECK_EQ(f->tx_errs, 1);
	check_broken(f, a);
	fake_free(f);
}

TEST(tx_duplicate_id)
{
	struct fake *f = fake_new();
	int a = send_one(f), b = send_one(f);

	be_tx(f, (uint16_t)a, NETIF_RSP_OKAY);
	be_tx(f, (uint16_t)a, NETIF_RSP_OKAY);
	CHECK_EQ(nf_tx_reap(&f->r), -EIO);
	CHECK_EQ(f->tx_done[a], 1); /* once, not twice */
	check_broken(f, b);
	fake_free(f);
}

TEST(tx_unposted_id_and_bad_status)
{
	struct fake *f = fake_new();
	int a = send_one(f);

	be_tx(f, (uint16_t)(a + 1), NETIF_RSP_OKAY);
	CHECK_EQ(nf_tx_reap(&f->r), -EIO);
	check_broken(f, a);
	fake_free(f);
	f = fake_new();
	a = send_one(f);
	be_tx(f, (uint16_t)a, NETIF_RSP_NULL);
	CHECK_EQ(nf_tx_reap(&f->r), -EIO);
	check_broken(f, a);
	fake_free(f);
}

/* A GSO packet: first slot, extra-info slot, one more data slot.  The
 * backend answers both data ids, and the extra slot with NETIF_RSP_NULL
 * (its id field holding junk); a second NULL has no slot to answer. */
TEST(tx_extra_slot_answered_null)
{
	struct fake *f = fake_new();
	struct netif_extra_info ex = {.type = XEN_NETIF_EXTRA_TYPE_GSO};
	int a = nf_tx_get_id(&f->r), b;

	CHECK_EQ(nf_tx_queue(&f->r, (uint16_t)a, 7, 0, 5000,
			     NETTXF_extra_info | NETTXF_more_data),
		 0);
	ex.u.gso.size = 1460;
	CHECK_EQ(nf_tx_queue_extra(&f->r, &ex), 0);
	b = nf_tx_get_id(&f->r);
	CHECK_EQ(nf_tx_queue(&f->r, (uint16_t)b, 8, 0, 904, 0), 0);
	nf_tx_push(&f->r);
	CHECK_EQ(nf_tx_free_slots(&f->r), NF_TX_SLOTS - 3);
	CHECK_EQ(nf_tx_free_count(&f->r), NF_TX_SLOTS - 2);
	be_tx(f, (uint16_t)a, NETIF_RSP_OKAY);
	be_tx(f, 0xbeef, NETIF_RSP_NULL);
	be_tx(f, (uint16_t)b, NETIF_RSP_OKAY);
	CHECK_EQ(nf_tx_reap(&f->r), 0);
	CHECK_EQ(f->broken, 0);
	CHECK_EQ(f->tx_done[a] + f->tx_done[b], 2);
	CHECK_EQ(nf_tx_free_slots(&f->r), NF_TX_SLOTS);
	CHECK_EQ(nf_tx_free_count(&f->r), NF_TX_SLOTS);
	a = send_one(f);
	be_tx(f, (uint16_t)a, NETIF_RSP_OKAY);
	be_tx(f, 0xbeef, NETIF_RSP_NULL); /* no extra slot left */
	CHECK_EQ(nf_tx_reap(&f->r), -EIO);
	CHECK_EQ(f->broken, 1);
	fake_free(f);
}

TEST(tx_producer_jump)
{
	struct fake *f = fake_new();
	int a = send_one(f);

	f->r.tx.sring->rsp_prod = 2; /* two answers to one request */
	CHECK_EQ(nf_tx_reap(&f->r), -EIO);
	check_broken(f, a);
	fake_free(f);
	f = fake_new();
	a = send_one(f);
	f->r.tx.sring->rsp_prod = 0x80000000u;
	CHECK_EQ(nf_tx_reap(&f->r), -EIO);
	check_broken(f, a);
	fake_free(f);
}

TEST(rx_violations)
{
	static const struct {
		uint16_t id, off;
		int16_t status;
		uint16_t flags;
	} bad[] = {
	    {NF_RX_SLOTS, 0, 60, 0},	  /* id out of range */
	    {3, 4096, 10, 0},		  /* offset past the page */
	    {3, 0, 4097, 0},		  /* longer than a page */
	    {3, 4000, 97, 0},		  /* offset + length past the page */
	    {3, 0x7fff, 0x7fff, 0},	  /* both huge */
	    {3, 0, 60, NETRXF_more_data}, /* never negotiated */
	    {3, 0, 60, NETRXF_extra_info},
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fake *f = fake_new();
		int a = send_one(f);

		be_rx(f, bad[i].id, bad[i].off, bad[i].status, bad[i].flags);
		CHECK_EQ(rx_reap(f), -EIO);
		CHECK_EQ(f->rx_done, 0);
		check_broken(f, a);
		fake_free(f);
	}
}

TEST(rx_duplicate_and_jump)
{
	struct fake *f = fake_new();

	be_rx(f, 9, 0, 60, 0);
	CHECK_EQ(rx_reap(f), 1); /* id 9 reposted: pending again */
	be_rx(f, 10, 0, 60, 0);
	be_rx(f, 10, 0, 60, 0); /* 10 answered twice in one batch */
	CHECK_EQ(rx_reap(f), -EIO);
	CHECK_EQ(f->rx_done, 2); /* 9, then the first answer for 10 */
	check_broken(f, -1);
	fake_free(f);
	f = fake_new();
	f->r.rx.sring->rsp_prod = NF_RX_SLOTS + 1; /* more than posted */
	CHECK_EQ(rx_reap(f), -EIO);
	CHECK_EQ(f->rx_done, 0);
	check_broken(f, -1);
	fake_free(f);
}

#define MORE NETRXF_more_data
#define XTRA NETRXF_extra_info
#define GSO  XEN_NETIF_EXTRA_TYPE_GSO
#define V4   XEN_NETIF_GSO_TYPE_TCPV4

/* First slot, GSO extra (answering the request in its ring slot), two
 * more data slots: one frame, every buffer re-posted, counters. */
TEST(rx_multi_slot_gso)
{
	struct fake *f = fake_new_sg();
	RING_IDX before = f->r.rx.req_prod_pvt;

	be_put(f, 0, 0, 4096,
	       MORE | XTRA | NETRXF_csum_blank | NETRXF_data_validated);
	be_extra(f, GSO, 0, 1448, V4); /* ring slot 1: id 1 */
	be_put(f, 2, 0, 4096, MORE);
	be_put(f, 3, 10, 100, 0);
	be_publish(f);
	CHECK_EQ(rx_reap(f), 1);
	CHECK_EQ(f->broken, 0);
	CHECK_EQ(f->rx_done, 1);
	CHECK_EQ(f->last.nfrag, 3);
	CHECK_EQ(f->last.len, 8292);
	CHECK_EQ(f->last.frag[1].id, 2);
	CHECK_EQ(f->last.frag[2].offset, 10);
	CHECK_EQ(f->last.gso_size, 1448);
	CHECK_EQ(f->last.gso_type, V4);
	CHECK_EQ(f->last.flags, NETRXF_csum_blank | NETRXF_data_validated);
	CHECK_EQ(f->r.rx.req_prod_pvt, before + 4);
	/* 0..3 re-posted, the extra slot's id 1 too */
	CHECK(f->r.rx_busy[0] && f->r.rx_busy[1] && f->r.rx_busy[3]);
	CHECK_EQ(f->r.rxc.multi, 1);
	CHECK_EQ(f->r.rxc.gso, 1);
	CHECK_EQ(f->r.rxc.gso_bytes, 8292);
	CHECK_EQ(f->r.rxc.csum_valid, 1);
	CHECK_EQ(f->r.rxc.csum_blank, 1);
	fake_free(f);
}

/* A chain whose last slot is not published yet waits, untouched, with no
 * spinning (pending stays false until the backend moves on). */
TEST(rx_chain_not_all_published)
{
	struct fake *f = fake_new_sg();

	be_put(f, 0, 0, 4096, MORE);
	be_publish(f);
	be_put(f, 1, 0, 50, 0); /* written, not yet published */
	CHECK_EQ(rx_reap(f), 0);
	CHECK_EQ(f->r.rx.rsp_cons, 0);
	CHECK(f->r.rx_busy[0]);
	CHECK(!nf_rx_pending(&f->r));
	CHECK_EQ(f->r.rx.sring->rsp_event, 2);
	be_publish(f);
	CHECK(nf_rx_pending(&f->r));
	CHECK_EQ(rx_reap(f), 1);
	CHECK_EQ(f->last.nfrag, 2);
	CHECK_EQ(f->last.len, 4146);
	CHECK_EQ(f->broken, 0);
	fake_free(f);
}

/* A chain across the ring's end: ring slots 254..257, the last two
 * holding ids 0 and 1 re-posted after the first 254 frames. */
TEST(rx_chain_wraps)
{
	struct fake *f = fake_new_sg();
	unsigned int i;

	for (i = 0; i < NF_RX_SLOTS - 2; i++)
		be_put(f, (uint16_t)i, 0, 60, 0);
	be_publish(f);
	CHECK_EQ(rx_reap(f), (int)NF_RX_SLOTS - 2);
	be_put(f, 254, 0, 4096, MORE | XTRA);
	be_extra(f, GSO, 0, 1000, XEN_NETIF_GSO_TYPE_TCPV6); /* id 255 */
	be_put(f, 0, 0, 4096, MORE);
	be_put(f, 1, 0, 4, 0);
	be_publish(f);
	CHECK_EQ(rx_reap(f), 1);
	CHECK_EQ(f->broken, 0);
	CHECK_EQ(f->last.nfrag, 3);
	CHECK_EQ(f->last.frag[0].id, 254);
	CHECK_EQ(f->last.frag[2].id, 1);
	CHECK_EQ(f->last.gso_type, XEN_NETIF_GSO_TYPE_TCPV6);
	CHECK(f->r.rx_busy[255]); /* the extra slot's buffer, re-posted */
	fake_free(f);
}

/* Frames the ring can carry but we must not take: dropped, counted,
 * their buffers re-posted, the next frame delivered. */
TEST(rx_refused_frames)
{
	enum {
		SLOTS,
		LONG,
		XTYPE,
		XFLAGS,
		GSO0,
		GSOTYPE,
		GSONONE,
		GSOBIG,
		TWOGSO,
		EXTRAS,
		ERRSLOT,
		LATEXTRA,
		NCASES
	};
	unsigned int c, i;

	for (c = 0; c < NCASES; c++) {
		struct fake *f = fake_new_sg();
		unsigned long *want = NULL;
		uint16_t id = 0;
		RING_IDX before = f->r.rx.req_prod_pvt;

		switch (c) {
		case SLOTS: /* 19 data slots */
			for (i = 0; i < 19; i++)
				be_put(f, id++, 0, 100, i < 18 ? MORE : 0);
			want = &f->r.rxc.too_many_slots;
			break;
		case LONG: /* 17 full pages: 69632 bytes */
			for (i = 0; i < 17; i++)
				be_put(f, id++, 0, 4096, i < 16 ? MORE : 0);
			want = &f->r.rxc.too_long;
			break;
		case XTYPE:
		case XFLAGS:
		case GSO0:
		case GSOTYPE:
		case GSONONE:
		case GSOBIG:
			be_put(f, id++, 0, 4096, MORE | XTRA);
			id++;
			be_extra(f,
				 c == XTYPE ? XEN_NETIF_EXTRA_TYPE_MCAST_ADD
					    : GSO,
				 c == XFLAGS ? 2 : 0,
				 c == GSO0     ? 0
				 : c == GSOBIG ? 5000
					       : 1448,
				 c == GSOTYPE	? 3
				 : c == GSONONE ? 0
						: V4);
			be_put(f, id++, 0, 900, 0);
			want = c <= XFLAGS ? &f->r.rxc.bad_extra
					   : &f->r.rxc.bad_gso;
			break;
		case TWOGSO:
		case EXTRAS: /* two GSO slots; five extra slots */
			be_put(f, id++, 0, 4096, MORE | XTRA);
			for (i = 0; i < (c == TWOGSO ? 2u : 5u); i++, id++)
				be_extra(f, GSO,
					 i + 1 < (c == TWOGSO ? 2u : 5u)
					     ? XEN_NETIF_EXTRA_FLAG_MORE
					     : 0,
					 1448, V4);
			be_put(f, id++, 0, 900, 0);
			/* (the second GSO slot is the first fault) */
			want = &f->r.rxc.bad_extra;
			break;
		case ERRSLOT:
			be_put(f, id++, 0, 4096, MORE);
			be_put(f, id++, 0, NETIF_RSP_ERROR, 0);
			want = &f->r.rxc.errors;
			break;
		case LATEXTRA: /* only the first slot may announce extras */
			be_put(f, id++, 0, 4096, MORE);
			be_put(f, id++, 0, 900, XTRA);
			want = &f->r.rxc.bad_extra;
			break;
		}
		be_put(f, id, 0, 60, 0); /* then a good frame */
		be_publish(f);
		CHECK_EQ(rx_reap(f), 2);
		CHECK_EQ(f->broken, 0);
		CHECK_EQ(*want, 1);
		CHECK_EQ(f->rx_done, 1);
		CHECK_EQ(f->last.len, 60);
		CHECK_EQ(f->r.rx.req_prod_pvt, before + id + 1);
		fake_free(f);
	}
}

/* Chains that break the ring: an extra slot whose request was answered
 * already, a bad id or piece in a later slot, a chain longer than every
 * buffer posted, and more_data/extra_info that were never advertised. */
TEST(rx_chain_violations)
{
	struct fake *f = fake_new_sg();
	unsigned int i;

	be_put(f, 1, 0, 4096, MORE | XTRA); /* ring slot 0 answers id 1 */
	be_extra(f, GSO, 0, 1448, V4);	    /* ring slot 1: id 1 again */
	be_put(f, 2, 0, 100, 0);
	be_publish(f);
	CHECK_EQ(rx_reap(f), -EIO);
	CHECK_EQ(f->rx_done, 0);
	check_broken(f, -1);
	fake_free(f);

	f = fake_new_sg();
	be_put(f, 0, 0, 4096, MORE);
	be_rx(f, NF_RX_SLOTS, 0, 100, 0);
	CHECK_EQ(rx_reap(f), -EIO);
	check_broken(f, -1);
	fake_free(f);

	f = fake_new_sg();
	be_put(f, 0, 0, 4096, MORE);
	be_rx(f, 1, 4000, 100, 0);
	CHECK_EQ(rx_reap(f), -EIO);
	check_broken(f, -1);
	fake_free(f);

	f = fake_new_sg();
	for (i = 0; i < NF_RX_SLOTS; i++)
		be_put(f, (uint16_t)i, 0, 100, MORE);
	be_publish(f);
	CHECK_EQ(rx_reap(f), -EIO);
	check_broken(f, -1);
	fake_free(f);

	f = fake_new(); /* nothing advertised */
	f->r.rx_sg = true;
	be_put(f, 0, 0, 100, XTRA);
	be_extra(f, GSO, 0, 50, V4);
	be_publish(f);
	CHECK_EQ(rx_reap(f), -EIO);
	check_broken(f, -1);
	fake_free(f);
}

TEST(parse_mac)
{
	uint8_t m[6];

	CHECK_EQ(nf_parse_mac("00:16:3e:00:99:03", m), 0);
	CHECK_EQ(m[2], 0x3e);
	CHECK_EQ(m[5], 3);
	CHECK_EQ(nf_parse_mac("00:16:3E:0A:bC:ff", m), 0);
	CHECK_EQ(m[4], 0xbc);
	CHECK_EQ(nf_parse_mac("00:16:3e:00:99", m), -EINVAL);
	CHECK_EQ(nf_parse_mac("00:16:3e:00:99:03:", m), -EINVAL);
	CHECK_EQ(nf_parse_mac("00:16:3e:00:99:0", m), -EINVAL);
	CHECK_EQ(nf_parse_mac("00-16-3e-00-99-03", m), -EINVAL);
	CHECK_EQ(nf_parse_mac("0:16:3e:00:99:03", m), -EINVAL);
	CHECK_EQ(nf_parse_mac("00:16:3g:00:99:03", m), -EINVAL);
	CHECK_EQ(nf_parse_mac(" 00:16:3e:00:99:03", m), -EINVAL);
	CHECK_EQ(nf_parse_mac("", m), -EINVAL);
	CHECK_EQ(nf_parse_mac("01:00:5e:00:00:01", m), -EINVAL); /* mcast */
	CHECK_EQ(nf_parse_mac("00:00:00:00:00:00", m), -EINVAL);
}

TEST(parse_numbers)
{
	unsigned long v;
	int b;

	CHECK_EQ(nf_parse_uint("0", 10, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(nf_parse_uint("32751", 32751, &v), 0);
	CHECK_EQ(nf_parse_uint("32752", 32751, &v), -ERANGE);
	CHECK_EQ(nf_parse_uint("99999999999999999999999", ~0ul, &v), -ERANGE);
	CHECK_EQ(nf_parse_uint("01", 10, &v), -EINVAL);
	CHECK_EQ(nf_parse_uint("-1", 10, &v), -EINVAL);
	CHECK_EQ(nf_parse_uint("4 ", 10, &v), -EINVAL);
	CHECK_EQ(nf_parse_uint("", 10, &v), -EINVAL);
	CHECK_EQ(nf_parse_bool("1", &b), 0);
	CHECK_EQ(b, 1);
	CHECK_EQ(nf_parse_bool("0", &b), 0);
	CHECK_EQ(b, 0);
	CHECK_EQ(nf_parse_bool("2", &b), -EINVAL);
	CHECK_EQ(nf_parse_bool("10", &b), -EINVAL);
	CHECK_EQ(nf_parse_bool("", &b), -EINVAL);
}

/* An Ethernet frame with an IPv4 (or IPv6) TCP header. */
static size_t mkframe(uint8_t *f, int v6, uint16_t sport, uint16_t dport,
		      uint8_t proto)
{
	size_t l3 = 14, l4;

	memset(f, 0, 128);
	f[12] = v6 ? 0x86 : 0x08;
	f[13] = v6 ? 0xdd : 0x00;
	if (v6) {
		f[l3] = 0x60;
		f[l3 + 6] = proto;
		f[l3 + 23] = 1;	 /* src ...::1 */
		f[l3 + 39] = 30; /* dst ...::30 */
		l4 = l3 + 40;
	} else {
		f[l3] = 0x45;
		f[l3 + 9] = proto;
		f[l3 + 12] = 10, f[l3 + 15] = 1;
		f[l3 + 16] = 10, f[l3 + 19] = 30;
		l4 = l3 + 20;
	}
	f[l4] = (uint8_t)(sport >> 8), f[l4 + 1] = (uint8_t)sport;
	f[l4 + 2] = (uint8_t)(dport >> 8), f[l4 + 3] = (uint8_t)dport;
	return l4 + 20;
}

TEST(flow_queue)
{
	uint8_t f[128], g[128];
	unsigned int hits[4] = {0};
	size_t n;

	/* One queue, or not IP: queue 0. */
	n = mkframe(f, 0, 1000, 80, 6);
	CHECK_EQ(nf_flow_queue(f, n, 1), 0u);
	CHECK_EQ(nf_flow_queue(f, 13, 4), 0u);
	memcpy(g, f, n);
	g[12] = 0x08, g[13] = 0x06; /* ARP */
	CHECK_EQ(nf_flow_queue(g, n, 4), 0u);
	/* The same flow always lands on the same queue; many flows spread. */
	for (unsigned int port = 1000; port < 1400; port++) {
		unsigned int q;

		n = mkframe(f, (int)(port & 1), (uint16_t)port, 80, 6);
		q = nf_flow_queue(f, n, 4);
		CHECK(q < 4);
		CHECK_EQ(nf_flow_queue(f, n, 4), q);
		/* Payload bytes do not matter, only the header. */
		memcpy(g, f, n);
		g[n - 1] ^= 0xff;
		CHECK_EQ(nf_flow_queue(g, n, 4), q);
		hits[q]++;
	}
	for (unsigned int q = 0; q < 4; q++)
		CHECK(hits[q] > 50);
	/* A fragment's "ports" are ignored: both fragments, one queue. */
	n = mkframe(f, 0, 1, 2, 17);
	f[14 + 6] = 0x20; /* more fragments */
	memcpy(g, f, n);
	g[14 + 20] = 9; /* other bytes where ports would be */
	g[14 + 6] = 0x00, g[14 + 7] = 0xb9; /* a later fragment */
	CHECK_EQ(nf_flow_queue(f, n, 4), nf_flow_queue(g, n, 4));
	/* A VLAN tag in front; a frame cut inside the header. */
	n = mkframe(f, 0, 5, 6, 6);
	memmove(g + 4, f, n);
	memcpy(g, f, 12);
	g[12] = 0x81, g[13] = 0x00, g[14] = 0, g[15] = 7;
	CHECK(nf_flow_queue(g, n + 4, 4) < 4);
	for (size_t cut = 0; cut < n; cut++)
		CHECK(nf_flow_queue(f, cut, 3) < 3);
}

int main(void)
{
	RUN(tx_good_completions);
	RUN(tx_all_ids_then_full);
	RUN(rx_good_frame_reposted);
	RUN(tx_id_out_of_range);
	RUN(tx_duplicate_id);
	RUN(tx_unposted_id_and_bad_status);
	RUN(tx_extra_slot_answered_null);
	RUN(tx_producer_jump);
	RUN(rx_violations);
	RUN(rx_duplicate_and_jump);
	RUN(rx_multi_slot_gso);
	RUN(rx_chain_not_all_published);
	RUN(rx_chain_wraps);
	RUN(rx_refused_frames);
	RUN(rx_chain_violations);
	RUN(parse_mac);
	RUN(parse_numbers);
	RUN(flow_queue);
	return check_failures != 0;
}
