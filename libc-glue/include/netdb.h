/*
 * netdb.h - name resolution through lwIP's DNS client (the server comes
 * from DHCP or dns= on the command line).  struct addrinfo, struct
 * hostent and the EAI_* codes are lwIP's (lwip/netdb.h).  No
 * /etc/hosts and no service names: a service is a port number.
 */
#ifndef LIBC_GLUE_NETDB_H
#define LIBC_GLUE_NETDB_H
#include <sys/socket.h>
#include <lwip/netdb.h>

#ifndef AI_NUMERICSERV
#define AI_NUMERICSERV 0x08
#endif

/* lwIP numbers its EAI_ codes from 200; the ones it lacks follow. */
#ifndef EAI_BADFLAGS
#define EAI_BADFLAGS 210
#endif
#ifndef EAI_AGAIN
#define EAI_AGAIN 211
#endif
#ifndef EAI_OVERFLOW
#define EAI_OVERFLOW 212
#endif
#ifndef EAI_SOCKTYPE
#define EAI_SOCKTYPE 213
#endif
#ifndef EAI_SYSTEM
#define EAI_SYSTEM 214
#endif

/* getnameinfo (nameinfo.c): numeric answers only, since lwIP has no
 * reverse lookups (glibc's values). */
#define NI_NUMERICHOST 1
#define NI_NUMERICSERV 2
#define NI_NOFQDN      4
#define NI_NAMEREQD    8
#define NI_DGRAM       16
#define NI_MAXHOST     1025
#define NI_MAXSERV     32

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
		socklen_t hostlen, char *serv, socklen_t servlen, int flags);
int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res);
void freeaddrinfo(struct addrinfo *ai);
const char *gai_strerror(int code);
struct hostent *gethostbyname(const char *name);

#endif
