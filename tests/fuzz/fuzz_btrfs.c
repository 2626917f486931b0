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

#define DEV_SIZE  (64u << 20)
#define PAGE	  4096u
#define REC	  (4 + PAGE)
#define MAX_DEPTH 4
#define MAX_ENTS  64
#define READ_MAX  65536

static const uint8_t *in;
static size_t in_size;
static uint8_t rbuf[READ_MAX];

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
	struct bdev bd = {.read = page_read,
			  .size = DEV_SIZE,
			  .block_size = 512,
			  .name = "fuzz"};
	struct walk w = {.path = "/"};

	in = data;
	in_size = size;
	if (fs_open(&bd, &w.fs) < 0)
		return 0;
	REQUIRE(strlen(fs_uuid(w.fs)) == 36 && strlen(fs_label(w.fs)) < 64);
	visit(&w);
	fs_close(w.fs);
	return 0;
}
