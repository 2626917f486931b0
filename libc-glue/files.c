/*
 * files.c - the file calls around open/read/write that QEMU's objects
 * make (issue #11): ioctl, ftruncate, posix_fadvise, access, readlink,
 * realpath, umask,
 * and the stdio stream locks flockfile/ftrylockfile/funlockfile.
 *
 * The namespace is io.c's: "/", "/dev" and the devices under /dev that
 * open (devices.c, blkdev.c, hvc.c); no regular files, no symlinks.
 * Whether a device exists is asked by opening it for a moment, as
 * stat() does.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "glue.h"
#include "path.h"

/* Longer names are ENAMETOOLONG: every name that exists is short, and
 * thread stacks are small (28 KiB by default). */
#define NAME_BUF 256

/* ---- ioctl ---- */

static int do_ioctl(int fd, unsigned long req, void *arg)
{
	struct gfile *f = gfile_get(fd);
	int rc;

	if (!f)
		return -EBADF;
	if (req == (unsigned long)FIONBIO) {
		/* every fd: the same flag F_SETFL sets */
		f->flags = *(int *)arg ? f->flags | O_NONBLOCK
				       : f->flags & ~O_NONBLOCK;
		rc = 0;
	} else if (req == (unsigned long)FIONREAD && f->ops->nread) {
		*(int *)arg = (int)f->ops->nread(f);
		rc = 0;
	} else {
		rc = f->ops->ioctl ? f->ops->ioctl(f, req, arg) : -ENOTTY;
	}
	gfile_release(f);
	return rc;
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	return (int)posix_ret(do_ioctl(fd, req, arg));
}

/* ---- posix_fadvise ---- */

/* Advice only, and there is no page cache to act on (reads and writes
 * go to the device): the arguments are checked as Linux checks them,
 * and a valid call does nothing.  Returns the error, as POSIX says,
 * without setting errno. */
int posix_fadvise(int fd, off_t offset, off_t len, int advice)
{
	struct gfile *f = gfile_get(fd);
	int rc = 0;

	(void)offset;
	if (!f)
		return EBADF;
	if (!f->ops->lseek) /* pipes, sockets, the console */
		rc = ESPIPE;
	else if (len < 0 || advice < POSIX_FADV_NORMAL ||
		 advice > POSIX_FADV_NOREUSE)
		rc = EINVAL;
	gfile_release(f);
	return rc;
}

/* ---- ftruncate ---- */

/* There are no regular files: a device's size is the device's (Linux
 * says EINVAL for block and character devices, pipes and sockets),
 * unless its file_ops.truncate says otherwise. */
int ftruncate(int fd, off_t len)
{
	struct gfile *f = gfile_get(fd);
	int rc = -EINVAL;

	if (!f)
		return (int)posix_ret(-EBADF);
	if (len >= 0 && (f->flags & O_ACCMODE) != O_RDONLY && f->ops->truncate)
		rc = f->ops->truncate(f, len);
	gfile_release(f);
	return (int)posix_ret(rc);
}

/* ---- names: access, readlink, realpath ---- */

/* norm (normalised) is a directory: "/" and "/dev". */
static bool is_dir(const char *norm)
{
	return !strcmp(norm, "/") || !strcmp(norm, "/dev");
}

/* 0 if norm names something that opens with flags, else -errno. */
static int probe(const char *norm, int flags)
{
	int fd;

	if (is_dir(norm))
		return 0;
	fd = open(norm, flags);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * Normalises path into norm (NAME_BUF bytes) as a kernel's lookup would
 * walk it: every component before the last must be a directory that
 * exists ("/nope/.." is ENOENT, "/dev/null/.." ENOTDIR), which
 * path_normalize alone, working on the text, does not see.
 */
static int lookup(const char *path, char *norm)
{
	char pre[NAME_BUF];
	int rc;

	for (size_t i = 1; path[i - 1]; i++) {
		if (path[i] != '/' || path[i - 1] == '/')
			continue;
		if (i >= sizeof(pre))
			return -ENAMETOOLONG;
		memcpy(pre, path, i);
		pre[i] = '\0';
		rc = path_normalize(pre, norm, NAME_BUF);
		if (rc < 0)
			return rc;
		if (!is_dir(norm))
			return probe(norm, O_RDONLY) == 0 ? -ENOTDIR : -ENOENT;
	}
	rc = path_normalize(path, norm, NAME_BUF);
	return rc < 0 ? rc : 0;
}

int access(const char *path, int mode)
{
	char norm[NAME_BUF];
	int rc;

	if (!path)
		return (int)posix_ret(-EFAULT);
	if (mode & ~(R_OK | W_OK | X_OK))
		return (int)posix_ret(-EINVAL);
	rc = lookup(path, norm);
	if (rc < 0)
		return (int)posix_ret(rc);
	if ((mode & X_OK) && !is_dir(norm))
		return (int)posix_ret(probe(norm, O_RDONLY) ?: -EACCES);
	/* a read-only disk refuses O_RDWR with EROFS, as access() does */
	return (int)posix_ret(probe(norm, (mode & W_OK) ? O_RDWR : O_RDONLY));
}

/* Nothing here is a symbolic link. */
ssize_t readlink(const char *path, char *buf, size_t size)
{
	char norm[NAME_BUF];
	int rc;

	(void)buf, (void)size;
	if (!path)
		return posix_ret(-EFAULT);
	rc = lookup(path, norm);
	if (rc >= 0)
		rc = probe(norm, O_RDONLY);
	return posix_ret(rc < 0 ? rc : -EINVAL);
}

/* The normalised absolute path (the working directory is "/",
 * getcwd's), if it names something and every step to it does. */
char *realpath(const char *path, char *resolved)
{
	char norm[NAME_BUF];
	int rc;

	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	rc = lookup(path, norm);
	if (rc >= 0)
		rc = probe(norm, O_RDONLY);
	if (rc < 0) {
		errno = -rc;
		return NULL;
	}
	if (!resolved && !(resolved = malloc(strlen(norm) + 1))) {
		errno = ENOMEM;
		return NULL;
	}
	strcpy(resolved, norm);
	return resolved;
}

/* ---- umask: kept, and nothing is ever created that it would mask ---- */

static mode_t cur_umask = 022;

mode_t umask(mode_t mask)
{
	mode_t old = cur_umask;

	cur_umask = mask & 0777;
	return old;
}

/* ---- stdio stream locks (newlib has only its internal _flockfile) ---- */

void __sinit(struct _reent *); /* newlib's; reent.h hides it here */

/* The stream's recursive lock; NULL for string streams, which have none.
 * The standard streams get theirs when stdio is first set up. */
static _LOCK_RECURSIVE_T stream_lock(FILE *fp)
{
	if (fp->_flags & __SSTR)
		return NULL;
	if (!fp->_lock && !_GLOBAL_REENT->__sdidinit)
		__sinit(_GLOBAL_REENT);
	return fp->_lock;
}

void flockfile(FILE *fp)
{
	_LOCK_RECURSIVE_T l = stream_lock(fp);

	if (l)
		__lock_acquire_recursive(l);
}

int ftrylockfile(FILE *fp)
{
	_LOCK_RECURSIVE_T l = stream_lock(fp);

	return !l || __lock_try_acquire_recursive(l) ? 0 : -1;
}

void funlockfile(FILE *fp)
{
	_LOCK_RECURSIVE_T l = stream_lock(fp);

	if (l)
		__lock_release_recursive(l);
}
