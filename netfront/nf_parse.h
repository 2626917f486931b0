/*
 * nf_parse.h - strict parsers for the xenstore values netfront reads
 * (netfront/parse.c).  xenstore is written by the toolstack and the
 * backend, both untrusted: anything but the exact expected form is
 * -EINVAL, never a best guess.  Pure, so host tests compile it.
 */
#ifndef NETFRONT_NF_PARSE_H
#define NETFRONT_NF_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* "xx:xx:xx:xx:xx:xx", hex digits either case, nothing before or after;
 * multicast and all-zero addresses are refused too. */
int nf_parse_mac(const char *s, uint8_t mac[6]);
/* "0" or "1". */
int nf_parse_bool(const char *s, int *val);
/* Decimal, no sign or leading zeros, <= max. */
int nf_parse_uint(const char *s, unsigned long max, unsigned long *val);

/* Bytes of a frame nf_flow_queue looks at (Ethernet, one VLAN tag,
 * IPv6's fixed header, the ports). */
#define NF_FLOW_HDR 62u
/* The tx queue (< nq) for a frame whose first len bytes are hdr: a hash
 * of the IPv4/IPv6 addresses and, for an unfragmented TCP or UDP
 * packet, its ports; 0 for anything else.  Any bytes are safe (a device
 * model relays its guest's frames through here). */
unsigned int nf_flow_queue(const uint8_t *hdr, size_t len, unsigned int nq);

#endif
