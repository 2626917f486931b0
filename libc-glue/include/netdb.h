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

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res);
void freeaddrinfo(struct addrinfo *ai);
const char *gai_strerror(int code);
struct hostent *gethostbyname(const char *name);

#endif
