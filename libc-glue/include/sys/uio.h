/*
 * sys/uio.h - vectored I/O (newlib has none): readv, writev, preadv,
 * pwritev, implemented by libc-glue/uio.c over the fd layer.  struct
 * iovec is lwIP's when its sockets.h came first (it defines one for
 * sendmsg unless `iovec` is a macro); else it is defined here, in the
 * same layout, and named so that lwIP leaves it alone.
 */
#ifndef LIBC_GLUE_SYS_UIO_H
#define LIBC_GLUE_SYS_UIO_H

#include <sys/types.h>

#if !defined(iovec) && !defined(LWIP_HDR_SOCKETS_H)
struct iovec {
	void *iov_base;
	size_t iov_len;
};
#define iovec iovec
#endif

#ifndef IOV_MAX
#define IOV_MAX 1024 /* Linux's */
#endif
#define UIO_MAXIOV 1024

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
ssize_t preadv(int fd, const struct iovec *iov, int iovcnt, off_t off);
ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t off);

#endif
