/*
 * socket.c - POSIX sockets as file descriptors, on lwIP's socket API.
 *
 * Each socket fd's gfile holds one lwIP socket index (lwIP keeps its own
 * small table, LWIP_SOCKET_OFFSET 0; it is never shown to the app).
 * read/write/close/fstat and poll/select go through the fd table like
 * any other file, the socket calls through sock_of().  The first socket
 * call starts the network (lwip/net.c).
 *
 * Readiness: lwIP tells a socket's netconn about new data, room or an
 * error through a callback that lwIP's sockets.c installs.  Each socket
 * made here has that callback wrapped so that, after lwIP has updated
 * its counters, every poll()/select() sleeper is woken (poll_wake) to
 * re-check; accepted connections inherit the listening socket's
 * callback, so they are wrapped too.  The poll op asks lwip_select with
 * a zero timeout, which reads those counters.
 *
 * O_NONBLOCK lives in the gfile (fcntl, SOCK_NONBLOCK); it is copied to
 * lwIP (FIONBIO) before each call that could block.  errno values are
 * newlib's on both sides (lwIP is built with LWIP_ERRNO_STDINCLUDE).
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "lwip/api.h"
#include "lwip/priv/sockets_priv.h"
#include "glue.h"
#include "inet.h"
#include "lwip/net.h"

struct sock {
	int s;	      /* lwIP's index */
	int nonblock; /* what lwIP was last told */
};

static netconn_callback lwip_event_cb;

static void sock_event(struct netconn *conn, enum netconn_evt evt, u16_t len)
{
	lwip_event_cb(conn, evt, len);
	poll_wake();
}

/* Routes the socket's netconn events through sock_event. */
static void hook_events(int s)
{
	struct lwip_sock *ls = lwip_socket_dbg_get_socket(s);

	if (!ls || !ls->conn || ls->conn->callback == sock_event)
		return;
	lwip_event_cb = ls->conn->callback;
	ls->conn->callback = sock_event;
}

static int sync_nonblock(struct gfile *f)
{
	struct sock *so = f->priv;
	int nb = (f->flags & O_NONBLOCK) != 0;

	if (nb != so->nonblock) {
		u32_t arg = (u32_t)nb;

		if (lwip_ioctl(so->s, (long)FIONBIO, &arg) < 0)
			return -errno;
		so->nonblock = nb;
	}
	return so->s;
}

/* lwIP's -1/errno as a negative errno. */
static long lw(long rc)
{
	return rc < 0 ? -errno : rc;
}

static long sock_read(struct gfile *f, void *buf, size_t len)
{
	int s = sync_nonblock(f);

	return s < 0 ? s : lw(lwip_recv(s, buf, len, 0));
}

static long sock_write(struct gfile *f, const void *buf, size_t len)
{
	int s = sync_nonblock(f);

	return s < 0 ? s : lw(lwip_send(s, buf, len, 0));
}

static int sock_poll(struct gfile *f)
{
	struct sock *so = f->priv;
	fd_set rd, wr, ex;
	struct timeval zero = {0, 0};
	int r = 0;

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	FD_SET(so->s, &rd);
	FD_SET(so->s, &wr);
	FD_SET(so->s, &ex);
	if (lwip_select(so->s + 1, &rd, &wr, &ex, &zero) < 0)
		return GF_READABLE | GF_WRITABLE; /* let the call report it */
	/* An error makes a socket readable: recv() reports it. */
	if (FD_ISSET(so->s, &rd) || FD_ISSET(so->s, &ex))
		r |= GF_READABLE;
	if (FD_ISSET(so->s, &wr))
		r |= GF_WRITABLE;
	return r;
}

static int sock_fstat(struct gfile *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFSOCK | 0777;
	return 0;
}

static void sock_close(struct gfile *f)
{
	struct sock *so = f->priv;

	lwip_close(so->s);
	free(so);
}

/* FIONREAD through lwIP (FIONBIO is files.c's, on the fd's flags). */
static int sock_ioctl(struct gfile *f, unsigned long req, void *arg)
{
	struct sock *so = f->priv;

	if (req != (unsigned long)FIONREAD)
		return -ENOTTY;
	return (int)lw(lwip_ioctl(so->s, (long)FIONREAD, arg));
}

static const struct file_ops sock_ops = {
    .kind = "socket",
    .read = sock_read,
    .write = sock_write,
    .fstat = sock_fstat,
    .poll = sock_poll,
    .close = sock_close,
    .ioctl = sock_ioctl,
};

/* Wraps lwIP socket s in a new fd; closes s on failure. */
static int sock_install(int s, int flags)
{
	struct sock *so = calloc(1, sizeof(*so));
	struct gfile *f =
	    so ? gfile_new(&sock_ops, so,
			   O_RDWR | ((flags & SOCK_NONBLOCK) ? O_NONBLOCK : 0))
	       : NULL;
	int fd;

	if (!f) {
		free(so);
		lwip_close(s);
		return -ENOMEM;
	}
	so->s = s;
	hook_events(s);
	fd = fd_install(&glue_fds, f, 0);
	if (fd < 0) {
		sock_close(f);
		free(f);
		return fd;
	}
	if (flags & SOCK_CLOEXEC)
		glue_fds.cloexec[fd] = 1;
	return fd;
}

