/*
 * arpa/inet.h - address conversion.  inet_addr, inet_aton and inet_ntoa
 * are lwIP's macros (lwip/inet.h, IPv4 only), and also functions
 * (nameinfo.c) for code that #undefs them or takes their address;
 * inet_ntop and inet_pton are libc-glue's (socket.c) for AF_INET and
 * AF_INET6.
 */
#ifndef LIBC_GLUE_ARPA_INET_H
#define LIBC_GLUE_ARPA_INET_H
#include <sys/socket.h>

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);
int inet_pton(int af, const char *src, void *dst);

#endif
