/*
 * nettest.h - the netfront boot-test app's pieces: a minimal ARP/IPv4
 * responder (proto.c) on top of netfront's raw API, and the modes
 * (main.c): echo (tests/boot/net), detach (tests/boot/net-detach) and
 * bench (tools/bench-net).
 */
#ifndef NETTEST_H
#define NETTEST_H

#include <domlet/kernel.h>
#include "netfront/netfront.h"

#define ETH_HLEN      14
#define UDP_ECHO_PORT 7
#define UDP_SINK_PORT 9

struct nettest {
	struct netfront *nf;
	uint8_t mac[6];
	uint8_t ip[4];
	uint8_t peer_ip[4];
	uint8_t peer_mac[6];
	volatile bool peer_known;
	struct waitqueue peer_wq;
	unsigned long arp_replies, icmp_replies, udp_echoes, ignored;
	unsigned long send_errors;
};

/* ---- proto.c ---- */
/* The rx callback: answers ARP requests, ICMP echo and UDP port 7. */
void nt_rx(void *arg, const void *frame, size_t len, unsigned int flags);
/* Asks for peer_ip's MAC until it answers or the timeout passes. */
int nt_resolve_peer(struct nettest *nt, uint64_t timeout_ns);
/* Builds an Ethernet/IPv4/UDP frame to the peer's port `dport` with
 * `payload` bytes of pattern; returns the frame length. */
size_t nt_build_udp(const struct nettest *nt, uint8_t *buf, uint16_t dport,
		    size_t payload);
int nt_parse_ip(const char *s, uint8_t ip[4]);

#endif
