/*
 * netif.c - an lwIP Ethernet interface on one netfront vif, through
 * netfront's public API only.
 *
 * Receive: netfront's worker thread calls rx_frame with a frame that is
 * valid only during the call; it is copied into a pbuf and handed to
 * lwIP's ethernet_input in that thread under the core lock.  Holding the
 * lock there (not queueing to the tcpip thread) lets the interface set
 * the checksum flags for this one frame: when the backend vouches for
 * the L4 checksum (NETFRONT_RX_CSUM_VALID: dom0's own traffic, whose
 * checksum field may be only the pseudo-header sum) lwIP skips checking
 * it.  The frame's contents are otherwise parsed by lwIP, which checks
 * every length itself.
 *
 * Transmit: lwIP computes checksums in software; linkoutput flattens a
 * pbuf chain into one buffer (netfront copies it again into a granted
 * page) and waits up to a second for ring space.  Every output runs
 * under the core lock, so one buffer per interface suffices.
 */
#include <stdio.h>
#include <string.h>
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/snmp.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"
#include "libc-glue/kapi.h"
#include "libc-glue/lwip/net.h"
#include "netfront/netfront.h"

#define TX_WAIT (1 * NSEC_PER_SEC)
#define ETH_MAX 1514

struct vif {
	struct netfront *nf;
	struct netif *netif;
	unsigned long rx_nomem, tx_errors;
	unsigned char txbuf[ETH_MAX];
};

static err_t vif_linkoutput(struct netif *netif, struct pbuf *p)
{
	struct vif *v = netif->state;
	const void *frame = p->payload;
	int rc;

	if (p->tot_len > ETH_MAX) {
		v->tx_errors++;
		return ERR_BUF;
	}
	if (p->next) {
		pbuf_copy_partial(p, v->txbuf, p->tot_len, 0);
		frame = v->txbuf;
	}
	rc = netfront_send(v->nf, frame, p->tot_len, 0, TX_WAIT);
	if (rc) {
		v->tx_errors++;
		return ERR_IF;
	}
	return ERR_OK;
}

static void vif_rx(void *arg, const void *frame, size_t len, unsigned int flags)
{
	struct vif *v = arg;
	struct netif *netif = v->netif;
	struct pbuf *p;

	if (len > 0xffff || !netif)
		return;
	p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (!p) {
		v->rx_nomem++;
		return;
	}
	pbuf_take(p, frame, (u16_t)len);
	LOCK_TCPIP_CORE();
	NETIF_SET_CHECKSUM_CTRL(netif, (flags & NETFRONT_RX_CSUM_VALID)
					   ? NETIF_CHECKSUM_ENABLE_ALL &
						 ~(NETIF_CHECKSUM_CHECK_TCP |
						   NETIF_CHECKSUM_CHECK_UDP)
					   : NETIF_CHECKSUM_ENABLE_ALL);
	if (ethernet_input(p, netif) != ERR_OK)
		pbuf_free(p);
	UNLOCK_TCPIP_CORE();
}

static err_t vif_init(struct netif *netif)
{
	struct vif *v = netif->state;
	struct netfront_info inf;

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
	NETIF_SET_CHECKSUM_CTRL(netif, NETIF_CHECKSUM_ENABLE_ALL);
	return ERR_OK;
}

int vif_stats(struct netif *netif, char *buf, size_t size)
{
	struct vif *v = netif->state;
	struct netfront_stats st;

	netfront_get_stats(v->nf, &st);
	return snprintf(buf, size,
			"tx %lu frames %lu bytes %lu errors (%lu here), rx %lu "
			"frames %lu bytes %lu dropped (%lu no memory here)",
			st.tx_packets, st.tx_bytes, st.tx_errors, v->tx_errors,
			st.rx_packets, st.rx_bytes, st.rx_dropped, v->rx_nomem);
}

/* Opens vif `id` and adds it to lwIP (not yet up, no address).  Call
 * without the core lock: netfront_open waits for the backend. */
int vif_attach(unsigned int id, struct netif *netif)
{
	struct vif *v = calloc(1, sizeof(*v));
	int rc;

	if (!v)
		return -ENOMEM;
	rc = (int)kerr(netfront_open(id, vif_rx, v, &v->nf));
	if (rc) {
		free(v);
		return rc;
	}
	LOCK_TCPIP_CORE();
	/* Frames that arrive before netif_add returns are dropped (vif_rx
	 * checks v->netif), so the interface is complete before lwIP
	 * sees any. */
	if (!netif_add(netif, NULL, NULL, NULL, v, vif_init, ethernet_input)) {
		UNLOCK_TCPIP_CORE();
		netfront_close(v->nf);
		free(v);
		return -EIO;
	}
	v->netif = netif;
	UNLOCK_TCPIP_CORE();
	return 0;
}
