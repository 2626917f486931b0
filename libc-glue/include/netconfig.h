/*
 * netconfig.h - domlet's network set-up for apps (not POSIX).
 *
 * The first socket call brings the network up by itself; an app calls
 * net_up() to do it at a moment of its choosing and net_describe() to
 * print where it can be reached.  Configuration comes from the
 * environment, i.e. leading NAME=value words of xl's extra=:
 *   ip=A.B.C.D/LEN  static IPv4 address (no ip=: DHCP on vif 0)
 *   gw=A.B.C.D      IPv4 default gateway     dns=A.B.C.D  DNS server
 *   ip6=ADDR        static IPv6 address (implied /64), besides the
 *                   link-local and SLAAC ones
 *   hostname=NAME   sent with DHCP           net_wait=SECONDS (30)
 *   ra_wait=SECONDS also wait this long for an IPv6 address from a
 *                   router advertisement (SLAAC; default 0: do not wait)
 *   vif_queues=N    ring pairs to ask netback for (multi-queue, 1..4;
 *                   default 1; the backend's multi-queue-max-queues caps)
 */
#ifndef LIBC_GLUE_NETCONFIG_H
#define LIBC_GLUE_NETCONFIG_H

#include <stddef.h>

/* 0, or -1 with errno (ENODEV: no vif, ETIMEDOUT: no IPv4 address in
 * net_wait seconds, or none from a router advertisement in ra_wait
 * seconds; loopback still works then). */
int net_up(void);
/* One line naming vif 0's MAC and every address; returns its length. */
int net_describe(char *buf, size_t size);
/* One line of vif 0's frame counters (sent, received, dropped). */
int net_stats(char *buf, size_t size);

#endif
