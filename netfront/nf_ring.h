/*
 * nf_ring.h - netfront's shared-ring logic (netfront/ring.c), kept free of
 * the kernel so the hostile-backend tests compile it on the host.
 *
 * What it trusts: nothing the backend writes.  Every response is copied
 * out of the shared ring once (RING_COPY_RESPONSE) and only the copy is
 * used; the producer index is read once and rejected if it claims more
 * responses than requests outstanding; ids must be < ring size and
 * pending; rx offset/length must stay inside the buffer page; flags we
 * never negotiated (more_data, extra_info) are violations; a tx
 * NETIF_RSP_NULL is taken only while an extra-info slot we sent is still
 * unanswered.  The first
 * violation latches `broken`: the reason goes to ops->broken once, every
 * pending tx id completes with NETIF_RSP_ERROR, and the ring is never
 * touched again.
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

struct nf_ring_ops {
	/* Tx id finished (NETIF_RSP_OKAY/ERROR/DROPPED); its buffer is
	 * the caller's again. */
	void (*tx_done)(void *ctx, uint16_t id, int16_t status);
	/* Rx id holds a packet: len bytes at offset, already checked to lie
	 * inside the page.  The id is re-posted when this returns. */
	void (*rx_done)(void *ctx, uint16_t id, uint16_t offset, uint16_t len,
			uint16_t flags);
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
	unsigned long rx_errors; /* backend-reported rx status < 0 */
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
/* Consumes up to `budget` rx responses, re-posting each buffer; returns
 * the number consumed or -EIO.  *notify: the backend must be told. */
int nf_rx_reap(struct nf_ring *r, unsigned int budget, bool *notify);
/* True if responses are waiting (also re-arms rsp_event). */
bool nf_rx_pending(struct nf_ring *r);

/* Latches broken (first reason kept) and fails pending tx ids. */
void nf_ring_break(struct nf_ring *r, const char *why);

#endif
