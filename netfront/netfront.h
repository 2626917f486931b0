/*
 * netfront.h - domlet's Xen network frontend: raw Ethernet frames in and
 * out of a vif.  The whole public API; everything else in netfront/ is
 * private.
 *
 * Model: netfront_open() connects one vif (device/vif/<id>) and starts a
 * worker thread that takes the backend's responses.  Received frames are
 * copied out of the shared pages once and handed either to the rx
 * callback (in the worker thread) or, with no callback, to a bounded
 * queue read by netfront_recv().  netfront_send() copies the frame into a
 * pre-granted buffer and returns; it waits for ring space at most
 * timeout_ns.  If the backend breaks the protocol the device latches
 * broken (-EIO from then on); if the toolstack detaches the vif
 * (`xl network-detach`) calls fail with -ENODEV and waiting callers wake.
 *
 * Save/restore: while suspended, senders wait for ring space as usual;
 * after a restore into a new domain the worker reconnects the same handle
 * to the new backend (frames in flight then are lost).
 *
 * Threads: domlet threads are cooperative.  Any one thread may send; the
 * rx callback may call netfront_send() (it reaps its own completions).
 * Errors are 0 or a negative errno.
 */
#ifndef NETFRONT_NETFRONT_H
#define NETFRONT_NETFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct netfront;

/* A received frame: valid only during the call.  flags: NETFRONT_RX_*. */
typedef void (*netfront_rx_fn)(void *arg, const void *frame, size_t len,
			       unsigned int flags);

/* Rx flag: the backend vouches for the frame's L4 checksum. */
#define NETFRONT_RX_CSUM_VALID 1u
/* Rx flag (with CSUM_VALID): the TCP/UDP checksum field holds only the
 * pseudo-header sum, never completed (a frame from a domain on this
 * host; the data is intact).  A frame forwarded on must be sent with
 * NETFRONT_TX_CSUM_BLANK or have its checksum completed. */
#define NETFRONT_RX_CSUM_BLANK 2u
/* Rx flags: one TCP segment of up to 64 KiB over IPv4/IPv6 that the
 * backend did not cut up (GSO; a frame of several slots), whose segment
 * size on the wire is NETFRONT_RX_GSO_SIZE(flags).  Comes with
 * CSUM_VALID|CSUM_BLANK: the TCP checksum is not filled in. */
#define NETFRONT_RX_GSO_TCPV4	    4u
#define NETFRONT_RX_GSO_TCPV6	    8u
#define NETFRONT_RX_GSO_SIZE(flags) ((flags) >> 16)
/* Tx flag for netfront_send: the L4 checksum field holds only the
 * pseudo-header sum; the backend completes it (TCP/UDP over IPv4, and
 * over IPv6 when netfront_info.csum_ipv6). */
#define NETFRONT_TX_CSUM_BLANK 1u
/* Tx flags: the frame is one TCP segment longer than the wire allows,
 * which the backend cuts into gso_size-byte segments (TCP segmentation
 * offload).  Only when netfront_info.gso_tcpv4/gso_tcpv6 says the backend
 * can; needs NETFRONT_TX_CSUM_BLANK, with the pseudo-header sum taken
 * over the whole frame's TCP length. */
#define NETFRONT_TX_GSO_TCPV4 2u
#define NETFRONT_TX_GSO_TCPV6 4u

/* Largest frame without scatter-gather: one page.  With the backend's
 * feature-sg, frames up to NETFRONT_MAX_FRAME span several slots. */
#define NETFRONT_MAX_FRAME 65535u
/* Largest frame received: a 64 KiB IP packet and its Ethernet header
 * (the frontend always takes multi-slot and GSO frames). */
#define NETFRONT_MAX_RX_FRAME (65535u + 14u)
/* Frames held for netfront_recv() before new ones are dropped. */
#define NETFRONT_RX_QUEUE 256u
/* Most ring pairs one vif uses (netif.h multi-queue).  Each queue posts
 * a page per rx slot (256: 1 MiB) and its own tx pages. */
#define NETFRONT_MAX_QUEUES 4u

struct netfront_info {
	uint8_t mac[6];
	unsigned int id;	 /* device/vif/<id> */
	unsigned int backend;	 /* backend domain id */
	bool sg;		 /* backend accepts multi-slot frames */
	size_t max_frame;	 /* longest frame netfront_send accepts */
	bool csum_ipv6;		 /* NETFRONT_TX_CSUM_BLANK works over IPv6 */
	bool gso_tcpv4;		 /* NETFRONT_TX_GSO_TCPV4 accepted */
	bool gso_tcpv6;		 /* NETFRONT_TX_GSO_TCPV6 accepted */
	unsigned int queues;	 /* ring pairs in use (multi-queue) */
	unsigned int max_queues; /* the backend's multi-queue-max-queues */
};

/* One piece of a frame for netfront_sendv. */
struct netfront_iov {
	const void *base;
	size_t len;
};

