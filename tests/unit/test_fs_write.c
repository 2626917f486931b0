// SOURCES: fs/fs.c fs/ext.c fs/ext_map.c fs/ext_dir.c fs/xfs.c fs/xfs_bmap.c
// SOURCES: fs/xfs_dir.c disk/bdev.c disk/part.c disk/gpt.c
// CFLAGS: -I.
/*
 * test_fs_write.c - fs_write_in_place (GRUB's save_env) and fs_file_map
 * on images that mke2fs -d and mkfs.xfs -p build here, each holding
 * /boot/grub/grubenv as grub-editenv writes it: ext4 with extents, ext2
 * with a block map (1 KiB blocks), XFS v5 and v4, and ext4 inside an MBR
 * partition (through part_bdev).  After the rewrite e2fsck -fn or
 * xfs_repair -n must find the filesystem clean, debugfs (ext) or a
 * fresh open through fs/ (XFS) must read the new block, and no byte of
 * the image outside the file's blocks may have changed.  Refusals (a
 * wrong length, inline data, a read-only bdev, a sparse file, an
 * uninitialized extent from debugfs fallocate, a directory) must leave
 * the image untouched; fs_file_map must also refuse what xfs_db marks
 * unwritten, reflinked or realtime.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "imgutil.h"
#include "fs/fs.h"

#define ENV	 "/boot/grub/grubenv"
#define ENV_SIZE 1024
#define PART_OFF 1048576 /* the MBR partition's start: sector 2048 */

static int tree_ok;

/* A grubenv block: the header, the given lines, '#' up to 1024 bytes. */
static void env_block(char *out, const char *lines)
{
	size_t n;

	n = (size_t)snprintf(out, ENV_SIZE + 1, "# GRUB Environment Block\n%s",
			     lines);
	memset(out + n, '#', ENV_SIZE - n);
}

/* The tree every image is made from, and an XFS protofile of it. */
static int make_tree(void)
{
	char env[ENV_SIZE + 1];
	FILE *f;

	if (sh("set -e; rm -rf t; mkdir -p t/boot/grub t/il; cd t;"
	       "head -c 3000 /dev/urandom > boot/other;"
	       "truncate -s 8K boot/u; truncate -s 64K boot/sparse; printf x | "
	       "dd of=boot/sparse "
	       "bs=1 seek=40000 conv=notrunc status=none;"
	       "printf small > il/s"))
		return -1;
	env_block(env, "saved_entry=0\nnext_entry=2\n");
	f = fopen("t/boot/grub/grubenv", "wb");
	if (!f)
		return -1;
	fwrite(env, 1, ENV_SIZE, f);
	if (fclose(f))
		return -1;
	f = fopen("proto", "w");
	if (!f)
		return -1;
	fprintf(f, "boot\n0 0\nd--755 0 0\nboot d--755 0 0\n"
		   "other ---644 0 0 t/boot/other\ngrub d--755 0 0\n"
		   "grubenv ---644 0 0 t/boot/grub/grubenv\n$\n$\n$\n");
	return fclose(f);
}

TEST(tree)
{
	CHECK(make_tree() == 0);
	tree_ok = 1;
}

/* A writable bdev over an image file (pread/pwrite), for the XFS
 * images, too big to hold in memory comfortably. */
static int file_read(struct bdev *bd, uint64_t off, void *buf, size_t len)
{
	ssize_t n = pread((int)(intptr_t)bd->priv, buf, len, (off_t)off);

	return n == (ssize_t)len ? 0 : -EIO;
}

static int file_write(struct bdev *bd, uint64_t off, const void *buf,
		      size_t len)
{
	ssize_t n = pwrite((int)(intptr_t)bd->priv, buf, len, (off_t)off);

	return n == (ssize_t)len ? 0 : -EIO;
}

static int bdev_file(struct bdev *bd, const char *path)
{
	int fd = open(path, O_RDWR);
	off_t size;

	if (fd < 0)
		return -1;
	size = lseek(fd, 0, SEEK_END);
	memset(bd, 0, sizeof(*bd));
	bd->read = file_read;
	bd->write = file_write;
	bd->priv = (void *)(intptr_t)fd;
	bd->size = (uint64_t)size;
	bd->block_size = 512;
	snprintf(bd->name, sizeof(bd->name), "%s", path);
	return 0;
}

