/*
 * nf_ring.h - netfront's shared-ring logic (netfront/ring.c), kept free of
 * the kernel so the hostile-backend tests compile it on the host.
 *
 * What it trusts: nothing the backend writes.  Every response is copied
 * out of the shared ring once (RING_COPY_RESPONSE) and only the copy is
 * used; the producer index is read once and rejected if it claims more
 * responses than requests outstanding; ids must be < ring size and
 * pending; rx offset/length must stay inside the buffer page; flags we
 * never negotiated (more_data without rx_sg, extra_info without rx_gso)
 * are violations; a tx NETIF_RSP_NULL is taken only while an extra-info
 * slot we sent is still unanswered.  The first violation latches
 * `broken`: the reason goes to ops->broken once, every pending tx id
 * completes with NETIF_RSP_ERROR, and the ring is never touched again.
 *
 * Rx frames (netif.h's "Guest receive"): a first data slot, then the
 * extra-info slots it announces (NETRXF_extra_info, each further one
 * announced by XEN_NETIF_EXTRA_FLAG_MORE), then the data slots chained by
 * NETRXF_more_data.  A frame is taken only once all its slots are
 * published (until then it is left on the ring and rsp_event set past
 * it); the whole chain is copied out, then checked.  A frame that is well
 * formed as ring traffic but not as a packet (more than NF_RX_MAX_SLOTS
 * data slots, longer than NF_RX_MAX_FRAME, an extra-info slot of a type
 * or flags we do not know, a GSO size of 0 or not below the frame's
 * length, a GSO type not advertised, an error status in any slot) is
 * dropped and counted (struct nf_rx_counters), its buffers re-posted.
 * An extra-info slot carries no id: it answers the request posted in the
 * same ring slot (netif.h requires that), so rx_req_id remembers which id
 * went where, and that id must still be pending.
 *
 * Ids: tx id i always uses the caller's tx buffer i, rx id i the caller's
 * rx buffer i (one page each), so an id is an index into the caller's
 * arrays after the range check, never a pointer.
 */
#ifndef NETFRONT_NF_RING_H
#define NETFRONT_NF_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if __STDC_HOSTED__
/* Host tests: ring.h's barriers from the compiler. */
#include <string.h>
#define xen_mb()  __sync_synchronize()
#define xen_rmb() __sync_synchronize()
#define xen_wmb() __sync_synchronize()
#include <xen/xen.h>
#include <xen/io/ring.h>
#else
#include <domlet/xenring.h>
#endif
#include <xen/io/netif.h>

#define NF_PAGE_SIZE 4096u
#define NF_TX_SLOTS  ((unsigned int)__CONST_RING_SIZE(netif_tx, NF_PAGE_SIZE))
#define NF_RX_SLOTS  ((unsigned int)__CONST_RING_SIZE(netif_rx, NF_PAGE_SIZE))
/* Data slots in one rx frame: netif.h's XEN_NETIF_NR_SLOTS_MIN, what a
 * backend may assume every frontend takes (64 KiB at any offset). */
#define NF_RX_MAX_SLOTS 18u
/* Extra-info slots in one rx frame (one per type at most). */
#define NF_RX_MAX_EXTRAS 4u
/* Longest rx frame: a 64 KiB IP packet and its Ethernet header. */
#define NF_RX_MAX_FRAME (65535u + 14u)

/* One received frame, as checked: its pieces in the rx pages, in order. */
struct nf_rx_frame {
	struct {
		uint16_t id, offset, len;
	} frag[NF_RX_MAX_SLOTS];
	unsigned int nfrag;
	uint32_t len;	/* sum of the pieces, 1..NF_RX_MAX_FRAME */
	uint16_t flags; /* the first slot's NETRXF_data_validated/csum_blank */
	uint16_t gso_size; /* 0: not a GSO frame */
	uint8_t gso_type;  /* XEN_NETIF_GSO_TYPE_TCPV4/TCPV6 with gso_size */
};

/* What the rx side refused or saw, for netfront_stats. */
struct nf_rx_counters {
	unsigned long errors;	      /* backend error status, or empty */
	unsigned long too_many_slots; /* > NF_RX_MAX_SLOTS or extras */
	unsigned long too_long;	      /* > NF_RX_MAX_FRAME */
	unsigned long bad_extra;      /* unknown extra type/flags, repeated */
	unsigned long bad_gso;	      /* GSO size 0 or >= length, bad type */
	unsigned long multi;	      /* frames of more than one data slot */
	unsigned long gso, gso_bytes; /* GSO frames delivered */
	unsigned long csum_valid;     /* NETRXF_data_validated */
	unsigned long csum_blank;     /* NETRXF_csum_blank */
};

