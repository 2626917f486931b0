/*
 * sys/socket.h - POSIX sockets for domlet apps (newlib has none).
 *
 * The types and constants are lwIP's own (lwip/sockets.h: struct
 * sockaddr with BSD's sa_len, AF_INET 2, AF_INET6 10, SOL_SOCKET 0xfff,
 * ...), so values pass to lwIP unchanged; the functions are libc-glue's
 * (libc-glue/socket.c), which put each lwIP socket behind an ordinary
 * file descriptor.  Applications use the names, never the numbers.
 */
#ifndef LIBC_GLUE_SYS_SOCKET_H
#define LIBC_GLUE_SYS_SOCKET_H

#include <sys/types.h>
#include <sys/select.h>
#include <fcntl.h>
/* lwIP's struct ifreq has only the name (for SO_BINDTODEVICE); it is
 * renamed here so that <net/if.h> can give Linux's, whose name comes
 * first as well, so lwIP reads the same bytes. */
#define ifreq lwip_ifreq_
#include <lwip/sockets.h>
#undef ifreq

/* socket()/accept4() type flags, as on Linux; lwIP has none. */
#define SOCK_NONBLOCK 0x800
#define SOCK_CLOEXEC  0x80000
/* socketpair() only (socketpair.c); lwIP has no local sockets */
#define AF_UNIX	 1
#define AF_LOCAL AF_UNIX
#define PF_UNIX	 AF_UNIX
#define PF_LOCAL AF_UNIX
/* Named for code written against Linux (QEMU's io/channel-socket.c
 * passes fds over AF_UNIX sockets, which lwIP does not have: a control
 * message carrying SCM_RIGHTS is never delivered). */
#ifndef SCM_RIGHTS
#define SCM_RIGHTS 1
#endif
#ifndef SOMAXCONN
#define SOMAXCONN 128 /* lwIP clamps a listen() backlog to 255 */
#endif
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* there are no signals to suppress */
#endif

int socket(int domain, int type, int protocol);
int socketpair(int domain, int type, int protocol, int sv[2]);
int bind(int fd, const struct sockaddr *addr, socklen_t len);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr *addr, socklen_t *len);
int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
int connect(int fd, const struct sockaddr *addr, socklen_t len);
ssize_t send(int fd, const void *buf, size_t len, int flags);
ssize_t recv(int fd, void *buf, size_t len, int flags);
ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen);
ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *from, socklen_t *fromlen);
ssize_t sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t recvmsg(int fd, struct msghdr *msg, int flags);
int setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int getsockopt(int fd, int level, int name, void *val, socklen_t *len);
int shutdown(int fd, int how);
int getsockname(int fd, struct sockaddr *addr, socklen_t *len);
int getpeername(int fd, struct sockaddr *addr, socklen_t *len);

#endif
