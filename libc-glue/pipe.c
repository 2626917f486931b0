/*
 * pipe.c - pipe(), pipe2() and eventfd(): in-memory fds that poll() and
 * select() see, for event loops that wake themselves (glib's GWakeup,
 * QEMU's EventNotifier use an eventfd, or a pipe where there is none).
 *
 * Threads are cooperative on one vCPU, so the buffers need no lock: a
 * reader or writer that must wait sleeps on the object's wait queue, and
 * every change wakes it and poll sleepers (poll_wake).  A pipe holds
 * PIPE_CAP bytes; a write to a pipe whose read end is closed fails with
 * EPIPE (there is no SIGPIPE).  An eventfd is Linux's: an 8-byte counter,
 * read returns and clears it (EFD_SEMAPHORE: returns 1 and decrements),
 * write adds, both block (or EAGAIN with EFD_NONBLOCK) at 0 and at the
 * maximum 2^64-2.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>
#include "glue.h"

#define PIPE_CAP 65536

struct pipe {
	unsigned char buf[PIPE_CAP];
	size_t head, len; /* unread bytes: len from head, wrapping */
	int readers, writers;
	struct waitqueue wq;
};

static void pipe_changed(struct pipe *p)
{
	wake_up(&p->wq);
	poll_wake();
}

static long pipe_read(struct gfile *f, void *buf, size_t len)
{
	struct pipe *p = f->priv;
	size_t done = 0;

	if (len == 0)
		return 0;
	if (!p->len) {
		if (!p->writers)
			return 0; /* end of file */
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		wait_event_until(p->wq, p->len || !p->writers, 0);
	}
	while (done < len && p->len) {
		size_t n = PIPE_CAP - p->head;
		if (n > p->len)
			n = p->len;
		if (n > len - done)
			n = len - done;
		memcpy((char *)buf + done, p->buf + p->head, n);
		p->head = (p->head + n) % PIPE_CAP;
		p->len -= n;
		done += n;
	}
	pipe_changed(p);
	return (long)done;
}

static long pipe_write(struct gfile *f, const void *buf, size_t len)
{
	struct pipe *p = f->priv;
	size_t done = 0;

	while (done < len) {
		if (!p->readers)
			return done ? (long)done : -EPIPE;
		if (p->len == PIPE_CAP) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			wait_event_until(p->wq,
					 p->len < PIPE_CAP || !p->readers, 0);
			continue;
		}
		size_t tail = (p->head + p->len) % PIPE_CAP;
		/* free room from tail: to the end, or up to head if it wrapped
		 */
		size_t n = tail >= p->head ? PIPE_CAP - tail : p->head - tail;
		if (n > len - done)
			n = len - done;
		memcpy(p->buf + tail, (const char *)buf + done, n);
		p->len += n;
		done += n;
		pipe_changed(p);
	}
	return (long)done;
}

static int pipe_poll(struct gfile *f)
{
	struct pipe *p = f->priv;

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return p->len || !p->writers ? GF_READABLE : 0;
	return p->len < PIPE_CAP || !p->readers ? GF_WRITABLE : 0;
}

static int pipe_fstat(struct gfile *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFIFO | 0600;
	st->st_blksize = PIPE_CAP;
	return 0;
}

static void pipe_close(struct gfile *f)
{
	struct pipe *p = f->priv;

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	if (!p->readers && !p->writers)
		free(p);
	else
		pipe_changed(p);
}

/* FIONREAD: the bytes a read would find now. */
static long pipe_nread(struct gfile *f)
{
	struct pipe *p = f->priv;

	return (long)p->len;
}

static const struct file_ops pipe_ops = {
    .kind = "pipe",
    .read = pipe_read,
    .write = pipe_write,
    .fstat = pipe_fstat,
    .poll = pipe_poll,
    .close = pipe_close,
    .nread = pipe_nread,
};

