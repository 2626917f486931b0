/*
 * proto.c - just enough ARP, IPv4, ICMP and UDP to answer dom0: ARP
 * requests for our address, ICMP echo requests, and UDP datagrams to port
 * 7 sent back unchanged (addresses and ports swapped, which leaves the
 * UDP checksum valid as it is).  Frames come from the network: every
 * length is checked against the frame before a field is read.
 */
#include <string.h>
#include "nettest.h"

#define ETHERTYPE_IP  0x0800
#define ETHERTYPE_ARP 0x0806
#define REPLY_TIMEOUT (100 * NSEC_PER_MSEC)

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void send_reply(struct nettest *nt, uint8_t *f, size_t len,
		       unsigned int txflags)
{
	memcpy(f, f + 6, 6); /* to whoever sent it */
	memcpy(f + 6, nt->mac, 6);
	if (netfront_send(nt->nf, f, len, txflags, REPLY_TIMEOUT))
		nt->send_errors++;
}

static void arp_frame(struct nettest *nt, uint8_t *f, uint16_t op,
		      const uint8_t *tmac, const uint8_t *tip)
{
	memcpy(f + 6, nt->mac, 6);
	put16(f + 12, ETHERTYPE_ARP);
	put16(f + 14, 1);      /* Ethernet */
	put16(f + 16, 0x0800); /* IPv4 */
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, op);
	memcpy(f + 22, nt->mac, 6);
	memcpy(f + 28, nt->ip, 4);
	memcpy(f + 32, tmac, 6);
	memcpy(f + 38, tip, 4);
}

static void on_arp(struct nettest *nt, const uint8_t *f, size_t len)
{
	uint8_t r[60] = {0};

	if (len < 42 || get16(f + 14) != 1 || get16(f + 16) != 0x0800 ||
	    f[18] != 6 || f[19] != 4)
		return;
	if (get16(f + 20) == 2 && !memcmp(f + 28, nt->peer_ip, 4)) {
		memcpy(nt->peer_mac, f + 22, 6);
		nt->peer_known = true;
		wake_up(&nt->peer_wq);
		return;
	}
	if (get16(f + 20) != 1 || memcmp(f + 38, nt->ip, 4))
		return;
	memcpy(r, f + 6, 6); /* to the asker */
	arp_frame(nt, r, 2, f + 22, f + 28);
	nt->arp_replies++;
	if (netfront_send(nt->nf, r, sizeof(r), 0, REPLY_TIMEOUT))
		nt->send_errors++;
}

/* f is our private copy (netfront copied it out of the shared page).  A
 * datagram from dom0 may come with its UDP checksum not filled in
 * (NETFRONT_RX_CSUM_BLANK: only the pseudo-header sum, which the swap
 * leaves as it is): it goes back the same way, for the backend to
 * complete. */
static void on_ip(struct nettest *nt, uint8_t *f, size_t len,
		  unsigned int flags)
{
	unsigned int txflags = 0;
	uint8_t *ip = f + ETH_HLEN, *l4, tmp[4];
	size_t ihl, tot;

	if (len < ETH_HLEN + 20 || (ip[0] >> 4) != 4)
		return;
	ihl = (size_t)(ip[0] & 15) * 4;
	tot = get16(ip + 2);
	if (ihl < 20 || tot < ihl || tot > len - ETH_HLEN ||
	    memcmp(ip + 16, nt->ip, 4) || (get16(ip + 6) & 0x3fff))
		return; /* not ours, or a fragment */
	l4 = ip + ihl;
	if (ip[9] == 1 && tot - ihl >= 8 && l4[0] == 8) {
		l4[0] = 0; /* echo reply */
		put16(l4 + 2, 0);
		put16(l4 + 2, csum(l4, tot - ihl));
		nt->icmp_replies++;
	} else if (ip[9] == 17 && tot - ihl >= 8 &&
		   get16(l4 + 2) == UDP_ECHO_PORT) {
		memcpy(tmp, l4, 2); /* swap ports */
		memcpy(l4, l4 + 2, 2);
		memcpy(l4 + 2, tmp, 2);
		if (flags & NETFRONT_RX_CSUM_BLANK)
			txflags = NETFRONT_TX_CSUM_BLANK;
		nt->udp_echoes++;
	} else {
		nt->ignored++;
		return;
	}
	memcpy(tmp, ip + 12, 4);
	memcpy(ip + 12, ip + 16, 4);
	memcpy(ip + 16, tmp, 4);
	ip[8] = 64;
	put16(ip + 10, 0);
	put16(ip + 10, csum(ip, ihl));
	send_reply(nt, f, ETH_HLEN + tot, txflags);
}

void nt_rx(void *arg, const void *frame, size_t len, unsigned int flags)
{
	struct nettest *nt = arg;
	uint8_t *f = (uint8_t *)frame; /* netfront's private copy */

	if (len < ETH_HLEN)
		return;
	switch (get16(f + 12)) {
	case ETHERTYPE_ARP:
		on_arp(nt, f, len);
		break;
	case ETHERTYPE_IP:
		on_ip(nt, f, len, flags);
		break;
	default:
		nt->ignored++;
	}
}

int nt_resolve_peer(struct nettest *nt, uint64_t timeout_ns)
{
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t zero[6];
	uint64_t end = monotonic_ns() + timeout_ns;
	uint8_t r[60] = {0};

	while (!nt->peer_known) {
		uint64_t next = monotonic_ns() + 200 * NSEC_PER_MSEC;

		if (next > end)
			return -ETIMEDOUT;
		memcpy(r, bcast, 6);
		arp_frame(nt, r, 1, zero, nt->peer_ip);
		netfront_send(nt->nf, r, sizeof(r), 0, REPLY_TIMEOUT);
		wait_event_until(nt->peer_wq, nt->peer_known, next);
	}
	return 0;
}

size_t nt_build_udp(const struct nettest *nt, uint8_t *f, uint16_t dport,
		    size_t payload)
{
	uint8_t *ip = f + ETH_HLEN, *udp = ip + 20;
	size_t i;

	memcpy(f, nt->peer_mac, 6);
	memcpy(f + 6, nt->mac, 6);
	put16(f + 12, ETHERTYPE_IP);
	memset(ip, 0, 28);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(28 + payload));
	put16(ip + 6, 0x4000); /* don't fragment */
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, nt->ip, 4);
	memcpy(ip + 16, nt->peer_ip, 4);
	put16(ip + 10, csum(ip, 20));
	put16(udp, 40000);
	put16(udp + 2, dport);
	put16(udp + 4, (uint16_t)(8 + payload));
	for (i = 0; i < payload; i++)
		udp[8 + i] = (uint8_t)i;
	/* UDP checksum 0: none (allowed for IPv4). */
	return ETH_HLEN + 28 + payload;
}

int nt_parse_ip(const char *s, uint8_t ip[4])
{
	unsigned int i, v;

	for (i = 0; i < 4; i++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		for (v = 0; *s >= '0' && *s <= '9'; s++)
			if ((v = v * 10 + (unsigned int)(*s - '0')) > 255)
				return -EINVAL;
		ip[i] = (uint8_t)v;
		if (*s != (i == 3 ? '\0' : '.'))
			return -EINVAL;
		s++;
	}
	return 0;
}
