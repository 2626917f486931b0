/*
 * socketpair.c - socketpair(AF_UNIX, SOCK_STREAM): two connected fds in
 * memory, each end reading what the other writes (full duplex), seen by
 * poll/select; QEMU's qemu_socketpair and glib's tests use them.  Each
 * direction is a SP_CAP-byte ring.  As with pipes (pipe.c), threads are
 * cooperative on one vCPU, so no lock: a blocked reader or writer sleeps
 * on the pair's wait queue and every change wakes it and poll sleepers.
 * A read after the other end closed returns what is left, then 0; a
 * write to a closed peer fails with EPIPE (no SIGPIPE).  They are fds,
 * not lwIP sockets: read/write/poll/fstat/fcntl/close work, the socket
 * calls (send, shutdown, ...) say ENOTSOCK.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "glue.h"

#define SP_CAP 32768

struct sp_ring {
	unsigned char buf[SP_CAP];
	size_t head, len; /* unread bytes: len from head, wrapping */
};

struct sp_pair;
struct sp_end {
	struct sp_pair *pair;
	int side; /* reads ring[side], writes ring[!side] */
};

struct sp_pair {
	struct sp_ring ring[2];
	struct sp_end end[2];
	bool open[2];
	struct waitqueue wq;
};

/* Copies up to len bytes into r; returns how many fitted. */
static size_t ring_put(struct sp_ring *r, const unsigned char *src, size_t len)
{
	size_t done = 0;

	while (done < len && r->len < SP_CAP) {
		size_t tail = (r->head + r->len) % SP_CAP;
		size_t n = tail >= r->head ? SP_CAP - tail : r->head - tail;

		if (n > len - done)
			n = len - done;
		memcpy(r->buf + tail, src + done, n);
		r->len += n;
		done += n;
	}
	return done;
}

static size_t ring_get(struct sp_ring *r, unsigned char *dst, size_t len)
{
	size_t done = 0;

	while (done < len && r->len) {
		size_t n = SP_CAP - r->head;

		if (n > r->len)
			n = r->len;
		if (n > len - done)
			n = len - done;
		memcpy(dst + done, r->buf + r->head, n);
		r->head = (r->head + n) % SP_CAP;
		r->len -= n;
		done += n;
	}
	return done;
}

static void sp_changed(struct sp_pair *p)
{
	wake_up(&p->wq);
	poll_wake();
}

static long sp_read(struct gfile *f, void *buf, size_t len)
{
	struct sp_end *e = f->priv;
	struct sp_pair *p = e->pair;
	struct sp_ring *r = &p->ring[e->side];
	size_t n;

	if (len == 0)
		return 0;
	if (!r->len) {
		if (!p->open[!e->side])
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		wait_event_until(p->wq, r->len || !p->open[!e->side], 0);
	}
	n = ring_get(r, buf, len);
	sp_changed(p);
	return (long)n;
}

static long sp_write(struct gfile *f, const void *buf, size_t len)
{
	struct sp_end *e = f->priv;
	struct sp_pair *p = e->pair;
	struct sp_ring *r = &p->ring[!e->side];
	size_t done = 0;

	while (done < len) {
		if (!p->open[!e->side])
			return done ? (long)done : -EPIPE;
		if (r->len == SP_CAP) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			wait_event_until(
			    p->wq, r->len < SP_CAP || !p->open[!e->side], 0);
			continue;
		}
		done +=
		    ring_put(r, (const unsigned char *)buf + done, len - done);
		sp_changed(p);
	}
	return (long)done;
}

static int sp_poll(struct gfile *f)
{
	struct sp_end *e = f->priv;
	struct sp_pair *p = e->pair;
	bool peer = p->open[!e->side];

	return (p->ring[e->side].len || !peer ? GF_READABLE : 0) |
	       (p->ring[!e->side].len < SP_CAP || !peer ? GF_WRITABLE : 0);
}

static int sp_fstat(struct gfile *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFSOCK | 0600;
	st->st_blksize = SP_CAP;
	return 0;
}

static void sp_close(struct gfile *f)
{
	struct sp_end *e = f->priv;
	struct sp_pair *p = e->pair;

	p->open[e->side] = false;
	if (!p->open[!e->side])
		free(p);
	else
		sp_changed(p);
}

static const struct file_ops sp_ops = {
    .kind = "socketpair",
    .read = sp_read,
    .write = sp_write,
    .fstat = sp_fstat,
    .poll = sp_poll,
    .close = sp_close,
};

int socketpair(int domain, int type, int protocol, int sv[2])
{
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct sp_pair *p;
	struct gfile *f[2] = {NULL, NULL};
	int fd[2] = {-1, -1};
	int rc = -ENOMEM;

	if (!sv)
		return (int)posix_ret(-EFAULT);
	if (domain != AF_UNIX)
		return (int)posix_ret(-EAFNOSUPPORT);
	if ((type & ~flags) != SOCK_STREAM)
		return (int)posix_ret(-EOPNOTSUPP);
	if (protocol != 0)
		return (int)posix_ret(-EPROTONOSUPPORT);
	p = calloc(1, sizeof(*p));
	if (!p)
		return (int)posix_ret(-ENOMEM);
	for (int i = 0; i < 2; i++) {
		p->end[i].pair = p;
		p->end[i].side = i;
		p->open[i] = true;
		f[i] = gfile_new(&sp_ops, &p->end[i],
				 O_RDWR |
				     (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0));
		if (!f[i])
			goto fail;
	}
	for (int i = 0; i < 2; i++) {
		fd[i] = fd_install(&glue_fds, f[i], 0);
		if (fd[i] < 0) {
			rc = fd[i];
			goto fail;
		}
		glue_fds.cloexec[fd[i]] = !!(flags & SOCK_CLOEXEC);
	}
	sv[0] = fd[0];
	sv[1] = fd[1];
	return 0;
fail:
	if (fd[0] >= 0) {
		struct gfile *last;
		fd_remove(&glue_fds, fd[0], &last);
	}
	free(f[0]);
	free(f[1]);
	free(p);
	return (int)posix_ret(rc);
}
