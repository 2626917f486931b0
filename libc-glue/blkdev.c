/*
 * blkdev.c - /dev/xvdX: a block device as a byte-addressed file over
 * blkfront's public synchronous API (blkfront/blkfront.h).
 *
 * Reads and writes may start and end anywhere: the whole sectors in the
 * middle go straight between the caller's buffer and blkfront (it needs
 * no alignment), a partial sector at either end goes through a bounce
 * sector (read-modify-write for writes).  A disk opened by several fds is
 * connected once and disconnected with its last fd.  fsync is a flush
 * (cache flush or barrier); a backend that offers neither writes through,
 * so fsync then succeeds.  Reads at or past the end return 0; writes past
 * the end fail with ENOSPC.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include "glue.h"
#include "blkfront/blkfront.h"

#define DISKS_MAX 8

struct disk {
	char name[8];
	struct blkfront *dev;
	uint64_t size;	    /* bytes */
	uint32_t ss;	    /* logical sector size, bytes */
	unsigned int users; /* open files */
	bool read_only;
};

static struct disk disks[DISKS_MAX];

static struct disk *disk_find(const char *name)
{
	for (int i = 0; i < DISKS_MAX; i++)
		if (disks[i].dev && !strcmp(disks[i].name, name))
			return &disks[i];
	return NULL;
}

static int disk_connect(const char *name, struct disk **out)
{
	const struct blkfront_info *info;
	struct disk *d = NULL;
	int rc;

	for (int i = 0; i < DISKS_MAX && !d; i++)
		if (!disks[i].users)
			d = &disks[i];
	if (!d)
		return -ENFILE;
	/* Claim the slot before blkfront_open sleeps in the handshake, so
	 * a concurrent open cannot take it; the caller's open counts as
	 * its first user. */
	d->users = 1;
	rc = blkfront_open(name, &d->dev);
	if (rc) {
		d->users = 0;
		d->dev = NULL;
		printk("libc: /dev/%s: blkfront_open failed (%ld)\n", name,
		       (long)kerr(rc));
		return (int)kerr(rc);
	}
	info = blkfront_info(d->dev);
	strncpy(d->name, name, sizeof(d->name) - 1);
	d->size = info->sectors * 512;
	d->ss = info->sector_size;
	d->read_only = info->read_only;
	*out = d;
	return 0;
}

/* Sector number (512-byte units) of byte offset off. */
static uint64_t sec512(uint64_t off)
{
	return off / 512;
}

/* Moves len bytes at byte offset pos, through the bounce sector when
 * [pos, pos+len) is not whole sectors. */
static int disk_rw(struct disk *d, uint64_t pos, void *buf, size_t len,
		   bool write)
{
	uint64_t head = pos % d->ss;
	char *bounce;
	int rc;

	if (head == 0 && len % d->ss == 0) {
		rc = write ? blkfront_write(d->dev, sec512(pos), buf, len)
			   : blkfront_read(d->dev, sec512(pos), buf, len);
		return (int)kerr(rc);
	}
	/* Here len fits in the one sector that holds pos (see blk_io). */
	bounce = malloc(d->ss);
	if (!bounce)
		return -ENOMEM;
	rc =
	    (int)kerr(blkfront_read(d->dev, sec512(pos - head), bounce, d->ss));
	if (rc == 0 && write) {
		memcpy(bounce + head, buf, len);
		rc = (int)kerr(
		    blkfront_write(d->dev, sec512(pos - head), bounce, d->ss));
	} else if (rc == 0) {
		memcpy(buf, bounce + head, len);
	}
	free(bounce);
	return rc;
}

/* Splits [*pos, +len) into a partial head sector, whole sectors and a
 * partial tail sector, advancing *pos as bytes move. */
static long blk_io(struct disk *d, uint64_t *pos, void *buf, size_t len,
		   bool write)
{
	size_t done = 0;

	if (*pos >= d->size)
		return write && len ? -ENOSPC : 0;
	if (len > d->size - *pos)
		len = d->size - *pos;
	while (done < len) {
		size_t n = len - done;
		uint64_t head = *pos % d->ss;
		int rc;

		if (head)
			n = n < d->ss - head ? n : d->ss - head;
		else if (n >= d->ss)
			n -= n % d->ss;
		rc = disk_rw(d, *pos, (char *)buf + done, n, write);
		if (rc)
			return done ? (long)done : rc;
		done += n;
		*pos += n;
	}
	return (long)done;
}

