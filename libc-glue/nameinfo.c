/*
 * nameinfo.c - getnameinfo and the function forms of inet_aton and
 * inet_ntoa, for QEMU's util/qemu-sockets.c, chardev/char-socket.c and
 * net/socket.c (issue #11).
 *
 * lwIP's DNS client does forward lookups only, so a host is always
 * given as its numeric text (what glibc falls back to when a reverse
 * lookup finds nothing), and NI_NAMEREQD fails EAI_NONAME; a service is
 * always the port number (there is no services database).  The text is
 * inet.c's (pure, host-tested).
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include "glue.h"
#include "inet.h"

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
		socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
	int rc;

	if (flags & ~(NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN |
		      NI_NAMEREQD | NI_DGRAM))
		return EAI_BADFLAGS;
	if (!sa || (!host && !serv))
		return EAI_NONAME;
	if (host && hostlen && (flags & NI_NAMEREQD))
		return EAI_NONAME; /* no reverse lookups */
	if (sa->sa_family == AF_INET && salen >= sizeof(*in))
		rc = inet_numeric_info(AF_INET, AF_INET, AF_INET6,
				       (const unsigned char *)&in->sin_addr, 0,
				       ntohs(in->sin_port), host, hostlen, serv,
				       servlen);
	else if (sa->sa_family == AF_INET6 && salen >= sizeof(*in6))
		rc = inet_numeric_info(AF_INET6, AF_INET, AF_INET6,
				       (const unsigned char *)&in6->sin6_addr,
				       (unsigned int)in6->sin6_scope_id,
				       ntohs(in6->sin6_port), host, hostlen,
				       serv, servlen);
	else
		return EAI_FAMILY;
	return rc == -ENOSPC ? EAI_OVERFLOW : rc ? EAI_FAMILY : 0;
}

#undef inet_aton
#undef inet_ntoa

int inet_aton(const char *cp, struct in_addr *inp);
char *inet_ntoa(struct in_addr in);

int inet_aton(const char *cp, struct in_addr *inp)
{
	unsigned char a[4];

	if (!inet4_parse(cp, a))
		return 0;
	if (inp)
		memcpy(&inp->s_addr, a, 4);
	return 1;
}

/* One static buffer for the process, as glibc's is per thread: callers
 * copy the text before the next call. */
char *inet_ntoa(struct in_addr in)
{
	static char text[16];

	inet4_format((const unsigned char *)&in.s_addr, text, sizeof(text));
	return text;
}
