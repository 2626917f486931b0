/*
 * parse.h - blkfront's pure checks on what xenstore tells it
 * (blkfront/parse.c), kept apart so host tests run them unchanged.
 */
#ifndef BLKFRONT_PARSE_H
#define BLKFRONT_PARSE_H

#include <stdint.h>

#define BF_MAX_SEGS 64 /* per request: 256 KiB with indirect */

/* "xvda".."xvdz" or a decimal/0x device id -> the device id; -EINVAL. */
int bf_parse_name(const char *name, unsigned int *devid);

/* The disk index Linux's xen-blkfront names a whole-disk device id by
 * (0: xvda): xvd (202), IDE hda/hdb (3) and hdc/hdd (22, from xvdc),
 * SCSI sd (8, 65-71) and the extended encoding; -1 for a partition or
 * an id it does not name.  libxl names a stub domain's disks /dev/xvdX
 * by this while attaching them with the guest's own vdev (hda: 768). */
int bf_linux_disk(unsigned int devid);

/* 0 if the backend's geometry is possible, else -EPROTO: sector sizes
 * powers of two (logical 512..64 KiB, physical a multiple of it up to
 * 1 MiB), 0 < sectors < 2^52. */
int bf_check_geometry(unsigned long sectors, unsigned long sector_size,
		      unsigned long physical);

/* Indirect segments we use for what the backend offers (0: none). */
uint32_t bf_indirect_segments(unsigned long offered);

/* Bytes one request may carry, a multiple of sector_size (0: none fits). */
uint32_t bf_max_request(uint32_t indirect_segments, uint32_t sector_size);

/* 0 if len bytes from `sector` (512-byte units) are whole logical
 * sectors inside a disk of `sectors` 512-byte units, else -EINVAL. */
int bf_check_range(uint64_t sectors, uint32_t sector_size, uint64_t sector,
		   uint64_t len);

#endif
