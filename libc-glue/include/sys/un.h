/*
 * sys/un.h - the local-socket address, declarations only.  lwIP has no
 * AF_UNIX sockets (socketpair() is the glue's one local socket,
 * socketpair.c); code that names sockaddr_un compiles and its bind or
 * connect fails at run time.  BSD layout, as lwIP's other addresses
 * (sun_len first).
 */
#ifndef LIBC_GLUE_SYS_UN_H
#define LIBC_GLUE_SYS_UN_H

#include <sys/socket.h>

struct sockaddr_un {
	u8_t sun_len;
	sa_family_t sun_family;
	char sun_path[108];
};

#endif
