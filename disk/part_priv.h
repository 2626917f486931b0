/*
 * part_priv.h - what disk/part.c (MBR, dispatch) and disk/gpt.c share:
 * little-endian loads from on-disk buffers and the message helper.
 */
#ifndef DISK_PART_PRIV_H
#define DISK_PART_PRIV_H

#include <stdint.h>
#include "disk/disk.h"

typedef void (*part_log_fn)(const char *msg);

static inline uint16_t part_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t part_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t part_le64(const uint8_t *p)
{
	return part_le32(p) | (uint64_t)part_le32(p + 4) << 32;
}

/* printf-style message to log (if not NULL), prefixed by nothing. */
void part_msg(part_log_fn log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The disk's sector size: bd->block_size if 512..4096 and a power of
 * two, else 512. */
uint32_t part_sector_size(const struct bdev *disk);

/* GPT on disk (the caller has seen a protective MBR): the count of
 * partitions put in parts, or -errno (-EINVAL: neither header usable). */
int gpt_scan(struct bdev *disk, struct part *parts, unsigned int max,
	     part_log_fn log);

#endif