/* read/write move the file position by what they transferred. */
static long blk_seq(struct gfile *f, void *buf, size_t len, bool write)
{
	uint64_t pos = (uint64_t)f->pos;
	long rc = blk_io(f->priv, &pos, buf, len, write);

	if (rc > 0)
		f->pos += rc;
	return rc;
}

static long blk_read(struct gfile *f, void *buf, size_t len)
{
	return blk_seq(f, buf, len, false);
}

static long blk_write(struct gfile *f, const void *buf, size_t len)
{
	return blk_seq(f, (void *)buf, len, true);
}

/* pread/pwrite: QEMU's block layer issues them from several worker
 * threads on one fd at once; each has its own position. */
static long blk_pread(struct gfile *f, void *buf, size_t len, int64_t off)
{
	uint64_t pos = (uint64_t)off;

	return blk_io(f->priv, &pos, buf, len, false);
}

static long blk_pwrite(struct gfile *f, const void *buf, size_t len,
		       int64_t off)
{
	uint64_t pos = (uint64_t)off;

	return blk_io(f->priv, &pos, (void *)buf, len, true);
}

/* Linux's block ioctls that QEMU's raw driver (block/file-posix.c)
 * asks: the size in bytes and in 512-byte sectors, the logical sector
 * size, whether the disk is read-only.  BLKROSET is refused EPERM
 * (Linux's answer without CAP_SYS_ADMIN): the backend decides. */
static int blk_ioctl(struct gfile *f, unsigned long req, void *arg)
{
	struct disk *d = f->priv;

	switch (req) {
	case BLKGETSIZE64:
		*(uint64_t *)arg = d->size;
		return 0;
	case BLKGETSIZE:
		*(unsigned long *)arg = (unsigned long)(d->size / 512);
		return 0;
	case BLKSSZGET:
		*(int *)arg = (int)d->ss;
		return 0;
	case BLKFLSBUF:
		return 0; /* there is no buffer cache */
	case BLKROGET:
		*(int *)arg = d->read_only;
		return 0;
	case BLKROSET:
		return -EPERM;
	default:
		return -ENOTTY;
	}
}

static int64_t blk_lseek(struct gfile *f, int64_t off, int whence)
{
	struct disk *d = f->priv;

	return fd_seek_pos(f->pos, (int64_t)d->size, off, whence);
}

static int blk_fsync(struct gfile *f)
{
	struct disk *d = f->priv;
	int rc = (int)kerr(blkfront_flush(d->dev));

	return rc == -EOPNOTSUPP ? 0 : rc;
}

static int blk_fstat(struct gfile *f, struct stat *st)
{
	struct disk *d = f->priv;

	st->st_mode = S_IFBLK | (d->read_only ? 0444 : 0666);
	st->st_size = (off_t)d->size;
	st->st_blksize = d->ss;
	st->st_blocks = (blkcnt_t)(d->size / 512);
	return 0;
}

static void blk_close(struct gfile *f)
{
	struct disk *d = f->priv;

	if (--d->users == 0) {
		blkfront_close(d->dev);
		memset(d, 0, sizeof(*d));
	}
}

static const struct file_ops blk_ops = {
    .kind = "blk",
    .read = blk_read,
    .write = blk_write,
    .lseek = blk_lseek,
    .fsync = blk_fsync,
    .fstat = blk_fstat,
    .close = blk_close,
    .pread = blk_pread,
    .pwrite = blk_pwrite,
    .ioctl = blk_ioctl,
};

int blkdev_open(const char *name, int flags, struct gfile *f)
{
	struct disk *d = disk_find(name);
	int rc;

	if (d) {
		d->users++;
	} else {
		rc = disk_connect(name, &d);
		if (rc)
			return rc;
	}
	f->priv = d;
	if (d->read_only && (flags & O_ACCMODE) != O_RDONLY) {
		blk_close(f);
		return -EROFS;
	}
	f->ops = &blk_ops;
	return 0;
}
