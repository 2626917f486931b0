/*
 * blkfront.c - a struct vtpm_disk over a blkfront device (domlet only).
 *
 * vtpmstate counts in the disk's logical sectors, blkfront in 512-byte
 * units whatever the sector size: the hooks convert.  blkfront_flush
 * sends flush-cache if the backend offers it, else a barrier; either
 * makes earlier completed writes durable before it completes, which is
 * what vtpmstate's write order needs.  A backend offering neither gets
 * no vtpm_disk: its writes could reach the disk in any order, so a kill
 * could leave a header pointing at a payload that never landed.
 *
 * Trusts blkfront (it checks the backend); the errors it returns are the
 * kernel's Linux numbers, translated by libc-glue's kerr() (kapi.h; it
 * is declared here because kapi.h needs the kernel's include path, which
 * library folders do not get).
 */
#include <errno.h>
#include "blkfront/blkfront.h"
#include "vtpmstate/vtpmstate.h"

long kerr(long rc); /* libc-glue/kapi.h */

static int bf_read(void *ctx, uint64_t sector, void *buf, uint32_t count)
{
	struct blkfront *bf = ctx;
	uint32_t ss = blkfront_info(bf)->sector_size;

	return (int)kerr(
	    blkfront_read(bf, sector * (ss / 512), buf, (size_t)count * ss));
}

static int bf_write(void *ctx, uint64_t sector, const void *buf, uint32_t count)
{
	struct blkfront *bf = ctx;
	uint32_t ss = blkfront_info(bf)->sector_size;

	return (int)kerr(
	    blkfront_write(bf, sector * (ss / 512), buf, (size_t)count * ss));
}

static int bf_flush(void *ctx)
{
	return (int)kerr(blkfront_flush(ctx));
}

int vtpmstate_blkfront(struct vtpm_disk *d, struct blkfront *bf)
{
	const struct blkfront_info *info = blkfront_info(bf);

	if (info->sector_size < 512 ||
	    info->sector_size > VTPMSTATE_MAX_SECTOR ||
	    (info->sector_size & (info->sector_size - 1)))
		return -EINVAL;
	if (info->read_only)
		return -EROFS;
	if (!info->flush && !info->barrier)
		return -EOPNOTSUPP;
	d->read = bf_read;
	d->write = bf_write;
	d->flush = bf_flush;
	d->ctx = bf;
	d->sector_size = info->sector_size;
	d->sectors = info->sectors / (info->sector_size / 512);
	return 0;
}
