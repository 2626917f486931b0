/*
 * fs_walk.h - what the filesystem fuzz targets (fuzz_btrfs.c, fuzz_xfs.c,
 * fuzz_ext.c) share: the fs_file_map check, and the walk from "/" that
 * reads the ends of every file.  Include after fs/fs.h and fuzz.h.
 *
 * fs_walk_map_file(): fs_file_map (no writes) on an open file: a mapped
 * run lies inside the device and the file; up to 64 runs from the start,
 * then the last byte, and nothing at the size.
 *
 * fs_walk_image(): one input's run: open the filesystem, check its UUID
 * and label, fs_walk() it, close it.
 *
 * fs_walk(): from w->path ("/" to start), stat; a directory (at most
 * FS_WALK_MAX_DEPTH deep) is listed and each entry visited from inside
 * the readdir callback (so a reader must allow that), at most
 * FS_WALK_MAX_ENTS entries in all; a regular file is opened and its first
 * 64 KiB and its last 1000 bytes read (no read returns more than asked or
 * more than the size), then, if w->map, fs_walk_map_file() on it.
 * fuzz_ext.c walks its own way (names collected first, then visited) and
 * uses only fs_walk_map_file().
 */
#ifndef DOMLET_TEST_FS_WALK_H
#define DOMLET_TEST_FS_WALK_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "fs/fs.h"
#include "fuzz.h"

#define FS_WALK_MAX_DEPTH 4
#define FS_WALK_MAX_ENTS  64
#define FS_WALK_READ_MAX  65536

struct fs_walk {
	struct fs *fs;
	int map; /* also fs_walk_map_file() each regular file */
	int depth, ents;
	char path[1024];
};

static inline void fs_walk_map_file(struct fs *fs, struct fs_file *f)
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

static inline void fs_walk_read_file(struct fs_walk *w)
{
	static uint8_t rbuf[FS_WALK_READ_MAX];
	struct fs_file *f;
	long n;

	if (fs_file_open(w->fs, w->path, &f) < 0)
		return;
	uint64_t size = fs_file_size(f);
	n = fs_file_read(f, 0, rbuf, sizeof(rbuf));
	REQUIRE(n <= (long)sizeof(rbuf) && (n < 0 || (uint64_t)n <= size));
	if (size > sizeof(rbuf)) {
		n = fs_file_read(f, size - 1000, rbuf, sizeof(rbuf));
		REQUIRE(n <= 1000);
	}
	if (w->map)
		fs_walk_map_file(w->fs, f);
	fs_file_close(f);
}

static inline void fs_walk(struct fs_walk *w);

static inline int fs_walk_entry(void *arg, const char *name, enum fs_type type)
{
	struct fs_walk *w = arg;
	size_t len = strlen(w->path), nl = strlen(name);

	(void)type;
	REQUIRE(nl > 0 && nl <= 255);
	if (++w->ents > FS_WALK_MAX_ENTS || len + 1 + nl + 1 > sizeof(w->path))
		return 1;
	snprintf(w->path + len, sizeof(w->path) - len, "%s%s",
		 len > 1 ? "/" : "", name);
	w->depth++;
	fs_walk(w);
	w->depth--;
	w->path[len] = 0;
	return 0;
}

static inline void fs_walk(struct fs_walk *w)
{
	struct fs_stat st;

	if (fs_stat(w->fs, w->path, &st) < 0)
		return;
	if (st.type == FS_DIR && w->depth < FS_WALK_MAX_DEPTH)
		fs_readdir(w->fs, w->path, fs_walk_entry, w);
	else if (st.type == FS_REG)
		fs_walk_read_file(w);
}

/* One input's run: open the filesystem on bd (nothing more if there is
 * none), check its UUID (36 characters) and label (at most label_max),
 * walk it from "/" (fs_walk_map_file() each file if map) and close it. */
static inline void fs_walk_image(struct bdev *bd, int map, size_t label_max)
{
	struct fs_walk w = {.path = "/", .map = map};

	if (fs_open(bd, &w.fs) < 0)
		return;
	REQUIRE(strlen(fs_uuid(w.fs)) == 36 &&
		strlen(fs_label(w.fs)) <= label_max);
	fs_walk(&w);
	fs_close(w.fs);
}

#endif
