/*
 * io.c - the POSIX file calls newlib and applications make: open, close,
 * read, write, lseek, fstat, stat, isatty, fsync, dup, dup2, fcntl.
 *
 * There is no filesystem: a path is normalised (path.c) and must name a
 * device under /dev (devices.c, blkdev.c).  fds 0-2 are the console from
 * the start (a static description, so no setup has to run before main).
 * Threads share one fd table, as POSIX threads of a process do; the
 * scheduler is cooperative, so the table only changes between calls that
 * may sleep, and device ops that sleep hold a reference to their gfile.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "glue.h"
#include "path.h"

static struct gfile console_file = {
    .ops = &console_ops,
    .flags = O_RDWR,
    .refs = 3,
};

struct fdtable glue_fds = {
    .fd = {&console_file, &console_file, &console_file},
};

struct gfile *gfile_new(const struct file_ops *ops, void *priv, int flags)
{
	struct gfile *f = calloc(1, sizeof(*f));

	if (f) {
		f->ops = ops;
		f->priv = priv;
		f->flags = flags;
	}
	return f;
}

static void gfile_put_last(struct gfile *f)
{
	if (!f)
		return;
	if (f->ops->close)
		f->ops->close(f);
	if (f != &console_file)
		free(f);
}

void gfile_release(struct gfile *f)
{
	if (--f->refs == 0)
		gfile_put_last(f);
}

struct gfile *gfile_get(int fd)
{
	struct gfile *f = fd_get(&glue_fds, fd);

	if (f)
		f->refs++;
	return f;
}

static int do_open(const char *path, int flags)
{
	char norm[64];
	const char *name;
	struct gfile *f;
	int rc;

	if (!path)
		return -EFAULT;
	rc = path_normalize(path, norm, sizeof(norm));
	if (rc < 0)
		return rc;
	name = path_devname(norm);
	if (!name)
		return -ENOENT; /* nothing exists outside /dev */
	f = gfile_new(NULL, NULL, flags);
	if (!f)
		return -ENOMEM;
	if (path_is_xvd(name))
		rc = blkdev_open(name, flags, f);
	else if (hvc_index(name) >= 0)
		rc = hvc_open(name, flags, f);
	else if (vif_index(name) >= 0)
		rc = vif_open(name, flags, f);
	else
		rc = dev_open(name, flags, f);
	if (rc == 0) {
		rc = fd_install(&glue_fds, f, 0);
		if (rc >= 0) {
			glue_fds.cloexec[rc] = !!(flags & O_CLOEXEC);
			return rc;
		}
		f->refs = 1;
		gfile_put_last(f);
		return rc;
	}
	free(f);
	return rc;
}

int open(const char *path, int flags, ...)
{
	return (int)posix_ret(do_open(path, flags));
}

int close(int fd)
{
	struct gfile *last;
	int rc = fd_remove(&glue_fds, fd, &last);

	gfile_put_last(last);
	return (int)posix_ret(rc);
}

/* Runs op on fd's file with a reference held, so a close() from another
 * thread while op sleeps cannot free the file under it. */
#define WITH_FILE(fd, f, expr)                                                 \
	({                                                                     \
		struct gfile *f = fd_get(&glue_fds, (fd));                     \
		long rc_ = -EBADF;                                             \
		if (f) {                                                       \
			f->refs++;                                             \
			rc_ = (expr);                                          \
			if (--f->refs == 0)                                    \
				gfile_put_last(f);                             \
		}                                                              \
		rc_;                                                           \
	})

static long do_read(struct gfile *f, void *buf, size_t len)
{
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	return f->ops->read ? f->ops->read(f, buf, len) : -EINVAL;
}

static long do_write(struct gfile *f, const void *buf, size_t len)
{
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	return f->ops->write ? f->ops->write(f, buf, len) : -EINVAL;
}

/* newlib declares read/write with _READ_WRITE_RETURN_TYPE (int). */
_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len)
{
	return posix_ret(WITH_FILE(fd, f, do_read(f, buf, len)));
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
	return posix_ret(WITH_FILE(fd, f, do_write(f, buf, len)));
}

static long do_lseek(struct gfile *f, off_t off, int whence)
{
	int64_t pos;

	if (!f->ops->lseek)
		return -ESPIPE;
	pos = f->ops->lseek(f, off, whence);
	if (pos >= 0)
		f->pos = pos;
	return pos;
}

off_t lseek(int fd, off_t off, int whence)
{
	return posix_ret(WITH_FILE(fd, f, do_lseek(f, off, whence)));
}

static long do_fstat(struct gfile *f, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0666;
	st->st_blksize = 512;
	return f->ops->fstat ? f->ops->fstat(f, st) : 0;
}

int fstat(int fd, struct stat *st)
{
	return (int)posix_ret(WITH_FILE(fd, f, do_fstat(f, st)));
}

/* stat of a device: open it read-only for a moment. */
int stat(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY);
	int rc;

	if (fd < 0)
		return -1;
	rc = fstat(fd, st);
	close(fd);
	return rc;
}

int lstat(const char *path, struct stat *st)
{
	return stat(path, st);
}

int isatty(int fd)
{
	struct gfile *f = fd_get(&glue_fds, fd);

	if (!f) {
		errno = EBADF;
		return 0;
	}
	if (f->ops != &console_ops) {
		errno = ENOTTY;
		return 0;
	}
	return 1;
}

int fsync(int fd)
{
	return (int)posix_ret(
	    WITH_FILE(fd, f, f->ops->fsync ? (long)f->ops->fsync(f) : 0L));
}

int fdatasync(int fd)
{
	return fsync(fd);
}

int dup2(int oldfd, int newfd)
{
	struct gfile *last;
	int rc = fd_dup2(&glue_fds, oldfd, newfd, &last);

	gfile_put_last(last);
	return (int)posix_ret(rc);
}

int dup(int fd)
{
	struct gfile *f = fd_get(&glue_fds, fd);

	return (int)posix_ret(f ? fd_install(&glue_fds, f, 0) : -EBADF);
}

/* The descriptor-level commands; locks and ownership are not kept. */
static int do_fcntl(int fd, int cmd, long arg)
{
	struct gfile *f = fd_get(&glue_fds, fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		int nfd = fd_install(&glue_fds, f, (int)arg);

		if (nfd >= 0)
			glue_fds.cloexec[nfd] = cmd == F_DUPFD_CLOEXEC;
		return nfd;
	}
	case F_GETFD:
		return glue_fds.cloexec[fd] ? FD_CLOEXEC : 0;
	case F_SETFD:
		glue_fds.cloexec[fd] = !!(arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		/* Only these may change after open, as on Linux. */
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) |
			   (int)(arg & (O_APPEND | O_NONBLOCK));
		return 0;
	default:
		return -EINVAL;
	}
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)posix_ret(do_fcntl(fd, cmd, arg));
}
