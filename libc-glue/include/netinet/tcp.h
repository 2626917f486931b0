/* netinet/tcp.h - TCP_NODELAY and the keepalive options are lwIP's
 * (see sys/socket.h). */
#ifndef LIBC_GLUE_NETINET_TCP_H
#define LIBC_GLUE_NETINET_TCP_H
#include <sys/socket.h>
#endif
