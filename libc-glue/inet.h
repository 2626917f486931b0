/*
 * inet.h - IPv6 addresses as text, as RFC 5952 and Linux's libc write
 * them (lower case, the longest run of zero groups as "::"), for
 * inet_ntop (socket.c) and net_describe (lwip/net.c): lwIP's own
 * ip6addr_ntoa writes upper case and shortens the first run of zeros,
 * not the longest.  Pure (host-tested against the host's inet_ntop in
 * tests/unit/test_libc_inet.c).
 */
#ifndef LIBC_GLUE_INET_H
#define LIBC_GLUE_INET_H

#include <stddef.h>

/* The longest text inet6_format writes, with its NUL. */
#define INET6_TEXT_MAX 46

/* Writes the 16-byte address a (network order) into out as text: its
 * length, or -ENOSPC if it and its NUL do not fit in size bytes.
 * IPv4-mapped addresses read "::ffff:A.B.C.D" (RFC 5952 section 5). */
int inet6_format(const unsigned char *a, char *out, size_t size);

#endif