/*
 * The lwIP socket behind fd (O_NONBLOCK synced), or -EBADF/-ENOTSOCK.
 * On success *fp holds a reference (release with gfile_release): a
 * close() from another thread while this one sleeps in lwIP then only
 * drops the fd, and the lwIP socket is closed when the call returns
 * (lwIP must not free a socket a thread is blocked on).
 */
static int sock_of(int fd, struct gfile **fp)
{
	struct gfile *f = fd_get(&glue_fds, fd);
	int s;

	if (!f)
		return -EBADF;
	if (f->ops != &sock_ops)
		return -ENOTSOCK;
	s = sync_nonblock(f);
	if (s >= 0) {
		f->refs++;
		*fp = f;
	}
	return s;
}

#define SOCK_CALL(fd, call)                                                    \
	({                                                                     \
		struct gfile *f_;                                              \
		int s = sock_of(fd, &f_);                                      \
		long r_ = s < 0 ? posix_ret(s) : (call);                       \
		if (s >= 0) {                                                  \
			int e_ = errno;                                        \
			gfile_release(f_);                                     \
			errno = e_;                                            \
		}                                                              \
		r_;                                                            \
	})

int socket(int domain, int type, int protocol)
{
	int s;

	net_start(); /* its failure leaves loopback: not fatal here */
	s = lwip_socket(domain, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC),
			protocol);
	if (s < 0)
		return -1;
	return (int)posix_ret(sock_install(s, type));
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	int c = SOCK_CALL(fd, lwip_accept(s, addr, len));

	return c < 0 ? -1 : (int)posix_ret(sock_install(c, flags));
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	return accept4(fd, addr, len, 0);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return SOCK_CALL(fd, lwip_bind(s, addr, len));
}

int listen(int fd, int backlog)
{
	return SOCK_CALL(fd, lwip_listen(s, backlog));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return SOCK_CALL(fd, lwip_connect(s, addr, len));
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return SOCK_CALL(fd, lwip_send(s, buf, len, flags));
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return SOCK_CALL(fd, lwip_recv(s, buf, len, flags));
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	return SOCK_CALL(fd, lwip_sendto(s, buf, len, flags, to, tolen));
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *from, socklen_t *fromlen)
{
	return SOCK_CALL(fd, lwip_recvfrom(s, buf, len, flags, from, fromlen));
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	return SOCK_CALL(fd, lwip_sendmsg(s, msg, flags));
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	return SOCK_CALL(fd, lwip_recvmsg(s, msg, flags));
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	return SOCK_CALL(fd, lwip_setsockopt(s, level, name, val, len));
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	return SOCK_CALL(fd, lwip_getsockopt(s, level, name, val, len));
}

int shutdown(int fd, int how)
{
	return SOCK_CALL(fd, lwip_shutdown(s, how));
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	return SOCK_CALL(fd, lwip_getsockname(s, addr, len));
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	return SOCK_CALL(fd, lwip_getpeername(s, addr, len));
}

/* IPv6 in lower case with the longest zero run shortened (inet.h), as
 * other systems write it; lwIP's text differs. */
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	if (af != AF_INET6)
		return lwip_inet_ntop(af, src, dst, size);
	if (inet6_format(src, dst, size) < 0) {
		errno = ENOSPC;
		return NULL;
	}
	return dst;
}

int inet_pton(int af, const char *src, void *dst)
{
	return lwip_inet_pton(af, src, dst);
}

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	net_start();
	return lwip_getaddrinfo(node, service, hints, res);
}

void freeaddrinfo(struct addrinfo *ai)
{
	lwip_freeaddrinfo(ai);
}

struct hostent *gethostbyname(const char *name)
{
	net_start();
	return lwip_gethostbyname(name);
}

const char *gai_strerror(int code)
{
	switch (code) {
	case 0:
		return "Success";
	case EAI_NONAME:
		return "Name or service not known";
	case EAI_SERVICE:
		return "Service not supported";
	case EAI_FAIL:
		/* lwIP's DNS client reports all of these alike. */
		return "Name not resolved (no such name, no address of that "
		       "family, or no answer from the DNS server)";
	case EAI_MEMORY:
		return "Memory allocation failure";
	case EAI_FAMILY:
		return "Address family not supported";
	case EAI_BADFLAGS:
		return "Bad value for ai_flags";
	case EAI_AGAIN:
		return "Temporary failure in name resolution";
	case EAI_OVERFLOW:
		return "Result too large for supplied buffer";
	case EAI_SOCKTYPE:
		return "ai_socktype not supported";
	case EAI_SYSTEM:
		return "System error";
	default:
		return "Unknown error";
	}
}
