/*
 * uio.c - positional and vectored I/O over the fd layer: pread, pwrite,
 * readv, writev, preadv, pwritev.  QEMU's raw block driver
 * (block/file-posix.c) issues pread/pwrite/preadv on /dev/xvdX from
 * several thread-pool workers at once, so a positional transfer never
 * touches the file position: devices that care about the position have
 * pread/pwrite ops (blkdev.c); seekable devices without them produce the
 * same bytes at any position (/dev/null, zero, urandom) and their plain
 * read/write serve.  A file that cannot seek is ESPIPE, as on Linux.
 * readv/writev do one read/write per iovec and stop at a short one
 * (iov.c), so a pipe or socket returns what it had, as a single read
 * would; a packet device's writev op (/dev/xenvifN) takes all pieces as
 * one frame.
 */
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>
#include "glue.h"
#include "iov.h"

struct xfer {
	struct gfile *f;
	int64_t off; /* < 0: sequential (read/write), else positional */
	bool write;
};

static long check_mode(struct gfile *f, bool write)
{
	int acc = f->flags & O_ACCMODE;

	if (write ? acc == O_RDONLY : acc == O_WRONLY)
		return -EBADF;
	if (write ? !f->ops->write : !f->ops->read)
		return -EINVAL;
	return 0;
}

static long step(void *ctx, void *buf, size_t len, uint64_t done)
{
	struct xfer *x = ctx;
	const struct file_ops *ops = x->f->ops;
	int64_t at = x->off + (int64_t)done;

	if (x->off >= 0 && x->write && ops->pwrite)
		return ops->pwrite(x->f, buf, len, at);
	if (x->off >= 0 && !x->write && ops->pread)
		return ops->pread(x->f, buf, len, at);
	return x->write ? ops->write(x->f, buf, len)
			: ops->read(x->f, buf, len);
}

/* The whole of one call: mode and seekability checks, then the loop. */
static long transfer(int fd, const struct iovec *iov, int cnt, int64_t off,
		     bool write)
{
	struct xfer x = {.f = gfile_get(fd), .off = off, .write = write};
	long rc;

	if (!x.f)
		return -EBADF;
	rc = check_mode(x.f, write);
	if (rc == 0 && off != -1 && off < 0)
		rc = -EINVAL;
	if (rc == 0 && off >= 0 && !x.f->ops->lseek)
		rc = -ESPIPE;
	if (rc == 0 && write && off < 0 && x.f->ops->writev)
		rc = x.f->ops->writev(x.f, iov, cnt); /* one record */
	else if (rc == 0)
		rc = iov_transfer(iov, cnt, step, &x);
	gfile_release(x.f);
	return rc;
}

ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	return posix_ret(transfer(fd, iov, cnt, -1, false));
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	return posix_ret(transfer(fd, iov, cnt, -1, true));
}

/* An offset of -1 would mean "sequential" inside: refused first. */
ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
	if (off < 0)
		return posix_ret(-EINVAL);
	return posix_ret(transfer(fd, iov, cnt, off, false));
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	if (off < 0)
		return posix_ret(-EINVAL);
	return posix_ret(transfer(fd, iov, cnt, off, true));
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	struct iovec v = {.iov_base = buf, .iov_len = len};

	return preadv(fd, &v, 1, off);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	struct iovec v = {.iov_base = (void *)buf, .iov_len = len};

	return pwritev(fd, &v, 1, off);
}