/* Installs the read end (fds[0]) and write end (fds[1]) of p. */
static int install_pair(void *priv, int fds[2], int flags)
{
	int acc[2] = {O_RDONLY, O_WRONLY};
	struct gfile *f[2];
	int fd[2] = {-1, -1};

	for (int i = 0; i < 2; i++) {
		f[i] =
		    gfile_new(&pipe_ops, priv, acc[i] | (flags & O_NONBLOCK));
		if (!f[i] || (fd[i] = fd_install(&glue_fds, f[i], 0)) < 0) {
			int rc = f[i] ? fd[i] : -ENOMEM;
			free(f[i]);
			if (i == 1) {
				struct gfile *last;
				fd_remove(&glue_fds, fd[0], &last);
				free(f[0]);
			}
			return rc;
		}
		glue_fds.cloexec[fd[i]] = !!(flags & O_CLOEXEC);
	}
	fds[0] = fd[0];
	fds[1] = fd[1];
	return 0;
}

int pipe2(int fds[2], int flags)
{
	struct pipe *p;
	int rc;

	if (!fds)
		return (int)posix_ret(-EFAULT);
	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return (int)posix_ret(-EINVAL);
	p = calloc(1, sizeof(*p));
	if (!p)
		return (int)posix_ret(-ENOMEM);
	p->readers = p->writers = 1;
	rc = install_pair(p, fds, flags);
	if (rc < 0)
		free(p);
	return (int)posix_ret(rc);
}

int pipe(int fds[2])
{
	return pipe2(fds, 0);
}

/* ---- eventfd ---- */

#define EVENTFD_MAX UINT64_C(0xfffffffffffffffe)

struct evfd {
	uint64_t count;
	bool semaphore;
	struct waitqueue wq;
};

static long evfd_read(struct gfile *f, void *buf, size_t len)
{
	struct evfd *e = f->priv;
	uint64_t v;

	if (len < 8)
		return -EINVAL;
	if (!e->count) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		wait_event_until(e->wq, e->count, 0);
	}
	v = e->semaphore ? 1 : e->count;
	e->count -= v;
	memcpy(buf, &v, 8);
	wake_up(&e->wq);
	poll_wake();
	return 8;
}

static long evfd_write(struct gfile *f, const void *buf, size_t len)
{
	struct evfd *e = f->priv;
	uint64_t v;

	if (len < 8)
		return -EINVAL;
	memcpy(&v, buf, 8);
	if (v == UINT64_MAX)
		return -EINVAL;
	if (EVENTFD_MAX - e->count < v) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		wait_event_until(e->wq, EVENTFD_MAX - e->count >= v, 0);
	}
	e->count += v;
	wake_up(&e->wq);
	poll_wake();
	return 8;
}

static int evfd_poll(struct gfile *f)
{
	struct evfd *e = f->priv;

	return (e->count ? GF_READABLE : 0) |
	       (e->count < EVENTFD_MAX ? GF_WRITABLE : 0);
}

static void evfd_close(struct gfile *f)
{
	free(f->priv);
}

static const struct file_ops evfd_ops = {
    .kind = "eventfd",
    .read = evfd_read,
    .write = evfd_write,
    .fstat = pipe_fstat,
    .poll = evfd_poll,
    .close = evfd_close,
};

int eventfd(unsigned int initval, int flags)
{
	struct evfd *e;
	struct gfile *f;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return (int)posix_ret(-EINVAL);
	e = calloc(1, sizeof(*e));
	f = gfile_new(&evfd_ops, e, O_RDWR | (flags & EFD_NONBLOCK));
	if (!e || !f) {
		free(e);
		free(f);
		return (int)posix_ret(-ENOMEM);
	}
	e->count = initval;
	e->semaphore = flags & EFD_SEMAPHORE;
	fd = fd_install(&glue_fds, f, 0);
	if (fd < 0) {
		free(e);
		free(f);
		return (int)posix_ret(fd);
	}
	glue_fds.cloexec[fd] = !!(flags & EFD_CLOEXEC);
	return fd;
}

int eventfd_read(int fd, eventfd_t *value)
{
	return read(fd, value, 8) == 8 ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value)
{
	return write(fd, &value, 8) == 8 ? 0 : -1;
}
