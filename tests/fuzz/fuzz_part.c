// SOURCES: disk/bdev.c disk/part.c disk/gpt.c
// CFLAGS: -I.
/*
 * fuzz_part.c - arbitrary bytes as a whole disk for part_scan, then a
 * bdev for every partition found.  Byte 0 (MBR boot code, never read as
 * a table) picks options: bit 0 re-seals the primary GPT's CRCs first,
 * so mutations reach the entry checks instead of dying at the CRC;
 * bit 1 makes the sectors 4096 bytes.  Invariants: no more partitions
 * than room, each wholly on the disk, numbers rising, and each
 * partition's bdev readable at its last byte and not one past it.
 * Seeds (tests/fuzz/corpus/part/): 64 KiB disks made by sfdisk (a
 * primary, an extended with three logicals) and sgdisk -a 1 (three GPT
 * partitions).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "disk/disk.h"
#include "fuzz.h"

static uint32_t crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = ~0u;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* The primary header's array CRC (if the array it names is in the
 * buffer) and its own CRC, recomputed. */
static void reseal(uint8_t *d, size_t size, size_t ss)
{
	uint8_t *h = d + ss;
	uint64_t lba, bytes;
	uint32_t hsize;

	if (size < 2 * ss)
		return;
	lba = get32(h + 72) | (uint64_t)get32(h + 76) << 32;
	bytes = (uint64_t)get32(h + 80) * get32(h + 84);
	if (lba < size / ss && bytes <= size - lba * ss)
		put32(h + 88, crc32(d + lba * ss, (size_t)bytes));
	hsize = get32(h + 12);
	if (hsize >= 92 && hsize <= ss) {
		put32(h + 16, 0);
		put32(h + 16, crc32(h, hsize));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct part parts[PART_MAX];
	struct bdev disk, sub;
	uint8_t *copy, last;
	size_t ss;
	int i, n;

	if (size < 1)
		return 0;
	ss = (data[0] & 2) ? 4096 : 512;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (data[0] & 1)
		reseal(copy, size, ss);
	bdev_init_mem(&disk, copy, size, (uint32_t)ss, "hd0");
	n = part_scan(&disk, parts, PART_MAX, NULL);
	REQUIRE(n <= PART_MAX);
	for (i = 0; i < n; i++) {
		REQUIRE(parts[i].size > 0);
		REQUIRE(parts[i].start <= size &&
			parts[i].size <= size - parts[i].start);
		REQUIRE(i == 0 || parts[i].number > parts[i - 1].number);
		REQUIRE(part_bdev(&disk, &parts[i], &sub) == 0);
		REQUIRE(bdev_read(&sub, sub.size - 1, &last, 1) == 0);
		REQUIRE(bdev_read(&sub, sub.size, &last, 1) != 0);
	}
	REQUIRE(part_scan(&disk, parts, 1, NULL) <= 1);
	free(copy);
	return 0;
}
