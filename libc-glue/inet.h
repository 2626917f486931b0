/*
 * inet.h - IPv6 addresses as text, as RFC 5952 and Linux's libc write
 * them (lower case, the longest run of zero groups as "::"), for
 * inet_ntop (socket.c) and net_describe (lwip/net.c): lwIP's own
 * ip6addr_ntoa writes upper case and shortens the first run of zeros,
 * not the longest.  Pure (host-tested against the host's inet_ntop in
 * tests/unit/test_libc_inet.c); IPv4 text both ways for inet_aton and
 * inet_ntoa (lwIP has them only as macros), and the numeric forms of
 * getnameinfo.
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

/*
 * inet_aton's parse (4.3BSD, as glibc): "a.b.c.d", "a.b.c" (c 16 bits),
 * "a.b" (b 24 bits) or "a" (32 bits), each part decimal, octal (0...)
 * or hex (0x...), then the end of the string or white space.  Returns 1
 * and the address in network byte order at out[0..3], or 0.
 */
int inet4_parse(const char *cp, unsigned char *out);
/* "A.B.C.D" of the 4 bytes at a: its length, or -ENOSPC. */
int inet4_format(const unsigned char *a, char *out, size_t size);

/*
 * getnameinfo's numeric answer (nameinfo.c): the address (af AF_INET
 * with 4 bytes or AF_INET6 with 16, given as af_inet/af_inet6 since
 * the host's and lwIP's numbers differ) as text, "%scope" after an
 * IPv6 one with a scope id, and the port in decimal.  host or serv may
 * be NULL (or of size 0) to skip it.  0, -ENOSPC if a buffer is short
 * (EAI_OVERFLOW), -EAFNOSUPPORT for another family.
 */
int inet_numeric_info(int family, int af_inet, int af_inet6,
		      const unsigned char *addr, unsigned int scope,
		      unsigned int port, char *host, size_t hostlen, char *serv,
		      size_t servlen);

#endif