struct netfront_stats {
	unsigned long tx_packets, tx_bytes, tx_errors; /* backend said so */
	unsigned long rx_packets, rx_bytes;
	/* Every frame refused or lost: the sum of the rx_bad_* below, the
	 * backend's error reports and a full queue or no memory. */
	unsigned long rx_dropped;
	unsigned long rx_multi;			/* frames of several slots */
	unsigned long rx_gso, rx_gso_bytes;	/* GSO frames (in rx_packets) */
	unsigned long rx_csum_valid;		/* NETFRONT_RX_CSUM_VALID */
	unsigned long rx_csum_blank;		/* NETFRONT_RX_CSUM_BLANK */
	unsigned long rx_bad_slots, rx_bad_len; /* too many slots, too long */
	unsigned long rx_bad_extra, rx_bad_gso; /* unknown extra, bad GSO */
	/* Frames sent and received on each queue (netfront_info.queues). */
	unsigned long q_tx[NETFRONT_MAX_QUEUES], q_rx[NETFRONT_MAX_QUEUES];
};

/* Fills ids[] with up to max vif ids from device/vif; returns the count
 * found (may exceed max) or a negative errno. */
int netfront_list(unsigned int *ids, unsigned int max);

/* Connects vif `id` (xenbus handshake, bounded by a timeout).  rx may be
 * NULL: frames then queue for netfront_recv(). */
int netfront_open(unsigned int id, netfront_rx_fn rx, void *arg,
		  struct netfront **out);

/* netfront_open with options: NETFRONT_OPEN_WIRE asks the backend for
 * no receive offloads (no GSO, checksums filled in:
 * feature-no-csum-offload), so received frames are what a NIC on the
 * wire would see, at most one MTU long; for a device model relaying
 * them to an emulated NIC (libc-glue's /dev/xenvifN).  A backend that
 * sends offloaded frames anyway still gets them through with their
 * NETFRONT_RX_* flags.  -EINVAL for unknown options. */
#define NETFRONT_OPEN_WIRE 1u
/* Ask for up to n ring pairs (1..NETFRONT_MAX_QUEUES; 0 means 1): the
 * backend's multi-queue-max-queues caps it, and without multi-queue on
 * the backend one pair is used.  Sent frames go to a queue by a hash
 * of their IP addresses and TCP/UDP ports (one flow stays on one queue,
 * in order); the backend picks the queue of each received frame. */
#define NETFRONT_OPEN_QUEUES(n)	   (((n)&0xfu) << 8)
#define NETFRONT_OPEN_QUEUES_OF(o) (((o) >> 8) & 0xfu)
int netfront_open_opts(unsigned int id, netfront_rx_fn rx, void *arg,
		       unsigned int opts, struct netfront **out);

/* Disconnects (Closing -> Closed), fails waiting callers, ends grants and
 * frees everything.  Always returns with nf freed; the result tells
 * whether every grant could be ended (-EBUSY: pages leaked on purpose). */
int netfront_close(struct netfront *nf);

void netfront_get_info(const struct netfront *nf, struct netfront_info *inf);
void netfront_get_stats(const struct netfront *nf, struct netfront_stats *st);

/* 0 while connected; -EIO once broken, -ENODEV once detached/closed. */
int netfront_status(const struct netfront *nf);

/*
 * Sends one Ethernet frame (copied; the caller keeps buf).  Waits at most
 * timeout_ns for ring space (0: not at all, -EAGAIN).  Returns 0 once the
 * frame is on the ring, -ETIMEDOUT, -EMSGSIZE (len > max_frame or < 14),
 * -EIO or -ENODEV.  flags: NETFRONT_TX_*.
 */
int netfront_send(struct netfront *nf, const void *buf, size_t len,
		  unsigned int flags, uint64_t timeout_ns);

/*
 * netfront_send for a frame in iovcnt pieces (copied; no piece needs to
 * be a whole page).  gso_size: the segment size with a NETFRONT_TX_GSO_*
 * flag (1..max_frame), else ignored.  -EINVAL for a GSO request the
 * backend did not offer or a gso_size of 0.
 */
int netfront_sendv(struct netfront *nf, const struct netfront_iov *iov,
		   unsigned int iovcnt, unsigned int flags, uint16_t gso_size,
		   uint64_t timeout_ns);

/* Waits until the frames sent so far have been answered by the backend,
 * at most timeout_ns.  0, -ETIMEDOUT, -EIO or -ENODEV. */
int netfront_flush(struct netfront *nf, uint64_t timeout_ns);

/*
 * Queue mode (no rx callback): copies the next frame into buf (truncated
 * to size) and returns its full length; waits at most timeout_ns (0: not
 * at all, -EAGAIN).  -ETIMEDOUT, -EIO, -ENODEV, or -EINVAL with a
 * callback registered.
 */
int netfront_recv(struct netfront *nf, void *buf, size_t size,
		  uint64_t timeout_ns);

#endif
