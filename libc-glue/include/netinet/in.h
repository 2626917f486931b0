/* netinet/in.h - lwIP's sockaddr_in/in6, IPPROTO_*, INADDR_*, byte order
 * (see sys/socket.h). */
#ifndef LIBC_GLUE_NETINET_IN_H
#define LIBC_GLUE_NETINET_IN_H
#include <sys/socket.h>
#endif