static int save(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	size_t n;

	if (!f)
		return -1;
	n = fwrite(data, 1, len, f);
	return fclose(f) == 0 && n == len ? 0 : -1;
}

/* Bytes that differ between a and b, and the first and last of them. */
static size_t diff(const unsigned char *a, const unsigned char *b, size_t n,
		   size_t *first, size_t *last)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		if (a[i] == b[i])
			continue;
		if (!count)
			*first = i;
		*last = i;
		count++;
	}
	return count;
}

/* The file's device bytes, which must be one run for a 1 KiB file. */
static void map_env(struct fs *fs, uint64_t *dev_off)
{
	struct fs_file *f;
	uint64_t len;

	CHECK(fs_file_open(fs, ENV, &f) == 0);
	CHECK(fs_file_map(f, 0, dev_off, &len) == 0);
	CHECK_EQ(len, ENV_SIZE);
	CHECK(fs_file_map(f, 1000, dev_off, &len) == 0);
	CHECK_EQ(len, 24);
	CHECK_EQ(fs_file_map(f, ENV_SIZE, dev_off, &len), -EINVAL);
	CHECK(fs_file_map(f, 0, dev_off, &len) == 0);
	fs_file_close(f);
}

/* Every refusal on fs (over a writable bdev) must write nothing; the
 * caller compares the image afterwards. */
static void refusals(struct fs *fs, bool ext)
{
	char env[ENV_SIZE + 1], buf[65536];

	env_block(env, "");
	memset(buf, 'z', sizeof(buf));
	log_clear();
	CHECK_EQ(fs_write_in_place(fs, ENV, env, ENV_SIZE - 1), -EINVAL);
	CHECK(strstr(log_text, "not the 1023"));
	CHECK_EQ(fs_write_in_place(fs, "/boot/other", env, ENV_SIZE), -EINVAL);
	CHECK_EQ(fs_write_in_place(fs, "/boot/grub", env, ENV_SIZE), -EISDIR);
	CHECK_EQ(fs_write_in_place(fs, "/boot/none", env, ENV_SIZE), -ENOENT);
	if (ext) {
		/* 64 KiB with one byte at 40000: holes before and after. */
		log_clear();
		CHECK_EQ(fs_write_in_place(fs, "/boot/sparse", buf, 65536),
			 -ENOENT);
		CHECK(strstr(log_text, "hole"));
	}
}

/* The ext checks on image NAME (mke2fs options opts). */
static void ext_case(const char *name, const char *opts, const char *size)
{
	char env[ENV_SIZE + 1], cmd[256], img[64];
	unsigned char *data, *orig;
	size_t n = 0, first = 0, last = 0, glen = 0;
	uint64_t dev_off;
	struct bdev bd;
	struct fs *fs;
	bool glen_ok;
	void *got;

	CHECK(tree_ok);
	snprintf(img, sizeof(img), "%s.img", name);
	CHECK(sh("mke2fs -q -F %s -d t %s %s >%s.log 2>&1", opts, img, size,
		 name) == 0);
	data = load(img, &n);
	orig = load(img, &n);
	CHECK(data && orig);
	bdev_init_mem_rw(&bd, data, n, 512, name);
	CHECK(fs_open(&bd, &fs) == 0);
	map_env(fs, &dev_off);
	refusals(fs, true);
	CHECK_EQ(diff(orig, data, n, &first, &last), 0);

	env_block(env, "saved_entry=0\nnext_entry=\n");
	CHECK_EQ(fs_write_in_place(fs, ENV, env, ENV_SIZE), 0);
	/* The same open filesystem reads the new data (no stale cache). */
	CHECK(fs_read_all(fs, ENV, 4096, &got, &glen) == 0);
	glen_ok = glen == ENV_SIZE && memcmp(got, env, ENV_SIZE) == 0;
	free(got);
	CHECK(glen_ok);
	fs_close(fs);
	/* Only "2\n" became "\n#" inside the file's block. */
	CHECK(diff(orig, data, n, &first, &last) > 0);
	CHECK(first >= dev_off && last < dev_off + ENV_SIZE);
	CHECK(save(img, data, n) == 0);
	CHECK(sh("e2fsck -fn %s >>%s.log 2>&1", img, name) == 0);
	snprintf(cmd, sizeof(cmd), "debugfs -R 'cat " ENV "' %s 2>/dev/null",
		 img);
	free(orig);
	orig = NULL;
	{
		FILE *p = popen(cmd, "r");
		char got[ENV_SIZE + 16];
		size_t m = p ? fread(got, 1, sizeof(got), p) : 0;

		if (p)
			pclose(p);
		CHECK_EQ(m, ENV_SIZE);
		CHECK(memcmp(got, env, ENV_SIZE) == 0);
	}
	free(data);
}

