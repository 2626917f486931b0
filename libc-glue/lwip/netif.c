/*
 * netif.c - an lwIP Ethernet interface on one netfront vif, through
 * netfront's public API only.
 *
 * Receive: netfront's worker thread calls vif_rx with a frame that is
 * valid only during the call; it is copied into a pbuf and handed to
 * lwIP's ethernet_input in that thread under the core lock.  Holding the
 * lock there (not queueing to the tcpip thread) lets the interface set
 * the checksum flags for this one frame: when the backend vouches for
 * the L4 checksum (NETFRONT_RX_CSUM_VALID: dom0's own traffic, whose
 * checksum field may be only the pseudo-header sum) lwIP skips checking
 * it.  GSO frames (up to 64 KiB of one TCP connection) go to lwIP as
 * they are (see vif_rx).  The frame's contents are otherwise parsed by
 * lwIP, which checks every length itself.
 *
 * Transmit: linkoutput hands netfront the pbuf chain's pieces (netfront
 * copies them into granted pages; no flattening here).  When the backend
 * takes partial checksums for IPv4 and IPv6 alike, lwIP leaves the TCP
 * checksum to it (the per-netif GEN_TCP switch covers both families):
 * every TCP frame goes out with the pseudo-header sum and
 * NETFRONT_TX_CSUM_BLANK.  With the backend's GSO as well, data segments
 * are not sent one by one but gathered (tso.h) while the core lock is
 * held, and vif_flush_all, which lwipopts.h's UNLOCK_TCPIP_CORE calls
 * before every release, sends each batch as one large frame; a frame
 * that cannot join goes out after the batch, so the order on the wire is
 * lwIP's.  A batch holds a reference to each segment's pbuf until it is
 * sent: lwIP does not touch a segment's bytes while its pbuf is shared
 * (tcp_output_segment_busy).  Every output runs under the core lock, so
 * nothing else needs locking; a send waits up to a second for ring space.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/ip4.h"
#include "lwip/ip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/snmp.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"
#include "libc-glue/kapi.h"
#include "libc-glue/lwip/net.h"
#include "libc-glue/lwip/tso.h"
#include "netfront/netfront.h"

#define TX_WAIT	 (1 * NSEC_PER_SEC)
#define ETH_MAX	 1514
#define MAX_VIFS 4
/* iov pieces for one frame: our header copy, then pbufs' payloads. */
#define TX_PIECES (1 + 2 * TSO_MAX_SEGS)
/* ... and for a frame sent on its own (lwIP's chains are short). */
#define ONE_PIECES 16

struct vif {
	struct netfront *nf;
	struct netif *netif;
	bool csum_offload; /* lwIP leaves TCP checksums to the backend */
	bool tso4, tso6;   /* ... and TCP segmentation too */
	u8_t csum_ctrl;	   /* NETIF_CHECKSUM_* for frames sent */
	unsigned long rx_nomem, tx_errors, tso_frames, tso_segs;
	unsigned long rx_big_dropped; /* over 64 KiB and not IP for us */

	/* The batch being gathered: headers and state in tso, payload
	 * pieces in iov[1..], a reference on each segment's pbuf. */
	struct tso_batch tso;
	struct netfront_iov iov[TX_PIECES];
	unsigned int npieces;
	struct pbuf *held[TSO_MAX_SEGS];
};

static struct vif *vifs[MAX_VIFS];

/* Appends the pieces of p from byte `skip` on to iov[*n..]; false (and
 * nothing appended) if more than max pieces would be needed. */
static bool add_pieces(struct netfront_iov *iov, unsigned int *n,
		       unsigned int max, const struct pbuf *p, size_t skip)
{
	unsigned int k = *n;

	for (; p; p = p->next) {
		if (skip >= p->len) {
			skip -= p->len;
			continue;
		}
		if (k == max)
			return false;
		iov[k].base = (const u8_t *)p->payload + skip;
		iov[k].len = p->len - skip;
		k++;
		skip = 0;
	}
	*n = k;
	return true;
}

/* What the backend takes, from netfront; again after a restore moved
 * us to a backend that may offer less (a send then says -EINVAL). */
