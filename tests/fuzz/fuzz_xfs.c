// SOURCES: fs/fs.c fs/xfs.c fs/xfs_bmap.c fs/xfs_dir.c disk/bdev.c
// CFLAGS: -I. -DFS_FUZZING
/*
 * fuzz_xfs.c - fs/xfs*.c on arbitrary images: open, walk the tree from
 * "/" (bounded depth and entries), stat, read every file (its first and
 * last 64 KiB, and fs_file_map over it: runs inside the device and the
 * file) and follow every symlink.  FS_FUZZING lets bad CRCs pass,
 * so mutations reach the parsers behind them.  The input is the front of
 * an image: the device is 32 MiB and reads past the input give zeros,
 * so seeds can be the first 100 KiB of a small mkfs.xfs image (which
 * tests/unit/test_xfs.c leaves in build/fuzz/corpus/xfs/).  Any crash,
 * ASan report or hang is a finding; so is a read that returns more than
 * it was asked for.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/fs.h"
#include "fuzz.h"
#include "fs_walk.h"

#define DEV_SIZE (32u << 20)

static const uint8_t *in;
static size_t in_size;

static int zero_tail_read(struct bdev *bd, uint64_t off, void *buf, size_t len)
{
	(void)bd;
	memset(buf, 0, len);
	if (off < in_size)
		memcpy(buf, in + off,
		       in_size - off < len ? in_size - off : len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bdev bd = {.read = zero_tail_read,
			  .size = DEV_SIZE,
			  .block_size = 512,
			  .name = "fuzz"};

	in = data;
	in_size = size;
	fs_walk_image(&bd, 1, 12);
	return 0;
}
