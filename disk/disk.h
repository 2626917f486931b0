/*
 * disk.h - block devices and partition tables, the whole public API.
 *
 * A `struct bdev` is anything that can be read at a byte offset: a
 * blkfront disk (stubdoms glue), a partition of one, or a memory buffer
 * or file in host tests and fuzz targets.  Readers above (fs/, loaders)
 * see only this struct, so they compile unchanged on the host.  A bdev
 * may also be writable (write hook set): only fs_write_in_place uses
 * that, to rewrite GRUB's grubenv as GRUB's save_env does.
 *
 * Everything read from a disk is untrusted: a partition table that points
 * past the end of the disk, overlaps itself, or has a bad CRC is refused
 * or the bad entry skipped, with a message, never followed.
 *
 * Errors: 0 or a negative errno (domlet/errno.h numbers on the kernel,
 * the host's errno numbers on the host: use the names only).
 */
#ifndef DISK_DISK_H
#define DISK_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bdev {
	/* Reads len bytes at byte offset off (any alignment) into buf;
	 * 0 or -errno.  off + len beyond size is -EIO, never a short read. */
	int (*read)(struct bdev *bd, uint64_t off, void *buf, size_t len);
	/* Writes len bytes at byte offset off (any alignment: a disk with
	 * larger sectors reads, modifies and writes them back); 0 or
	 * -errno.  NULL: the device is read-only.  Called only through
	 * bdev_write, so off + len is inside size. */
	int (*write)(struct bdev *bd, uint64_t off, const void *buf,
		     size_t len);
	void *priv;	     /* the implementation's */
	struct bdev *parent; /* a partition's disk, else NULL */
	uint64_t offset;     /* a partition's start on parent, bytes */
	uint64_t size;	     /* bytes */
	uint32_t block_size; /* logical sector size of the disk: 512, 4096 */
	char name[40];	     /* "hd0", "hd0,gpt2": for messages */
};

/* Reads through bd->read after checking off/len against bd->size. */
int bdev_read(struct bdev *bd, uint64_t off, void *buf, size_t len);

/* Writes through bd->write after the same checks as bdev_read; -EROFS if
 * bd has no write hook. */
int bdev_write(struct bdev *bd, uint64_t off, const void *buf, size_t len);

/* A read-only bdev over a memory buffer (host tests, fuzz targets,
 * initrds). */
void bdev_init_mem(struct bdev *bd, const void *data, size_t size,
		   uint32_t block_size, const char *name);
/* The same over a writable buffer: bdev_write changes data (tests). */
void bdev_init_mem_rw(struct bdev *bd, void *data, size_t size,
		      uint32_t block_size, const char *name);

enum part_scheme { PART_MSDOS = 1, PART_GPT = 2 };

struct part {
	enum part_scheme scheme;
	unsigned int number; /* GRUB's: msdos 1-4 primary, 5.. logical;
				gpt: entry index + 1 */
	uint64_t start;	     /* bytes from the disk's start */
	uint64_t size;	     /* bytes */
	uint8_t mbr_type;    /* msdos partition type byte */
	uint8_t gpt_type[16];
	uint8_t gpt_guid[16];
};

#define PART_MAX 128

/*
 * Reads the partition table of disk: GPT (protective MBR + primary header,
 * the backup header if the primary is corrupt), else MBR with extended and
 * logical partitions (chain bounded, loops refused).  Fills parts[] in
 * order of number; returns the count (0: no table, e.g. a filesystem on
 * the whole device), or -errno on a read error.  Bad entries are skipped
 * and reported through log (may be NULL).
 */
int part_scan(struct bdev *disk, struct part *parts, unsigned int max,
	      void (*log)(const char *msg));

/* Makes sub a bdev for partition p of disk (name "DISK,msdosN").  It is
 * writable (writes go to disk at the partition's offset) if disk's write
 * hook is set when part_bdev is called, else read-only. */
int part_bdev(struct bdev *disk, const struct part *p, struct bdev *sub);

#endif
