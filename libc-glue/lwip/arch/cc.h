/*
 * arch/cc.h - lwIP's compiler and platform definitions for domlet:
 * newlib's headers, x86_64 little-endian, diagnostics on the console.
 *
 * lwIP's arch.h declares ssize_t itself unless SSIZE_MAX is defined;
 * newlib's <sys/types.h> already has it but not SSIZE_MAX, so define it.
 * <fcntl.h> comes first so lwIP's sockets.h sees newlib's O_NONBLOCK
 * instead of defining its own value, <sys/select.h> so it uses
 * newlib's fd_set (FD_SETSIZE 256, set in the Makefile), and the glue's
 * <poll.h> so it does not define its own struct pollfd and POLL* values.
 */
#ifndef LWIP_ARCH_CC_H
#define LWIP_ARCH_CC_H

#include <sys/types.h>
#include <sys/select.h>
#include <sys/time.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

#define BYTE_ORDER LITTLE_ENDIAN
/* errno values are newlib's (<errno.h>), not lwIP's own table. */
#define LWIP_ERRNO_STDINCLUDE 1
#define LWIP_ERRNO_INCLUDE    <errno.h>

/* Random numbers for TCP ISNs, ports, DHCP xids: getentropy-backed. */
unsigned int lwip_port_rand(void);
#define LWIP_RAND() ((u32_t)lwip_port_rand())

void lwip_port_assert(const char *msg, int line, const char *file);
#define LWIP_PLATFORM_DIAG(x)	printf x
#define LWIP_PLATFORM_ASSERT(x) lwip_port_assert(x, __LINE__, __FILE__)

/* Debian's patched sockets.c (not used: we unpack with --skip-patches)
 * needs these from its Hurd port; defined so either source compiles. */
#define IP4ADDR_SOCKADDR_SET_LEN(sin)                                          \
	((sin)->sin_len = sizeof(struct sockaddr_in))
#define IP6ADDR_SOCKADDR_SET_LEN(sin6)                                         \
	((sin6)->sin6_len = sizeof(struct sockaddr_in6))
#define IPADDR_SOCKADDR_GET_LEN(addr) ((addr)->sa.sa_len)

#endif
