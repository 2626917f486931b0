/*
 * bdev.c - the checked read (and write) every reader goes through, and a
 * bdev over a memory buffer (host tests, fuzz targets).
 *
 * bdev_read is where an untrusted offset or length (a block number from a
 * partition table or a filesystem, times a block size) meets the device:
 * anything that does not lie wholly inside [0, size) is -EIO here, so an
 * implementation's read never sees it.  bdev_write checks the same way
 * before a write reaches the device.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "disk/disk.h"

int bdev_read(struct bdev *bd, uint64_t off, void *buf, size_t len)
{
	if (!bd || !bd->read || (!buf && len))
		return -EINVAL;
	if (len == 0)
		return 0;
	/* Written so that off + len cannot overflow. */
	if (off > bd->size || len > bd->size - off)
		return -EIO;
	return bd->read(bd, off, buf, len);
}

int bdev_write(struct bdev *bd, uint64_t off, const void *buf, size_t len)
{
	if (!bd || (!buf && len))
		return -EINVAL;
	if (!bd->write)
		return -EROFS;
	if (len == 0)
		return 0;
	if (off > bd->size || len > bd->size - off)
		return -EIO;
	return bd->write(bd, off, buf, len);
}

static int mem_read(struct bdev *bd, uint64_t off, void *buf, size_t len)
{
	memcpy(buf, (const unsigned char *)bd->priv + off, len);
	return 0;
}

void bdev_init_mem(struct bdev *bd, const void *data, size_t size,
		   uint32_t block_size, const char *name)
{
	memset(bd, 0, sizeof(*bd));
	bd->read = mem_read;
	bd->priv = (void *)data;
	bd->size = size;
	bd->block_size = block_size ? block_size : 512;
	snprintf(bd->name, sizeof(bd->name), "%s", name ? name : "mem");
}

static int mem_write(struct bdev *bd, uint64_t off, const void *buf, size_t len)
{
	memcpy((unsigned char *)bd->priv + off, buf, len);
	return 0;
}

void bdev_init_mem_rw(struct bdev *bd, void *data, size_t size,
		      uint32_t block_size, const char *name)
{
	bdev_init_mem(bd, data, size, block_size, name);
	bd->write = mem_write;
}
