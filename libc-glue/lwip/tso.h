/*
 * tso.h - gathering lwIP's outgoing TCP segments into one large frame for
 * the backend to cut up again (TCP segmentation offload, netfront's
 * NETFRONT_TX_GSO_*).  Pure frame logic, no lwIP and no kernel, so the
 * host tests and a fuzz target run exactly this code; netif.c holds the
 * pbufs and decides when a batch goes out.
 *
 * Why: lwIP sends TCP in MSS-sized segments.  Each one costs a ring slot
 * pair, a backend copy and a trip through dom0's bridge and TCP stack;
 * dom0's Linux takes a 64 KiB segment for barely more than a 1.5 KiB one.
 * Consecutive segments of one connection that lwIP emits in one go differ
 * only in sequence number, IP id, lengths and checksums, so they can be
 * sent as the first segment's headers followed by all the payloads, with
 * gso_size = the first payload's length: exactly what the backend's
 * segmentation produces again.
 *
 * What joins a batch: a TCP segment with payload over IPv4 (not a
 * fragment) or IPv6 (no extension headers), flags ACK and maybe PSH,
 * whose headers equal the batch's apart from the fields segmentation
 * rewrites (IPv4 length, id and checksum; IPv6 payload length; TCP
 * sequence, PSH and checksum), whose sequence number continues the batch,
 * that is no longer than the first payload, and that follows a full-sized
 * one.  The frame stays within max_frame bytes.
 */
#ifndef LIBC_GLUE_LWIP_TSO_H
#define LIBC_GLUE_LWIP_TSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TSO_HDR_MAX  (14 + 60 + 60) /* Ethernet + IPv4 max + TCP max */
#define TSO_MAX_SEGS 64

#define TSO_TCP_FIN 0x01
#define TSO_TCP_SYN 0x02
#define TSO_TCP_RST 0x04
#define TSO_TCP_PSH 0x08
#define TSO_TCP_ACK 0x10

/* An outgoing frame's headers, as tso_parse found them. */
struct tso_frame {
	bool v6;
	unsigned int l4;     /* offset of the TCP header */
	unsigned int hdrlen; /* Ethernet + IP + TCP headers */
	size_t paylen;	     /* TCP payload bytes */
	uint32_t seq;
	uint8_t flags; /* TCP flags */
};

struct tso_batch {
	uint8_t hdr[TSO_HDR_MAX]; /* the first segment's headers */
	struct tso_frame first;
	size_t paylen;	   /* payload gathered so far */
	uint32_t next_seq; /* where the next segment must start */
	uint16_t mss;	   /* the first payload's length: gso_size */
	uint8_t flags;	   /* every segment's TCP flags, or'ed */
	unsigned int nseg; /* 0: empty */
	bool open;	   /* the last segment was full-sized */
};

/*
 * Parses the headers of an outgoing frame of `len` bytes whose first
 * `have` bytes are at f.  0 if it is a TCP segment over IPv4 (any header
 * length, not a fragment) or over IPv6 (TCP the first next header), with
 * every header inside those bytes and lengths that agree with len; -1
 * for anything else.
 */
int tso_parse(const uint8_t *f, size_t have, size_t len, struct tso_frame *t);

/* True if t may start a batch (a segment with payload, ACK and maybe
 * PSH, nothing else; more than one segment's worth of room). */
bool tso_startable(const struct tso_frame *t, size_t max_frame);

/* Empties b and makes the segment (headers hdr, parsed as t) its first. */
void tso_start(struct tso_batch *b, const uint8_t *hdr,
	       const struct tso_frame *t);

/* Adds the segment to b if it may join (see above); true if it did. */
bool tso_join(struct tso_batch *b, const uint8_t *hdr,
	      const struct tso_frame *t, size_t max_frame);

/*
 * Rewrites headers hdr (parsed as t) for a frame carrying paylen bytes of
 * TCP payload and TCP flags `flags`: IP length (and IPv4 header checksum)
 * and the TCP checksum field set to the pseudo-header sum over that
 * length, for the backend to complete (NETFRONT_TX_CSUM_BLANK).
 */
void tso_fixup(uint8_t *hdr, const struct tso_frame *t, size_t paylen,
	       uint8_t flags);

#endif
