// SOURCES: fs/fs.c fs/ext.c fs/ext_map.c fs/ext_dir.c disk/bdev.c
// CFLAGS: -I.
/*
 * fuzz_ext.c - arbitrary bytes as an ext2/3/4 image: open it, then walk
 * the tree from "/" (names collected first, then visited), stat every
 * entry, read every file and follow every symlink, with bounds on the
 * work (depth, entries, bytes) so that a slow input is the reader's
 * fault, not the walk's.  Invariants: a read returns no more than asked
 * and never past the size; a mapped run (fs_file_map) lies inside the
 * device and the file; a readdir name is NUL-terminated and has no
 * '/'.  Seeds (tests/fuzz/corpus/ext/): 60 KiB images with 1K blocks,
 * a file, a directory, a fast symlink, an absolute one through "..":
 *   truncate -s 60k s.img; mke2fs -q -F -b 1024 -N 16 -m 0 OPTS -d DIR
 *   s.img, OPTS: "-t ext2 -O ^resize_inode,^dir_index", "-t ext4 -O
 *   ^has_journal,^resize_inode,^metadata_csum,^64bit,^huge_file", "-t
 *   ext4 -O ^has_journal,^resize_inode,inline_data,^64bit -I 256";
 * and ext4-htree: the second OPTS on a tree whose directory h holds 120
 * hard links to one file (few inodes fit), then e2fsck -fyD.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/fs.h"
#include "fuzz.h"
#include "fs_walk.h"

#define MAX_DEPTH 4
#define MAX_NAMES 32
#define MAX_READ  (256 * 1024)

struct names {
	unsigned int n;
	char name[MAX_NAMES][256];
};

static unsigned int budget;

static int collect(void *arg, const char *name, enum fs_type type)
{
	struct names *ns = arg;
	size_t len = strlen(name);

	(void)type;
	REQUIRE(len > 0 && len < 256 && !strchr(name, '/'));
	if (ns->n == MAX_NAMES)
		return 1;
	memcpy(ns->name[ns->n++], name, len + 1);
	return 0;
}

static void read_file(struct fs *fs, const char *path)
{
	static uint8_t buf[8192];
	struct fs_file *f;
	uint64_t off = 0;
	long n;

	if (fs_file_open(fs, path, &f))
		return;
	while (off < MAX_READ) {
		n = fs_file_read(f, off, buf, sizeof(buf));
		REQUIRE(n <= (long)sizeof(buf));
		if (n <= 0)
			break;
		off += (uint64_t)n;
		REQUIRE(off <= fs_file_size(f));
	}
	/* An odd offset far into the file: holes, deep maps. */
	if (fs_file_size(f) > 12345)
		fs_file_read(f, fs_file_size(f) - 12345, buf, 4000);
	fs_walk_map_file(fs, f);
	fs_file_close(f);
}

static void walk(struct fs *fs, const char *dir, int depth)
{
	struct names *ns;
	struct fs_stat st;
	char path[1024];
	unsigned int i;

	if (depth > MAX_DEPTH || budget == 0)
		return;
	budget--;
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return;
	fs_readdir(fs, dir, collect, ns);
	for (i = 0; i < ns->n && budget; i++, budget--) {
		snprintf(path, sizeof(path), "%s/%s", dir, ns->name[i]);
		if (fs_stat(fs, path, &st))
			continue;
		if (st.type == FS_DIR)
			walk(fs, path, depth + 1);
		else if (st.type == FS_REG)
			read_file(fs, path);
	}
	free(ns);
}

/* Messages are formatted (so a bad format would show) and dropped. */
static void quiet(const char *msg)
{
	REQUIRE(msg != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bdev bd;
	struct fs *fs;
	void *all;
	size_t len;

	fs_log = quiet;
	bdev_init_mem(&bd, data, size, 512, "hd0");
	if (fs_open(&bd, &fs))
		return 0;
	budget = 200;
	walk(fs, "", 0);
	if (fs_read_all(fs, "/a", 1 << 20, &all, &len) == 0) {
		REQUIRE(((char *)all)[len] == '\0');
		free(all);
	}
	fs_close(fs);
	return 0;
}
