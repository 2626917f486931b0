/*
 * nf_priv.h - netfront's private state, shared by netfront.c (data path
 * and API) and xenbus.c (handshake, detach, teardown).
 */
#ifndef NETFRONT_NF_PRIV_H
#define NETFRONT_NF_PRIV_H

#include <domlet/kernel.h>
#include "netfront/netfront.h"
#include "netfront/nf_ring.h"

#define NF_HANDSHAKE_NS (20 * NSEC_PER_SEC)
#define NF_RX_BUDGET	64 /* responses per worker pass before yielding */

struct nf_frame {
	size_t len;
	unsigned char data[];
};

/* One ring pair with its event channel and buffers (netif.h's
 * multi-queue: queue-N/ in xenstore, or the flat keys for one queue). */
struct nf_queue {
	struct netfront *nf;
	unsigned int idx;
	/* Shared rings and the buffers behind every id (nf_ring.h). */
	struct nf_ring ring;
	void *tx_sring, *rx_sring;
	long tx_ring_ref, rx_ring_ref; /* -1: not granted */
	void *txbuf[NF_TX_SLOTS];
	long txgref[NF_TX_SLOTS];
	uint16_t txlen[NF_TX_SLOTS]; /* bytes of the frame in this slot */
	void *rxbuf[NF_RX_SLOTS];
	long rxgref[NF_RX_SLOTS];
	evtchn_port_t port;
	bool have_port;
	volatile bool event;
};

struct netfront {
	unsigned int id;
	char dir[32]; /* device/vif/<id> */
	char be[128]; /* backend directory, from dir/backend */
	domid_t beid; /* from dir/backend-id */
	uint8_t mac[6];
	bool sg;			      /* backend feature-sg */
	bool gso_tcpv4, gso_tcpv6, csum_ipv6; /* backend features (tx) */
	netfront_rx_fn rx;
	void *rx_arg;
	bool wire; /* NETFRONT_OPEN_WIRE: no rx offloads asked for */

	/* Queues: want from the caller, max_queues the backend's
	 * multi-queue-max-queues (1 if absent), nq = the smaller. */
	unsigned int want_queues, max_queues, nq;
	struct nf_queue *qs[NETFRONT_MAX_QUEUES];
	/* rx counts of queues freed by a reconnect, so the totals last. */
	struct nf_rx_counters rxc_gone;

	/* Wake-ups: the event handler and the watch only set flags and
	 * wake the worker; senders and receivers wait on their own queues. */
	struct waitqueue work_wq, tx_wq, rx_wq;
	volatile bool event; /* some queue's event flag is set */
	volatile unsigned int state_gen;
	struct xenbus_watch watch;
	char watch_path[160];
	bool watching;
	struct thread *worker;
	volatile bool stopping;
	int status; /* 0, -EIO (broken), -ENODEV (detached/closing) */

	/* xl save / restore: from the suspend hook until resumed nobody
	 * touches the ring (senders wait); after a restore into a new
	 * domain the worker rebuilds the connection (nf_reconnect). */
	struct suspend_hook pm;
	volatile bool suspended, reconnect;

	/* Queue mode: frames copied out of rx pages, oldest at q_head. */
	struct nf_frame *q[NETFRONT_RX_QUEUE];
	unsigned int q_head, q_count;
	/* Callback mode's private copy of a frame, NETFRONT_MAX_RX_FRAME. */
	unsigned char *rx_copy;
	struct netfront_stats st;
};

/* ---- netfront.c ---- */
extern const struct nf_ring_ops nf_ops;
void nf_event(evtchn_port_t port, void *data);
long nf_worker(void *arg);
void nf_fail(struct netfront *nf, int status); /* latch, wake everyone */

/* ---- xenbus.c ---- */
int nf_read_config(struct netfront *nf);
int nf_alloc_buffers(struct netfront *nf);
/* Tx id's buffer page, made and granted on its first use. */
int nf_tx_buffer(struct nf_queue *q, unsigned int id);
int nf_connect(struct netfront *nf);
/* Backend state changed (worker context): handles Closing/Closed. */
void nf_backend_changed(struct netfront *nf);
void nf_disconnect(struct netfront *nf);
int nf_free_buffers(struct netfront *nf);
/* Latches every queue's ring broken, failing its pending tx ids. */
void nf_break_all(struct netfront *nf, const char *why);
/* The rx counters of every queue, live and freed. */
void nf_rxc_sum(const struct netfront *nf, struct nf_rx_counters *t);
/* After a restore into a new domain: everything again, same handle. */
int nf_reconnect(struct netfront *nf);

#endif