static void vif_features(struct vif *v, struct netif *netif)
{
	struct netfront_info inf;

	netfront_get_info(v->nf, &inf);
	v->csum_offload = inf.csum_ipv6;
	v->tso4 = v->csum_offload && inf.gso_tcpv4;
	v->tso6 = v->csum_offload && inf.gso_tcpv6;
	v->csum_ctrl = v->csum_offload
			   ? NETIF_CHECKSUM_ENABLE_ALL & ~NETIF_CHECKSUM_GEN_TCP
			   : NETIF_CHECKSUM_ENABLE_ALL;
	NETIF_SET_CHECKSUM_CTRL(netif, v->csum_ctrl);
}

static err_t vif_send(struct vif *v, const struct netfront_iov *iov,
		      unsigned int n, unsigned int flags, u16_t gso_size)
{
	int rc = netfront_sendv(v->nf, iov, n, flags, gso_size, TX_WAIT);

	if (rc == -EINVAL)
		vif_features(v, v->netif);
	if (rc) {
		v->tx_errors++;
		return ERR_IF;
	}
	return ERR_OK;
}

/* Sends the batch (one segment: as it is; more: one GSO frame). */
static void vif_flush(struct vif *v)
{
	struct tso_batch *b = &v->tso;
	unsigned int flags = NETFRONT_TX_CSUM_BLANK, i;

	if (!b->nseg)
		return;
	tso_fixup(b->hdr, &b->first, b->paylen, b->flags);
	if (b->nseg > 1) {
		flags |=
		    b->first.v6 ? NETFRONT_TX_GSO_TCPV6 : NETFRONT_TX_GSO_TCPV4;
		v->tso_frames++;
		v->tso_segs += b->nseg;
	}
	v->iov[0].base = b->hdr;
	v->iov[0].len = b->first.hdrlen;
	vif_send(v, v->iov, v->npieces, flags, b->mss);
	for (i = 0; i < b->nseg; i++)
		pbuf_free(v->held[i]);
	b->nseg = 0;
	v->npieces = 0;
}

void vif_flush_all(void)
{
	unsigned int i;

	for (i = 0; i < MAX_VIFS; i++)
		if (vifs[i])
			vif_flush(vifs[i]);
}

/* Adds the segment (p, parsed as t from hdr) to the batch, joining or
 * starting one; false if it must go out on its own. */
static bool vif_gather(struct vif *v, struct pbuf *p, const u8_t *hdr,
		       const struct tso_frame *t)
{
	struct tso_batch *b = &v->tso;
	unsigned int n = v->npieces;

	if (!(t->v6 ? v->tso6 : v->tso4))
		return false;
	if (b->nseg && add_pieces(v->iov, &n, TX_PIECES, p, t->hdrlen) &&
	    tso_join(b, hdr, t, NETFRONT_MAX_FRAME)) {
		v->npieces = n;
	} else {
		vif_flush(v);
		if (!tso_startable(t, NETFRONT_MAX_FRAME))
			return false;
		v->npieces = 1;
		add_pieces(v->iov, &v->npieces, TX_PIECES, p, t->hdrlen);
		tso_start(b, hdr, t);
	}
	pbuf_ref(p);
	v->held[b->nseg - 1] = p;
	return true;
}

static err_t vif_linkoutput(struct netif *netif, struct pbuf *p)
{
	struct vif *v = netif->state;
	struct netfront_iov iov[ONE_PIECES];
	u8_t hdr[TSO_HDR_MAX];
	struct tso_frame t;
	unsigned int n = 0;
	u16_t have;

	if (p->tot_len > ETH_MAX) {
		v->tx_errors++;
		return ERR_BUF;
	}
	if (v->csum_offload) {
		have = pbuf_copy_partial(p, hdr, sizeof(hdr), 0);
		/* lwIP's TCP output always parses: no IPv6 extension
		 * headers, no IPv4 fragments. */
		if (tso_parse(hdr, have, p->tot_len, &t) == 0) {
			if (vif_gather(v, p, hdr, &t))
				return ERR_OK;
			vif_flush(v);
			tso_fixup(hdr, &t, t.paylen, t.flags);
			iov[0].base = hdr;
			iov[0].len = t.hdrlen;
			n = 1;
			if (!add_pieces(iov, &n, ONE_PIECES, p, t.hdrlen))
				goto too_many;
			return vif_send(v, iov, n, NETFRONT_TX_CSUM_BLANK, 0);
		}
	}
	vif_flush(v);
	if (!add_pieces(iov, &n, ONE_PIECES, p, 0))
		goto too_many;
	return vif_send(v, iov, n, 0, 0);
too_many:
	v->tx_errors++;
	return ERR_BUF;
}

