/*
 * net.h - what the lwIP port offers the rest of libc-glue, grouped by
 * the file that defines it.  Internal convention: 0 or a negative errno
 * in the libc's numbering.
 */
#ifndef LIBC_GLUE_LWIP_NET_H
#define LIBC_GLUE_LWIP_NET_H

#include <stddef.h>

struct netif;

/* ---- netif.c ---- */
int vif_attach(unsigned int id, struct netif *netif);
/* One line of the vif's frame counters (netfront's and the netif's). */
int vif_stats(struct netif *netif, char *buf, size_t size);

/* ---- net.c ---- */
/* Starts lwIP once: the tcpip thread, loopback, vif 0 configured from
 * the environment (ip=, gw=, dns=, ip6=, hostname=; no ip=: DHCP), and
 * waits (net_wait= seconds, default 30) for an IPv4 address.  Later
 * calls return the first call's result. */
int net_start(void);

#endif