TEST(ext4_extents)
{
	ext_case("ext4", "-t ext4", "8M");
}

TEST(ext2_blockmap)
{
	ext_case("ext2", "-t ext2 -b 1024", "8M");
}

TEST(ext3_4k)
{
	ext_case("ext3", "-t ext3 -b 4096", "16M");
}

/* Expects fs_file_map of path's byte 0 to refuse, saying why. */
static void map_refused(struct fs *fs, const char *path, const char *why)
{
	struct fs_file *f;
	uint64_t off, len;

	CHECK(fs_file_open(fs, path, &f) == 0);
	log_clear();
	CHECK_EQ(fs_file_map(f, 0, &off, &len), -ENOENT);
	fs_file_close(f);
	CHECK(strstr(log_text, why));
}

/* debugfs fallocate gives /boot/u (8 KiB, all hole) uninitialized
 * extents: still nothing to overwrite. */
TEST(ext4_uninit)
{
	unsigned char *data, *orig;
	static char buf[8192];
	struct bdev bd;
	struct fs *fs;
	size_t n = 0, first, last;

	CHECK(tree_ok);
	CHECK(sh("debugfs -w -R 'fallocate /boot/u 0 1' ext4.img >>ext4.log "
		 "2>&1 && debugfs -R 'ex /boot/u' ext4.img 2>/dev/null | "
		 "grep -q Uninit") == 0);
	data = load("ext4.img", &n);
	orig = load("ext4.img", &n);
	CHECK(data && orig);
	bdev_init_mem_rw(&bd, data, n, 512, "ext4");
	CHECK(fs_open(&bd, &fs) == 0);
	map_refused(fs, "/boot/u", "uninitialized");
	CHECK_EQ(fs_write_in_place(fs, "/boot/u", buf, sizeof(buf)), -ENOENT);
	fs_close(fs);
	CHECK_EQ(diff(orig, data, n, &first, &last), 0);
	free(orig);
	free(data);
}

TEST(ext4_inline_data)
{
	unsigned char *data;
	struct bdev bd;
	struct fs *fs;
	struct fs_file *f;
	uint64_t off, len;
	size_t n = 0;

	CHECK(tree_ok);
	CHECK(sh("mke2fs -q -F -t ext4 -O inline_data -d t/il il.img 4M "
		 ">il.log 2>&1") == 0);
	data = load("il.img", &n);
	CHECK(data);
	bdev_init_mem_rw(&bd, data, n, 512, "il");
	CHECK(fs_open(&bd, &fs) == 0);
	CHECK(fs_file_open(fs, "/s", &f) == 0);
	log_clear();
	CHECK_EQ(fs_file_map(f, 0, &off, &len), -ENOENT);
	CHECK(strstr(log_text, "inline data"));
	fs_file_close(f);
	CHECK_EQ(fs_write_in_place(fs, "/s", "SMALL", 5), -ENOENT);
	fs_close(fs);
	CHECK(save("il.img", data, n) == 0);
	CHECK(sh("debugfs -R 'cat /s' il.img 2>/dev/null | grep -qx small") ==
	      0);
	free(data);
}

TEST(read_only)
{
	char env[ENV_SIZE + 1];
	unsigned char *data;
	struct bdev bd;
	struct fs *fs;
	size_t n = 0;

	CHECK(tree_ok);
	data = load("ext4.img", &n);
	CHECK(data);
	bdev_init_mem(&bd, data, n, 512, "ro");
	CHECK(fs_open(&bd, &fs) == 0);
	env_block(env, "");
	log_clear();
	CHECK_EQ(fs_write_in_place(fs, ENV, env, ENV_SIZE), -EROFS);
	CHECK(strstr(log_text, "read-only"));
	CHECK_EQ(bdev_write(&bd, 0, env, 1), -EROFS);
	fs_close(fs);
	free(data);
}