/* A frame too long for a pbuf (tot_len is 16 bits): a GSO frame whose IP
 * packet is near 64 KiB.  Only for us and only IP: handed to IP without
 * its Ethernet header, as ethernet_input would (we never trust the
 * sender's MAC for ARP from IP frames).  NULL: dropped. */
static struct pbuf *vif_rx_big(struct vif *v, const u8_t *frame, size_t len,
			       u16_t *type)
{
	struct pbuf *p;

	*type = (u16_t)(frame[12] << 8 | frame[13]);
	if (len - SIZEOF_ETH_HDR > 0xffff ||
	    memcmp(frame, v->netif->hwaddr, ETH_HWADDR_LEN) ||
	    (*type != ETHTYPE_IP && *type != ETHTYPE_IPV6))
		return NULL;
	p = pbuf_alloc(PBUF_RAW, (u16_t)(len - SIZEOF_ETH_HDR), PBUF_RAM);
	if (p)
		pbuf_take(p, frame + SIZEOF_ETH_HDR, p->tot_len);
	return p;
}

/*
 * Checksums: NETFRONT_RX_CSUM_VALID (netback's data_validated, also set
 * with CSUM_BLANK) makes lwIP skip the TCP/UDP check for this frame.  A
 * CSUM_BLANK frame's field holds only the pseudo-header sum; it is not
 * completed here: lwIP is the frame's end (no IP forwarding) and never
 * reads a received checksum again, so the sum would be a wasted pass over
 * up to 64 KiB (Linux treats CHECKSUM_PARTIAL received locally the same).
 * GSO frames (a TCP segment of up to 64 KiB) go to lwIP whole: ip4_input
 * and ip6_input take any length the pbuf holds, and tcp_input trims data
 * beyond the receive window, which the sender respects anyway.
 */
static void vif_rx(void *arg, const void *frame, size_t len, unsigned int flags)
{
	struct vif *v = arg;
	struct netif *netif = v->netif;
	struct pbuf *p;
	u16_t type = 0;

	if (!netif || len < SIZEOF_ETH_HDR)
		return;
	if (len > 0xffff) {
		p = vif_rx_big(v, frame, len, &type);
		if (!p) {
			v->rx_big_dropped++;
			return;
		}
	} else {
		/* One block for a large frame, pool pieces for the rest. */
		p = pbuf_alloc(PBUF_RAW, (u16_t)len,
			       len > PBUF_POOL_BUFSIZE ? PBUF_RAM : PBUF_POOL);
		if (p)
			pbuf_take(p, frame, (u16_t)len);
	}
	if (!p) {
		v->rx_nomem++;
		return;
	}
	LOCK_TCPIP_CORE();
	NETIF_SET_CHECKSUM_CTRL(netif, (flags & NETFRONT_RX_CSUM_VALID)
					   ? v->csum_ctrl &
						 ~(NETIF_CHECKSUM_CHECK_TCP |
						   NETIF_CHECKSUM_CHECK_UDP)
					   : v->csum_ctrl);
	if ((type == ETHTYPE_IP	    ? ip4_input(p, netif)
	     : type == ETHTYPE_IPV6 ? ip6_input(p, netif)
				    : ethernet_input(p, netif)) != ERR_OK)
		pbuf_free(p);
	UNLOCK_TCPIP_CORE();
}

static err_t vif_init(struct netif *netif)
{
	struct vif *v = netif->state;
	struct netfront_info inf;

	vif_features(v, netif);
	netfront_get_info(v->nf, &inf);
	memcpy(netif->hwaddr, inf.mac, 6);
	netif->hwaddr_len = 6;
	netif->mtu = 1500;
	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		       NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
	netif->output = etharp_output;
	netif->output_ip6 = ethip6_output;
	netif->linkoutput = vif_linkoutput;
	return ERR_OK;
}

