/*
 * fdtable.h - file descriptors and the device-ops interface behind them.
 *
 * An fd names a struct gfile (an open file description: ops, private
 * device state, flags, position, reference count).  dup() shares one
 * gfile between fds; the device's close runs when the last fd goes.
 * Every op returns a count or 0, or a negative errno in the libc's
 * numbering (the kernel's are translated at the device boundary by
 * kerr(), see kapi.h).  This file and path.c are pure: they compile
 * unchanged into host unit tests (tests/unit/test_libc_*.c).
 */
#ifndef LIBC_GLUE_FDTABLE_H
#define LIBC_GLUE_FDTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct gfile;
struct stat;
struct iovec;

/* Readiness bits for poll (same meaning as POLLIN/POLLOUT). */
#define GF_READABLE 1
#define GF_WRITABLE 2

struct file_ops {
	const char *kind; /* "console", "null", "blk", ... for messages */
	long (*read)(struct gfile *f, void *buf, size_t len);
	long (*write)(struct gfile *f, const void *buf, size_t len);
	/* NULL: not seekable (ESPIPE).  Returns the new position. */
	int64_t (*lseek)(struct gfile *f, int64_t off, int whence);
	int (*fsync)(struct gfile *f); /* NULL: nothing to flush */
	int (*fstat)(struct gfile *f, struct stat *st);
	/* GF_* bits ready now; NULL: always readable and writable. */
	int (*poll)(struct gfile *f);
	void (*close)(struct gfile *f); /* last reference gone */
	/* Transfers at offset off, f->pos untouched (pread, pwrite):
	 * concurrent callers on one file do not disturb each other.  NULL
	 * on a seekable file: its data does not depend on the position
	 * (/dev/null, zero, urandom), read/write serve. */
	long (*pread)(struct gfile *f, void *buf, size_t len, int64_t off);
	long (*pwrite)(struct gfile *f, const void *buf, size_t len,
		       int64_t off);
	/* Bytes a read would return now (FIONREAD); NULL: ioctl asks. */
	long (*nread)(struct gfile *f);
	/* A device ioctl (arg: the caller's pointer); NULL: -ENOTTY. */
	int (*ioctl)(struct gfile *f, unsigned long req, void *arg);
	/* A packet device's writev: all cnt pieces are one record (a
	 * frame of /dev/xenvifN), never split into one write each.  NULL:
	 * writev writes piece by piece. */
	long (*writev)(struct gfile *f, const struct iovec *iov, int cnt);
	/* ftruncate; NULL: -EINVAL (no regular files here). */
	int (*truncate)(struct gfile *f, int64_t len);
};

struct gfile {
	const struct file_ops *ops;
	void *priv;
	int flags; /* O_ACCMODE | O_APPEND | O_NONBLOCK ... as opened */
	int64_t pos;
	unsigned int refs;
};

#define FD_MAX 256 /* = FD_SETSIZE (Makefile): select() covers every fd */

struct fdtable {
	struct gfile *fd[FD_MAX];
	unsigned char cloexec[FD_MAX];
};

/* Installs f at the lowest free fd >= min; returns it or -EMFILE. */
int fd_install(struct fdtable *t, struct gfile *f, int min);
/* The gfile behind fd, or NULL (EBADF) if fd is not open. */
struct gfile *fd_get(struct fdtable *t, int fd);
/* Drops fd; returns the gfile if that was its last reference (the caller
 * then runs ops->close and frees it), else NULL.  -EBADF: not open. */
int fd_remove(struct fdtable *t, int fd, struct gfile **last);
/* dup2 semantics: newfd names oldfd's file, closing what it held (that
 * file returned through *last as in fd_remove). */
int fd_dup2(struct fdtable *t, int oldfd, int newfd, struct gfile **last);
/* Generic lseek arithmetic for a file of `size` bytes (size < 0: unknown,
 * SEEK_END then fails with -EINVAL).  Returns the new position. */
int64_t fd_seek_pos(int64_t pos, int64_t size, int64_t off, int whence);

#endif