TEST(bdev_bounds)
{
	unsigned char mem[4096] = {0}, b[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct bdev bd;

	bdev_init_mem_rw(&bd, mem, sizeof(mem), 512, "m");
	CHECK_EQ(bdev_write(&bd, 4090, b, 6), 0);
	CHECK(mem[4095] == 6);
	CHECK_EQ(bdev_write(&bd, 4090, b, 7), -EIO);
	CHECK_EQ(bdev_write(&bd, ~0ULL, b, 2), -EIO);
	CHECK_EQ(bdev_write(&bd, 4096, b, 0), 0);
	CHECK_EQ(bdev_write(&bd, 0, NULL, 1), -EINVAL);
}

/* ext4 in an MBR partition at 1 MiB: the write must land at the
 * partition's offset plus the file's block. */
TEST(partition)
{
	char env[ENV_SIZE + 1];
	unsigned char *data, *orig;
	struct part parts[4];
	struct bdev disk, sub;
	struct fs *fs;
	uint64_t dev_off;
	size_t n = 0, first = 0, last = 0;

	CHECK(tree_ok);
	CHECK(sh("rm -f d.img && truncate -s 12M d.img && echo 'start=2048, "
		 "size=16384, type=83' | sfdisk -q d.img >d.log 2>&1 && "
		 "mke2fs -q -F -t ext4 -E offset=%d -d t d.img 8M >>d.log 2>&1",
		 PART_OFF) == 0);
	data = load("d.img", &n);
	orig = load("d.img", &n);
	CHECK(data && orig);
	bdev_init_mem_rw(&disk, data, n, 512, "hd0");
	CHECK_EQ(part_scan(&disk, parts, 4, NULL), 1);
	CHECK_EQ(parts[0].start, PART_OFF);
	CHECK(part_bdev(&disk, &parts[0], &sub) == 0);
	CHECK(sub.write != NULL);
	CHECK(fs_open(&sub, &fs) == 0);
	map_env(fs, &dev_off);
	env_block(env, "saved_entry=gnu-linux\n");
	CHECK_EQ(fs_write_in_place(fs, ENV, env, ENV_SIZE), 0);
	fs_close(fs);
	CHECK(diff(orig, data, n, &first, &last) > 0);
	CHECK(first >= PART_OFF + dev_off &&
	      last < PART_OFF + dev_off + ENV_SIZE);
	CHECK(save("d.img", data, n) == 0);
	CHECK(sh("dd if=d.img of=p.img bs=1M skip=1 count=8 status=none && "
		 "e2fsck -fn p.img >>d.log 2>&1 && debugfs -R 'cat " ENV
		 "' p.img 2>/dev/null | head -c %d > p.env",
		 ENV_SIZE) == 0);
	free(orig);
	orig = load("p.env", &n);
	CHECK(orig && n == ENV_SIZE && memcmp(orig, env, ENV_SIZE) == 0);
	free(orig);
	free(data);
}

/* A partition of a read-only disk is read-only. */
TEST(partition_ro)
{
	unsigned char mem[8192] = {0};
	struct part p = {
	    .scheme = PART_MSDOS, .number = 1, .start = 4096, .size = 4096};
	struct bdev disk, sub;

	bdev_init_mem(&disk, mem, sizeof(mem), 512, "ro");
	CHECK(part_bdev(&disk, &p, &sub) == 0);
	CHECK_EQ(bdev_write(&sub, 0, mem, 1), -EROFS);
	bdev_init_mem_rw(&disk, mem, sizeof(mem), 512, "rw");
	CHECK(part_bdev(&disk, &p, &sub) == 0);
	CHECK_EQ(bdev_write(&sub, 4095, "ab", 1), 0);
	CHECK(mem[8191] == 'a');
	CHECK_EQ(bdev_write(&sub, 4095, "ab", 2), -EIO);
}

#define MKXFS "TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -q -f"

static void xfs_case(const char *name, const char *opts)
{
	char env[ENV_SIZE + 1], img[64];
	unsigned char *before, *after;
	void *got;
	size_t n = 0, m = 0, first = 0, last = 0, glen = 0;
	uint64_t dev_off;
	struct bdev bd;
	struct fs *fs;

	CHECK(tree_ok);
	snprintf(img, sizeof(img), "%s.img", name);
	CHECK(sh("rm -f %s && truncate -s 128m %s && " MKXFS " %s -p proto %s "
		 ">%s.log 2>&1",
		 img, img, opts, img, name) == 0);
	before = load(img, &n);
	CHECK(before);
	CHECK(bdev_file(&bd, img) == 0);
	CHECK(fs_open(&bd, &fs) == 0);
	CHECK_STR(fs_type_name(fs), "xfs");
	map_env(fs, &dev_off);
	refusals(fs, false);
	env_block(env, "saved_entry=1\nnext_entry=\n");
	CHECK_EQ(fs_write_in_place(fs, ENV, env, ENV_SIZE), 0);
	fs_close(fs);
	close((int)(intptr_t)bd.priv);
	after = load(img, &m);
	CHECK(after && m == n);
	CHECK(diff(before, after, n, &first, &last) > 0);
	CHECK(first >= dev_off && last < dev_off + ENV_SIZE);
	free(before);
	free(after);
	CHECK(sh("xfs_repair -n %s >>%s.log 2>&1", img, name) == 0);
	/* A fresh open reads the new block. */
	CHECK(bdev_file(&bd, img) == 0);
	CHECK(fs_open(&bd, &fs) == 0);
	CHECK(fs_read_all(fs, ENV, 4096, &got, &glen) == 0);
	CHECK(glen == ENV_SIZE && memcmp(got, env, ENV_SIZE) == 0);
	free(got);
	fs_close(fs);
	close((int)(intptr_t)bd.priv);
}

/* xfs_db marks /boot/other's extent unwritten, then grubenv reflinked
 * (v5), then realtime instead: each refused. */
static void xfs_flags(const char *name, bool v5)
{
	const char *u = v5 ? "u3" : "u";
	char img[64];
	struct bdev bd;
	struct fs *fs;

	snprintf(img, sizeof(img), "%s.img", name);
	CHECK(sh("xfs_db -x -c 'path /boot/other' -c 'write "
		 "%s.bmx[0].extentflag 1' %s >>%s.log 2>&1",
		 u, img, name) == 0);
	if (v5)
		CHECK(sh("xfs_db -x -c 'path " ENV "' -c 'write v3.reflink 1' "
			 "%s >>%s.log 2>&1",
			 img, name) == 0);
	CHECK(bdev_file(&bd, img) == 0);
	CHECK(fs_open(&bd, &fs) == 0);
	map_refused(fs, "/boot/other", "unwritten");
	if (v5)
		map_refused(fs, ENV, "reflinked");
	fs_close(fs);
	if (v5)
		CHECK(sh("xfs_db -x -c 'path " ENV "' -c 'write v3.reflink 0' "
			 "%s >>%s.log 2>&1",
			 img, name) == 0);
	CHECK(sh("xfs_db -x -c 'path " ENV "' -c 'write core.realtime 1' "
		 "%s >>%s.log 2>&1",
		 img, name) == 0);
	CHECK(fs_open(&bd, &fs) == 0);
	map_refused(fs, ENV, "realtime");
	fs_close(fs);
	close((int)(intptr_t)bd.priv);
}

TEST(xfs_v5)
{
	xfs_case("xfs5", "");
	xfs_flags("xfs5", true);
}

TEST(xfs_v4_1k)
{
	xfs_case("xfs4", "-m crc=0 -b size=1024");
	xfs_flags("xfs4", false);
}

int main(void)
{
	if (work_enter("fs_write") != 0)
		return 1;
	fs_log = log_keep;
	RUN(tree);
	RUN(ext4_extents);
	RUN(ext2_blockmap);
	RUN(ext3_4k);
	RUN(ext4_uninit);
	RUN(ext4_inline_data);
	RUN(read_only);
	RUN(bdev_bounds);
	RUN(partition);
	RUN(partition_ro);
	RUN(xfs_v5);
	RUN(xfs_v4_1k);
	work_leave(check_failures);
	return check_failures ? 1 : 0;
}