int vif_stats(struct netif *netif, char *buf, size_t size)
{
	struct vif *v = netif->state;
	struct netfront_stats st;
	struct netfront_info inf;
	int n, m;

	netfront_get_stats(v->nf, &st);
	netfront_get_info(v->nf, &inf);
	n = snprintf(
	    buf, size,
	    "tx %lu frames %lu bytes %lu errors (%lu here), %lu segments in "
	    "%lu TSO frames, rx %lu frames %lu bytes %lu dropped (%lu no "
	    "memory here, %lu too big here), %lu multi-slot, %lu GSO frames "
	    "%lu bytes, csum %lu validated %lu blank, refused %lu slots %lu "
	    "length %lu extra %lu gso",
	    st.tx_packets, st.tx_bytes, st.tx_errors, v->tx_errors, v->tso_segs,
	    v->tso_frames, st.rx_packets, st.rx_bytes, st.rx_dropped,
	    v->rx_nomem, v->rx_big_dropped, st.rx_multi, st.rx_gso,
	    st.rx_gso_bytes, st.rx_csum_valid, st.rx_csum_blank,
	    st.rx_bad_slots, st.rx_bad_len, st.rx_bad_extra, st.rx_bad_gso);
	/* Multi-queue: the frames each ring pair carried. */
	if (n < 0 || (size_t)n >= size)
		return n;
	m = snprintf(buf + n, size - (size_t)n,
		     ", queues %u (backend max %u), rx/tx per queue",
		     inf.queues, inf.max_queues);
	for (unsigned int i = 0; i < inf.queues && i < NETFRONT_MAX_QUEUES &&
				 m >= 0 && (size_t)(n + m) < size;
	     i++)
		m += snprintf(buf + n + m, size - (size_t)(n + m), " %lu/%lu",
			      st.q_rx[i], st.q_tx[i]);
	return m < 0 ? m : n + m;
}

/* vif_queues=N on the command line: ring pairs to ask netback for
 * (1..NETFRONT_MAX_QUEUES, default 1: one vCPU gains nothing from more
 * unless dom0 spreads the backend's work over its CPUs). */
static unsigned int vif_queues(void)
{
	const char *s = getenv("vif_queues");
	char *end;
	unsigned long n;

	if (!s)
		return 1;
	n = strtoul(s, &end, 10);
	if (*s < '1' || *s > '9' || *end || n > NETFRONT_MAX_QUEUES) {
		printf("net: vif_queues=%s is not 1..%u; using 1\n", s,
		       NETFRONT_MAX_QUEUES);
		return 1;
	}
	return (unsigned int)n;
}

/* Opens vif `id` and adds it to lwIP (not yet up, no address).  Call
 * without the core lock: netfront_open waits for the backend. */
int vif_attach(unsigned int id, struct netif *netif)
{
	struct vif *v = calloc(1, sizeof(*v));
	unsigned int slot;
	int rc;

	if (!v)
		return -ENOMEM;
	rc = (int)kerr(netfront_open_opts(
	    id, vif_rx, v, NETFRONT_OPEN_QUEUES(vif_queues()), &v->nf));
	if (rc) {
		free(v);
		return rc;
	}
	LOCK_TCPIP_CORE();
	for (slot = 0; slot < MAX_VIFS && vifs[slot]; slot++)
		;
	/* Frames that arrive before netif_add returns are dropped (vif_rx
	 * checks v->netif), so the interface is complete before lwIP
	 * sees any. */
	if (slot == MAX_VIFS ||
	    !netif_add(netif, NULL, NULL, NULL, v, vif_init, ethernet_input)) {
		UNLOCK_TCPIP_CORE();
		netfront_close(v->nf);
		free(v);
		return slot == MAX_VIFS ? -ENOSPC : -EIO;
	}
	v->netif = netif;
	vifs[slot] = v;
	UNLOCK_TCPIP_CORE();
	return 0;
}
