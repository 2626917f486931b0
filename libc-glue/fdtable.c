/*
 * fdtable.c - the fd -> open-file table: lowest-free allocation, shared
 * descriptions with reference counts (dup), and lseek arithmetic.  Pure
 * bookkeeping: no device is touched here, so the same file runs in the
 * host unit test (tests/unit/test_libc_fdtable.c).
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "fdtable.h"

int fd_install(struct fdtable *t, struct gfile *f, int min)
{
	if (min < 0 || min >= FD_MAX)
		return -EINVAL;
	for (int fd = min; fd < FD_MAX; fd++) {
		if (!t->fd[fd]) {
			t->fd[fd] = f;
			t->cloexec[fd] = 0;
			f->refs++;
			return fd;
		}
	}
	return -EMFILE;
}

struct gfile *fd_get(struct fdtable *t, int fd)
{
	if (fd < 0 || fd >= FD_MAX)
		return NULL;
	return t->fd[fd];
}

int fd_remove(struct fdtable *t, int fd, struct gfile **last)
{
	struct gfile *f = fd_get(t, fd);

	*last = NULL;
	if (!f)
		return -EBADF;
	t->fd[fd] = NULL;
	if (--f->refs == 0)
		*last = f;
	return 0;
}

int fd_dup2(struct fdtable *t, int oldfd, int newfd, struct gfile **last)
{
	struct gfile *f = fd_get(t, oldfd);

	*last = NULL;
	if (!f || newfd < 0 || newfd >= FD_MAX)
		return -EBADF;
	if (oldfd == newfd)
		return newfd;
	/* Take the new reference first, so dropping newfd's old file can
	 * never free f (they may be the same description). */
	f->refs++;
	if (t->fd[newfd])
		fd_remove(t, newfd, last);
	t->fd[newfd] = f;
	t->cloexec[newfd] = 0;
	return newfd;
}

int64_t fd_seek_pos(int64_t pos, int64_t size, int64_t off, int whence)
{
	int64_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = pos;
		break;
	case SEEK_END:
		if (size < 0)
			return -EINVAL;
		base = size;
		break;
	default:
		return -EINVAL;
	}
	/* Overflow checks before adding: signed overflow is undefined. */
	if (off > 0 && base > INT64_MAX - off)
		return -EOVERFLOW;
	if (base + off < 0)
		return -EINVAL;
	return base + off;
}