struct nf_ring_ops {
	/* Tx id finished (NETIF_RSP_OKAY/ERROR/DROPPED); its buffer is
	 * the caller's again. */
	void (*tx_done)(void *ctx, uint16_t id, int16_t status);
	/* A frame arrived in the pieces fr lists, each already checked to
	 * lie inside its page.  The ids are re-posted after this returns. */
	void (*rx_done)(void *ctx, const struct nf_rx_frame *fr);
	/* First violation only; `why` is a static string. */
	void (*broken)(void *ctx, const char *why);
};

struct nf_ring {
	netif_tx_front_ring_t tx;
	netif_rx_front_ring_t rx;
	const struct nf_ring_ops *ops;
	void *ctx;
	bool broken;
	uint16_t tx_free[NF_TX_SLOTS]; /* stack of free tx ids */
	unsigned int tx_extra;	       /* extra-info slots not yet answered */
	unsigned int tx_nfree;
	bool tx_busy[NF_TX_SLOTS];
	bool rx_busy[NF_RX_SLOTS];
	grant_ref_t rx_gref[NF_RX_SLOTS];
	uint16_t rx_req_id[NF_RX_SLOTS]; /* id posted in each ring slot */
	/* What the frontend advertised: multi-slot frames (feature-sg), GSO
	 * extra-info slots of these XEN_NETIF_GSO_TYPE_* bits (1 << type). */
	bool rx_sg;
	unsigned int rx_gso_types;
	/* A frame's slots were not all published: wait for rsp_prod to
	 * pass rx_seen (nf_rx_pending). */
	bool rx_stalled;
	RING_IDX rx_seen;
	struct nf_rx_counters rxc;
	/* rx.c's copy of the frame being taken, and each slot's kind. */
	netif_rx_response_t rx_chain[NF_RX_SLOTS];
	uint8_t rx_kind[NF_RX_SLOTS];
};

/* Initialises both shared rings (tx_page, rx_page: one page each). */
void nf_ring_init(struct nf_ring *r, void *tx_page, void *rx_page,
		  const struct nf_ring_ops *ops, void *ctx);

/* A free tx id, or -ENOSPC (ring full) / -EIO (broken). */
int nf_tx_get_id(struct nf_ring *r);
/* Gives back an id from nf_tx_get_id that was not queued. */
void nf_tx_put_id(struct nf_ring *r, uint16_t id);
/* Queues one tx slot for an id from nf_tx_get_id; size is the whole
 * packet's length in the first slot of a packet, the slot's own after. */
int nf_tx_queue(struct nf_ring *r, uint16_t id, grant_ref_t gref,
		uint16_t offset, uint16_t size, uint16_t flags);
/* Queues an extra-info slot (netif.h: right after the first slot of a
 * packet whose flags carry NETTXF_extra_info).  It takes a ring slot but
 * no id; the backend answers it with NETIF_RSP_NULL. */
int nf_tx_queue_extra(struct nf_ring *r, const struct netif_extra_info *ex);
/* Publishes queued requests; true if the backend must be notified. */
bool nf_tx_push(struct nf_ring *r);
unsigned int nf_tx_free_count(const struct nf_ring *r);
/* Free tx ring slots (ids are counted by nf_tx_free_count). */
unsigned int nf_tx_free_slots(const struct nf_ring *r);
/* Consumes tx responses; 0 or -EIO (broken, now or before). */
int nf_tx_reap(struct nf_ring *r);

/* Queues rx buffer `id` (granted as gref) for the backend to fill. */
int nf_rx_post(struct nf_ring *r, uint16_t id, grant_ref_t gref);
bool nf_rx_push(struct nf_ring *r);
/* Consumes up to `budget` rx frames (whole, every slot), re-posting each
 * buffer; returns the number of frames taken (delivered or dropped) or
 * -EIO.  *notify: the backend must be told. */
int nf_rx_reap(struct nf_ring *r, unsigned int budget, bool *notify);
/* True if responses are waiting (also re-arms rsp_event). */
bool nf_rx_pending(struct nf_ring *r);

/* Latches broken (first reason kept) and fails pending tx ids. */
void nf_ring_break(struct nf_ring *r, const char *why);
/* ring.c's producer-index check, shared with rx.c: 0 and *prod, or -EIO
 * after breaking the ring. */
int nf_read_prod(struct nf_ring *r, const volatile RING_IDX *shared,
		 RING_IDX cons, RING_IDX posted, RING_IDX *prod);

#endif
