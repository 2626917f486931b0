/* netinet/in.h - lwIP's sockaddr_in/in6, IPPROTO_*, INADDR_*, byte order
 * (see sys/socket.h). */
#ifndef LIBC_GLUE_NETINET_IN_H
#define LIBC_GLUE_NETINET_IN_H
#include <sys/socket.h>

/* IPsec's protocol numbers (IANA's), which lwIP does not name; QEMU's
 * net/colo.c compares packets' protocol fields with them. */
#ifndef IPPROTO_ESP
#define IPPROTO_ESP 50
#define IPPROTO_AH  51
#endif

/* IPv4 multicast membership, which lwIP declares only with LWIP_IGMP
 * (off: lwipopts.h): names and struct as lwIP's, so code compiles, and
 * setsockopt() refuses them (ENOPROTOOPT) as lwIP does without IGMP. */
#if !LWIP_IGMP
#define IP_ADD_MEMBERSHIP  3
#define IP_DROP_MEMBERSHIP 4
struct ip_mreq {
	struct in_addr imr_multiaddr;
	struct in_addr imr_interface;
};
#endif
#endif
