// SOURCES: fs/fs.c fs/btrfs.c fs/btrfs_tree.c fs/btrfs_file.c
// SOURCES: fs/btrfs_decomp.c disk/bdev.c
// CFLAGS: -I. -DFS_FUZZING
// LIBS: -lz -llzo2 -lzstd
/*
 * fuzz_btrfs.c - fs/btrfs*.c on arbitrary images: open, walk the tree
 * from "/" (bounded depth and entries), stat, read every file (its first
 * and last 64 KiB) and follow every symlink.  FS_FUZZING lets bad
 * checksums pass, so mutations reach the parsers behind them.
 *
 * btrfs metadata sits megabytes apart (superblock at 64 KiB, trees at 1
 * and 5 MiB even on a tiny image), so the input is not the image's front
 * but a list of pages: records of a 4-byte little-endian page number and
 * 4096 bytes, placed on a 64 MiB device that is zero elsewhere (a later
 * record wins).  tests/unit/test_btrfs.c writes such a seed, the non-zero
 * pages of a small mkfs.btrfs image, to build/fuzz/corpus/btrfs/.  Any
 * crash, ASan report or hang is a finding; so is a read that returns more
 * than it was asked for.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/fs.h"
#include "fuzz.h"
#include "fs_walk.h"

#define DEV_SIZE (64u << 20)
#define PAGE	 4096u
#define REC	 (4 + PAGE)

static const uint8_t *in;
static size_t in_size;

static const uint8_t *page_of(uint64_t pg)
{
	const uint8_t *hit = NULL;

	for (size_t r = 0; r + REC <= in_size; r += REC) {
		const uint8_t *p = in + r;
		uint32_t n = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		if (n == pg)
			hit = p + 4;
	}
	return hit;
}

static int page_read(struct bdev *bd, uint64_t off, void *buf, size_t len)
{
	uint8_t *out = buf;

	(void)bd;
	while (len) {
		uint64_t pg = off / PAGE, in_pg = off % PAGE;
		size_t n = PAGE - in_pg < len ? PAGE - in_pg : len;
		const uint8_t *p = page_of(pg);
		if (p)
			memcpy(out, p + in_pg, n);
		else
			memset(out, 0, n);
		out += n, off += n, len -= n;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bdev bd = {.read = page_read,
			  .size = DEV_SIZE,
			  .block_size = 512,
			  .name = "fuzz"};

	in = data;
	in_size = size;
	fs_walk_image(&bd, 0, 63);
	return 0;
}
