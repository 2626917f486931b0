/*
 * gpt.c - the GUID partition table: the primary header at LBA 1, the
 * backup at the disk's last LBA when the primary is bad, and the entry
 * array each names.
 *
 * Trusts nothing in either header: signature, header size, both CRC32s,
 * the header's own LBA, the usable range and the array's place on the
 * disk are checked before any entry is used; an entry that lies outside
 * the usable range, ends before it starts, or overlaps an earlier one is
 * skipped with a message.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "disk/disk.h"
#include "disk/part_priv.h"

#define GPT_HDR_MIN 92
/* Largest entry array read (the usual one is 128 * 128 bytes). */
#define GPT_ARRAY_MAX (1u << 20)

struct gpt_hdr {
	uint64_t my_lba, alt_lba, first, last, array_lba;
	uint32_t count, entry_size, array_crc;
};

/* CRC-32 (IEEE 802.3, reflected), as UEFI specifies for GPT. */
static uint32_t gpt_crc32(uint32_t crc, const uint8_t *p, size_t len)
{
	unsigned int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* Reads and checks the header at lba; 0 and *h filled, else -EINVAL. */
static int gpt_header(struct bdev *disk, uint64_t lba, struct gpt_hdr *h,
		      part_log_fn log)
{
	uint32_t ss = part_sector_size(disk), hsize, crc;
	uint64_t nsec = disk->size / ss, bytes;
	uint8_t *sec = malloc(ss);
	int rc = -EINVAL;

	if (!sec)
		return -ENOMEM;
	if (lba == 0 || lba >= nsec || bdev_read(disk, lba * ss, sec, ss))
		goto out;
	if (memcmp(sec, "EFI PART", 8) != 0) {
		part_msg(log, "%s: GPT header at LBA %llu: no signature",
			 disk->name, (unsigned long long)lba);
		goto out;
	}
	hsize = part_le32(sec + 12);
	if (hsize < GPT_HDR_MIN || hsize > ss) {
		part_msg(log, "%s: GPT header at LBA %llu: bad size %u",
			 disk->name, (unsigned long long)lba, hsize);
		goto out;
	}
	crc = part_le32(sec + 16);
	memset(sec + 16, 0, 4);
	if (gpt_crc32(0, sec, hsize) != crc) {
		part_msg(log, "%s: GPT header at LBA %llu: bad CRC", disk->name,
			 (unsigned long long)lba);
		goto out;
	}
	h->my_lba = part_le64(sec + 24);
	h->alt_lba = part_le64(sec + 32);
	h->first = part_le64(sec + 40);
	h->last = part_le64(sec + 48);
	h->array_lba = part_le64(sec + 72);
	h->count = part_le32(sec + 80);
	h->entry_size = part_le32(sec + 84);
	h->array_crc = part_le32(sec + 88);
	bytes = (uint64_t)h->count * h->entry_size;
	if (h->my_lba != lba || h->first > h->last || h->last >= nsec ||
	    h->entry_size < 128 || h->entry_size % 8 || bytes > GPT_ARRAY_MAX ||
	    h->array_lba == 0 || h->array_lba >= nsec ||
	    (bytes + ss - 1) / ss > nsec - h->array_lba ||
	    (h->array_lba <= h->last &&
	     h->array_lba + (bytes + ss - 1) / ss > h->first)) {
		part_msg(log, "%s: GPT header at LBA %llu: impossible layout",
			 disk->name, (unsigned long long)lba);
		goto out;
	}
	rc = 0;
out:
	free(sec);
	return rc;
}

/* The header's entry array, checked against its CRC; NULL on failure. */
static uint8_t *gpt_array(struct bdev *disk, const struct gpt_hdr *h,
			  part_log_fn log)
{
	size_t bytes = (size_t)h->count * h->entry_size;
	uint8_t *a = malloc(bytes ? bytes : 1);

	if (!a)
		return NULL;
	if (bdev_read(disk, h->array_lba * part_sector_size(disk), a, bytes) ||
	    gpt_crc32(0, a, bytes) != h->array_crc) {
		part_msg(log, "%s: GPT entry array at LBA %llu: bad CRC",
			 disk->name, (unsigned long long)h->array_lba);
		free(a);
		return NULL;
	}
	return a;
}

static bool gpt_empty(const uint8_t *e)
{
	static const uint8_t zero[16];

	return memcmp(e, zero, 16) == 0;
}

/* Is entry e acceptable beside the n already taken?  Says why not. */
static bool gpt_entry_ok(struct bdev *disk, const struct gpt_hdr *h,
			 unsigned int index, uint64_t first, uint64_t last,
			 const struct part *parts, unsigned int n,
			 part_log_fn log)
{
	uint64_t ss = part_sector_size(disk);
	unsigned int k;

	if (first > last || first < h->first || last > h->last) {
		part_msg(log,
			 "%s: gpt%u: LBAs %llu-%llu outside the usable "
			 "%llu-%llu, skipped",
			 disk->name, index + 1, (unsigned long long)first,
			 (unsigned long long)last, (unsigned long long)h->first,
			 (unsigned long long)h->last);
		return false;
	}
	for (k = 0; k < n; k++) {
		uint64_t s = parts[k].start / ss;
		uint64_t e = s + parts[k].size / ss - 1;

		if (first <= e && s <= last) {
			part_msg(log, "%s: gpt%u overlaps gpt%u, skipped",
				 disk->name, index + 1, parts[k].number);
			return false;
		}
	}
	return true;
}

static int gpt_entries(struct bdev *disk, const struct gpt_hdr *h,
		       const uint8_t *a, struct part *parts, unsigned int max,
		       part_log_fn log)
{
	uint64_t ss = part_sector_size(disk);
	unsigned int i, n = 0;

	for (i = 0; i < h->count && n < max; i++) {
		const uint8_t *e = a + (size_t)i * h->entry_size;
		uint64_t first = part_le64(e + 32), last = part_le64(e + 40);
		struct part *p;

		if (gpt_empty(e))
			continue;
		if (!gpt_entry_ok(disk, h, i, first, last, parts, n, log))
			continue;
		p = &parts[n++];
		memset(p, 0, sizeof(*p));
		p->scheme = PART_GPT;
		p->number = i + 1;
		p->start = first * ss;
		p->size = (last - first + 1) * ss;
		memcpy(p->gpt_type, e, 16);
		memcpy(p->gpt_guid, e + 16, 16);
	}
	return (int)n;
}

/* Header and array at lba, or -EINVAL. */
static int gpt_try(struct bdev *disk, uint64_t lba, struct gpt_hdr *h,
		   uint8_t **array, part_log_fn log)
{
	int rc = gpt_header(disk, lba, h, log);

	if (rc)
		return rc;
	*array = gpt_array(disk, h, log);
	return *array ? 0 : -EINVAL;
}

int gpt_scan(struct bdev *disk, struct part *parts, unsigned int max,
	     part_log_fn log)
{
	uint64_t last = disk->size / part_sector_size(disk) - 1, alt = 0;
	struct gpt_hdr h;
	uint8_t *a = NULL;
	int rc;

	rc = gpt_header(disk, 1, &h, log);
	if (!rc) {
		a = gpt_array(disk, &h, log);
		rc = a ? 0 : -EINVAL;
		alt = h.alt_lba; /* where a sound primary says the backup is */
	}
	if (rc == -EINVAL) {
		part_msg(log,
			 "%s: primary GPT bad, trying the backup at "
			 "LBA %llu",
			 disk->name, (unsigned long long)last);
		rc = gpt_try(disk, last, &h, &a, log);
		/* A disk grown after partitioning keeps its backup inside. */
		if (rc == -EINVAL && alt > 1 && alt < last)
			rc = gpt_try(disk, alt, &h, &a, log);
	}
	if (rc)
		return rc;
	rc = gpt_entries(disk, &h, a, parts, max, log);
	free(a);
	return rc;
}
