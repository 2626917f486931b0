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

#define DEV_SIZE  (32u << 20)
#define MAX_DEPTH 4
#define MAX_ENTS  64
#define READ_MAX  65536

static const uint8_t *in;
static size_t in_size;
static uint8_t rbuf[READ_MAX];

static int zero_tail_read(struct bdev *bd, uint64_t off, void *buf, size_t len)
{
	(void)bd;
	memset(buf, 0, len);
	if (off < in_size)
		memcpy(buf, in + off,
		       in_size - off < len ? in_size - off : len);
	return 0;
}

struct walk {
	struct fs *fs;
	int depth, ents;
	char path[1024];
};

static void visit(struct walk *w);

static int entry_fn(void *arg, const char *name, enum fs_type type)
{
	struct walk *w = arg;
	size_t len = strlen(w->path), nl = strlen(name);

	(void)type;
	REQUIRE(nl > 0 && nl <= 255);
	if (++w->ents > MAX_ENTS || len + 1 + nl + 1 > sizeof(w->path))
		return 1;
	snprintf(w->path + len, sizeof(w->path) - len, "%s%s",
		 len > 1 ? "/" : "", name);
	w->depth++;
	visit(w);
	w->depth--;
	w->path[len] = 0;
	return 0;
}

/* fs_file_map (no writes): a mapped run lies inside the device and the
 * file; up to 64 runs from the start, then the last byte. */
static void map_file(struct fs *fs, struct fs_file *f)
{
	uint64_t size = fs_file_size(f), off = 0, dev, len;
	int i, rc;

	for (i = 0; i < 64 && off < size; i++) {
		rc = fs_file_map(f, off, &dev, &len);
		if (rc) {
			off++;
			continue;
		}
		REQUIRE(len >= 1 && len <= size - off);
		REQUIRE(dev <= fs->bd->size && len <= fs->bd->size - dev);
		off += len;
	}
	if (size && fs_file_map(f, size - 1, &dev, &len) == 0)
		REQUIRE(len == 1 && dev < fs->bd->size);
	REQUIRE(fs_file_map(f, size, &dev, &len) < 0);
}

static void read_file(struct fs *fs, const char *path)
{
	struct fs_file *f;
	long n;

	if (fs_file_open(fs, path, &f) < 0)
		return;
	uint64_t size = fs_file_size(f);
	n = fs_file_read(f, 0, rbuf, sizeof(rbuf));
	REQUIRE(n <= (long)sizeof(rbuf) && (n < 0 || (uint64_t)n <= size));
	if (size > sizeof(rbuf)) {
		n = fs_file_read(f, size - 1000, rbuf, sizeof(rbuf));
		REQUIRE(n <= 1000);
	}
	map_file(fs, f);
	fs_file_close(f);
}

static void visit(struct walk *w)
{
	struct fs_stat st;

	if (fs_stat(w->fs, w->path, &st) < 0)
		return;
	if (st.type == FS_DIR && w->depth < MAX_DEPTH)
		fs_readdir(w->fs, w->path, entry_fn, w);
	else if (st.type == FS_REG)
		read_file(w->fs, w->path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bdev bd = {.read = zero_tail_read,
			  .size = DEV_SIZE,
			  .block_size = 512,
			  .name = "fuzz"};
	struct walk w = {.path = "/"};

	in = data;
	in_size = size;
	if (fs_open(&bd, &w.fs) < 0)
		return 0;
	REQUIRE(strlen(fs_uuid(w.fs)) == 36 && strlen(fs_label(w.fs)) <= 12);
	visit(&w);
	fs_close(w.fs);
	return 0;
}
