/*
 * part.c - partition tables: which scheme a disk has, the MBR reader
 * (four primaries, the extended partition's chain of EBRs with logical
 * partitions numbered 5.. as GRUB and Linux do) and partition bdevs.
 *
 * Sector 0 is untrusted and may not be an MBR at all: a FAT boot sector
 * also ends in 0x55AA, so a table is believed only if every status byte
 * is 0x00 or 0x80.  A protective entry (type 0xEE) sends the disk to the
 * GPT reader (gpt.c).  Entries past the disk's end are skipped with a
 * message; the EBR chain is bounded and a revisited EBR ends it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "disk/disk.h"
#include "disk/part_priv.h"

#define MBR_TABLE	   446
#define MBR_ENTRY	   16
#define MBR_GPT_PROTECTIVE 0xee
/* Longest EBR chain followed; more logicals than PART_MAX are useless. */
#define EBR_MAX PART_MAX

void part_msg(part_log_fn log, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (!log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log(msg);
}

uint32_t part_sector_size(const struct bdev *disk)
{
	uint32_t bs = disk->block_size;

	if (bs < 512 || bs > 4096 || (bs & (bs - 1)))
		return 512;
	return bs;
}

struct mbr_entry {
	uint8_t status, type;
	uint32_t start, count; /* sectors */
};

static void mbr_entry(const uint8_t *sec, unsigned int i, struct mbr_entry *e)
{
	const uint8_t *p = sec + MBR_TABLE + i * MBR_ENTRY;

	e->status = p[0];
	e->type = p[4];
	e->start = part_le32(p + 8);
	e->count = part_le32(p + 12);
}

static bool mbr_is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

/* Does this sector hold a partition table (signature, status bytes)? */
static bool mbr_valid(const uint8_t *sec)
{
	struct mbr_entry e;
	unsigned int i;

	if (sec[510] != 0x55 || sec[511] != 0xaa)
		return false;
	for (i = 0; i < 4; i++) {
		mbr_entry(sec, i, &e);
		if (e.status != 0x00 && e.status != 0x80)
			return false;
	}
	return true;
}

/* Adds one data partition of sectors [start, start+count) if it lies on
 * the disk; 1 if added, 0 if skipped or parts[] is full. */
static int mbr_add(struct bdev *disk, struct part *parts, unsigned int max,
		   unsigned int *n, unsigned int number, uint64_t start,
		   uint64_t count, uint8_t type, part_log_fn log)
{
	uint64_t ss = part_sector_size(disk);
	struct part *p;

	if (start == 0 || count == 0 || start + count > disk->size / ss) {
		part_msg(log,
			 "%s: msdos%u: sectors %llu+%llu outside the disk "
			 "(%llu sectors), skipped",
			 disk->name, number, (unsigned long long)start,
			 (unsigned long long)count,
			 (unsigned long long)(disk->size / ss));
		return 0;
	}
	if (*n >= max)
		return 0;
	p = &parts[(*n)++];
	memset(p, 0, sizeof(*p));
	p->scheme = PART_MSDOS;
	p->number = number;
	p->start = start * ss;
	p->size = count * ss;
	p->mbr_type = type;
	return 1;
}

static int read_sector(struct bdev *disk, uint64_t lba, uint8_t *sec)
{
	uint64_t ss = part_sector_size(disk);

	if (lba >= disk->size / ss)
		return -EIO;
	/* Only the first 512 bytes of a larger sector hold the table. */
	return bdev_read(disk, lba * ss, sec, 512);
}

/* Follows the EBR chain of the extended partition at sector ext. */
static int mbr_logicals(struct bdev *disk, uint64_t ext, struct part *parts,
			unsigned int max, unsigned int *n, part_log_fn log)
{
	uint64_t seen[EBR_MAX], ebr = ext;
	unsigned int number = 5, hops, i, k;
	uint8_t sec[512];
	struct mbr_entry e;
	int rc;

	for (hops = 0; hops < EBR_MAX; hops++) {
		for (k = 0; k < hops; k++) {
			if (seen[k] == ebr) {
				part_msg(log,
					 "%s: EBR chain loops at sector "
					 "%llu, stopped",
					 disk->name, (unsigned long long)ebr);
				return 0;
			}
		}
		seen[hops] = ebr;
		rc = read_sector(disk, ebr, sec);
		if (rc) {
			part_msg(log, "%s: EBR at sector %llu unreadable",
				 disk->name, (unsigned long long)ebr);
			return rc == -EIO ? 0 : rc;
		}
		if (sec[510] != 0x55 || sec[511] != 0xaa) {
			part_msg(log, "%s: EBR at sector %llu has no signature",
				 disk->name, (unsigned long long)ebr);
			return 0;
		}
		/* Every data entry of an EBR is a logical (as GRUB and
		 * Linux count them); the first extended one links on. */
		for (i = 0; i < 4; i++) {
			mbr_entry(sec, i, &e);
			if (e.type == 0 || mbr_is_extended(e.type))
				continue;
			mbr_add(disk, parts, max, n, number++, ebr + e.start,
				e.count, e.type, log);
		}
		for (i = 0; i < 4; i++) {
			mbr_entry(sec, i, &e);
			if (mbr_is_extended(e.type))
				break;
		}
		if (i == 4 || e.start == 0)
			return 0;
		ebr = ext + e.start;
	}
	part_msg(log, "%s: EBR chain longer than %u, stopped", disk->name,
		 EBR_MAX);
	return 0;
}

static int mbr_scan(struct bdev *disk, const uint8_t *sec, struct part *parts,
		    unsigned int max, part_log_fn log)
{
	uint64_t ss = part_sector_size(disk), ext = 0;
	unsigned int i, n = 0;
	struct mbr_entry e;
	int rc;

	for (i = 0; i < 4; i++) {
		mbr_entry(sec, i, &e);
		if (e.type == 0)
			continue;
		if (mbr_is_extended(e.type)) {
			if (ext) {
				part_msg(log,
					 "%s: second extended partition "
					 "(msdos%u) ignored",
					 disk->name, i + 1);
			} else if (e.start == 0 || e.start >= disk->size / ss) {
				part_msg(log,
					 "%s: extended partition outside "
					 "the disk, ignored",
					 disk->name);
			} else {
				ext = e.start;
			}
			continue;
		}
		mbr_add(disk, parts, max, &n, i + 1, e.start, e.count, e.type,
			log);
	}
	if (ext) {
		rc = mbr_logicals(disk, ext, parts, max, &n, log);
		if (rc)
			return rc;
	}
	return (int)n;
}

int part_scan(struct bdev *disk, struct part *parts, unsigned int max,
	      void (*log)(const char *msg))
{
	uint8_t sec[512];
	struct mbr_entry e;
	unsigned int i;
	int rc;

	if (!disk || (!parts && max))
		return -EINVAL;
	if (disk->size < 512)
		return 0;
	rc = bdev_read(disk, 0, sec, sizeof(sec));
	if (rc)
		return rc;
	if (!mbr_valid(sec))
		return 0;
	for (i = 0; i < 4; i++) {
		mbr_entry(sec, i, &e);
		if (e.type == MBR_GPT_PROTECTIVE)
			break;
	}
	if (i < 4) {
		rc = gpt_scan(disk, parts, max, log);
		if (rc == -EINVAL) {
			part_msg(log, "%s: protective MBR but no usable GPT",
				 disk->name);
			return 0;
		}
		return rc;
	}
	return mbr_scan(disk, sec, parts, max, log);
}

static int part_read(struct bdev *bd, uint64_t off, void *buf, size_t len)
{
	/* bdev_read checked off + len <= bd->size, and part_bdev that the
	 * partition lies on the parent, so this cannot overflow. */
	return bdev_read(bd->parent, bd->offset + off, buf, len);
}

static int part_write(struct bdev *bd, uint64_t off, const void *buf,
		      size_t len)
{
	/* As part_read: bdev_write checked off + len <= bd->size. */
	return bdev_write(bd->parent, bd->offset + off, buf, len);
}

int part_bdev(struct bdev *disk, const struct part *p, struct bdev *sub)
{
	const char *scheme = p->scheme == PART_GPT ? "gpt" : "msdos";

	if (!disk || !p || !sub)
		return -EINVAL;
	if (p->start > disk->size || p->size > disk->size - p->start)
		return -EINVAL;
	memset(sub, 0, sizeof(*sub));
	sub->read = part_read;
	sub->write = disk->write ? part_write : NULL;
	sub->parent = disk;
	sub->offset = p->start;
	sub->size = p->size;
	sub->block_size = disk->block_size;
	snprintf(sub->name, sizeof(sub->name), "%.24s,%s%u", disk->name, scheme,
		 p->number);
	return 0;
}
