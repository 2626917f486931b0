// SOURCES: fs/fs.c fs/ext.c fs/ext_map.c fs/ext_dir.c disk/bdev.c
// CFLAGS: -I.
/*
 * test_ext.c - the ext2/3/4 reader and fs.c's path layer on images that
 * Debian's mke2fs builds at test time (-d from a tree made here): 1K-block
 * ext2 with double and triple indirect blocks, ext3, ext4 with extent
 * trees of depth 1, 64bit/metadata_csum and without, no extents, meta_bg,
 * inline data; an htree directory (e2fsck -fyD) of 3000 entries; fast,
 * slow, absolute, relative and looping symlinks; then a dirty journal
 * and corrupt images (bad magic, truncated, extents and block maps past
 * the end, a bad directory record, an unsupported feature).  File
 * contents are compared with the source files.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "imgutil.h"
#include "fs/fs.h"

/* The images, inside this test's own work directory. */
#define W "w"

static int tree_ok;

/* The source tree every image is made from. */
static int make_tree(void)
{
	return sh(
	    "set -e; rm -rf " W "; mkdir -p " W "/src " W "/il; cd " W
	    "/src; mkdir -p sub many deep/a/b; : > empty; printf x > one;"
	    "echo hello > sub/one; echo target > deep/a/b/target;"
	    "head -c 5242880 /dev/urandom > big;"
	    "truncate -s 20M sparse; for i in $(seq 0 39); do "
	    "head -c 4096 /dev/urandom | dd of=sparse bs=4096 "
	    "seek=$((i * 16 + 1)) conv=notrunc status=none; done;"
	    "truncate -s 66M far; printf near | dd of=far bs=1 "
	    "seek=1048576 conv=notrunc status=none;"
	    "head -c 5000 /dev/urandom | dd of=far bs=1024 seek=66000 "
	    "conv=notrunc status=none;"
	    "for i in $(seq 0 2999); do echo $i > many/f$i; done;"
	    "ln -s big fast; ln -s deep/a/b/./././././././././././././"
	    "././././././././././././target slow;"
	    "ln -s /sub/one abs; ln -s ../one sub/rel; ln -s loop2 loop1;"
	    "ln -s loop1 loop2; ln -s sub sublink; ln -s nowhere dangling;"
	    "for i in $(seq 0 7); do ln -s l$((i + 1)) l$i; done;"
	    "ln -s one l8;"
	    "cd ../il; mkdir d; printf small > s; head -c 100 "
	    "/dev/urandom > m; echo a > d/x; head -c 9000 /dev/urandom"
	    " > d/big");
}

/* mke2fs (and the htree pass) into W/NAME.img. */
static int mkimg(const char *name, const char *opts, const char *size,
		 const char *tree)
{
	return sh("mke2fs -q -F -N 4096 -L lab%s -U "
		  "01234567-89ab-cdef-0123-456789abcdef %s -d " W "/%s " W
		  "/%s.img %s >" W "/%s.log 2>&1 && { e2fsck -fyD " W
		  "/%s.img >>" W "/%s.log 2>&1; test $? -le 1; }",
		  name, opts, tree, name, size, name, name, name);
}

struct img {
	struct bdev bd;
	unsigned char *data;
	struct fs *fs;
};

static int img_open(struct img *m, const char *name)
{
	char path[256];
	size_t size = 0;

	snprintf(path, sizeof(path), W "/%s.img", name);
	m->fs = NULL;
	m->data = load(path, &size);
	if (!m->data)
		return -ENOENT;
	bdev_init_mem(&m->bd, m->data, size, 512, name);
	return fs_open(&m->bd, &m->fs);
}

static void img_close(struct img *m)
{
	fs_close(m->fs);
	free(m->data);
}

/* Compares fs's path with host file W/tree/hpath in odd-sized chunks
 * (so reads start and end inside blocks); 0 if equal. */
static int same_file(struct fs *fs, const char *path, const char *tree,
		     const char *hpath)
{
	enum { CHUNK = 1000003 };
	static unsigned char a[CHUNK], b[CHUNK];
	char host[256];
	struct fs_file *f;
	FILE *h;
	uint64_t off = 0;
	long n;
	size_t m;
	int rc = fs_file_open(fs, path, &f);

	snprintf(host, sizeof(host), W "/%s/%s", tree, hpath);
	if (rc)
		return rc;
	h = fopen(host, "rb");
	if (!h) {
		fs_file_close(f);
		return -ENOENT;
	}
	for (;;) {
		n = fs_file_read(f, off, a, CHUNK);
		m = fread(b, 1, CHUNK, h);
		if (n < 0 || (size_t)n != m || memcmp(a, b, m) != 0) {
			rc = n < 0 ? (int)n : -EBADMSG;
			break;
		}
		if (n == 0)
			break;
		off += (uint64_t)n;
	}
	if (!rc && off != fs_file_size(f))
		rc = -EBADMSG;
	fclose(h);
	fs_file_close(f);
	return rc;
}

static int count_cb(void *arg, const char *name, enum fs_type type)
{
	unsigned int *n = arg;

	if (name[0] == 'f' && type == FS_REG)
		(*n)++;
	return 0;
}

static int find_cb(void *arg, const char *name, enum fs_type type)
{
	return strcmp(name, arg) == 0 ? (int)type : 0;
}

/* Everything the tree holds, checked through the API. */
static void check_tree(struct fs *fs)
{
	struct fs_stat st;
	unsigned int n = 0;
	void *data;
	size_t len;

	CHECK_EQ(same_file(fs, "/empty", "src", "empty"), 0);
	CHECK_EQ(same_file(fs, "/one", "src", "one"), 0);
	CHECK_EQ(same_file(fs, "/big", "src", "big"), 0);
	CHECK_EQ(same_file(fs, "/sparse", "src", "sparse"), 0);
	CHECK_EQ(same_file(fs, "/far", "src", "far"), 0);
	CHECK_EQ(same_file(fs, "/many/f2999", "src", "many/f2999"), 0);
	CHECK_EQ(same_file(fs, "/fast", "src", "big"), 0);
	CHECK_EQ(same_file(fs, "/slow", "src", "deep/a/b/target"), 0);
	CHECK_EQ(same_file(fs, "/abs", "src", "sub/one"), 0);
	CHECK_EQ(same_file(fs, "/sub/rel", "src", "one"), 0);
	CHECK_EQ(same_file(fs, "/sublink/one", "src", "sub/one"), 0);
	CHECK_EQ(same_file(fs, "//sub///./one", "src", "sub/one"), 0);
	CHECK_EQ(same_file(fs, "/sub/../sub/./one", "src", "sub/one"), 0);
	CHECK_EQ(same_file(fs, "/sublink/../one", "src", "one"), 0);
	CHECK_EQ(same_file(fs, "/l1", "src", "one"), 0);
	CHECK_EQ(fs_stat(fs, "/l0", &st), -ELOOP);
	CHECK_EQ(fs_stat(fs, "/loop1", &st), -ELOOP);
	CHECK_EQ(fs_stat(fs, "/dangling", &st), -ENOENT);
	CHECK_EQ(fs_stat(fs, "/nothing", &st), -ENOENT);
	CHECK_EQ(fs_stat(fs, "/one/x", &st), -ENOTDIR);
	CHECK_EQ(fs_stat(fs, "/sublink", &st), 0);
	CHECK_EQ(st.type, FS_DIR);
	CHECK_EQ(fs_stat(fs, "/far", &st), 0);
	CHECK_EQ(st.type, FS_REG);
	CHECK_EQ(st.size, 66 << 20);
	CHECK_EQ(fs_read_all(fs, "/sub/one", 100, &data, &len), 0);
	CHECK_EQ(len, 6);
	CHECK_STR((char *)data, "hello\n");
	free(data);
	CHECK_EQ(fs_read_all(fs, "/big", 100, &data, &len), -EFBIG);
	CHECK_EQ(fs_read_all(fs, "/sub", 100, &data, &len), -EISDIR);
	CHECK_EQ(fs_readdir(fs, "/many", count_cb, &n), 0);
	CHECK_EQ(n, 3000);
	CHECK_EQ(fs_readdir(fs, "/", find_cb, "sublink"), 0);
	CHECK_EQ(fs_readdir(fs, "/one", find_cb, "x"), -ENOTDIR);
	CHECK_STR(fs_uuid(fs), "01234567-89ab-cdef-0123-456789abcdef");
}

static int stop_on_lnk(void *arg, const char *name, enum fs_type type)
{
	(void)arg;
	return strcmp(name, "sublink") == 0 && type == FS_LNK;
}

static void one_image(const char *name, const char *opts, const char *size,
		      const char *type)
{
	struct img m;
	char label[32];
	unsigned int stopped = 0;

	CHECK(tree_ok);
	CHECK_EQ(mkimg(name, opts, size, "src"), 0);
	log_clear();
	CHECK_EQ(img_open(&m, name), 0);
	CHECK_STR(fs_type_name(m.fs), type);
	snprintf(label, sizeof(label), "lab%s", name);
	CHECK_STR(fs_label(m.fs), label);
	check_tree(m.fs);
	/* A callback's non-zero return stops the walk. */
	CHECK_EQ(fs_readdir(m.fs, "/", stop_on_lnk, &stopped), 0);
	img_close(&m);
	CHECK_STR(log_text, "");
}

TEST(tree)
{
	tree_ok = make_tree() == 0;
	CHECK(tree_ok);
}

/* 1K blocks: "far" reaches triple indirect blocks; no filetype in the
 * dirents, so readdir's types come from the inodes. */
TEST(ext2_1k)
{
	one_image("e2", "-t ext2 -b 1024 -O ^filetype", "100M", "ext2");
}

TEST(ext3)
{
	one_image("e3", "-t ext3", "64M", "ext3");
}

TEST(ext4_64bit_csum)
{
	one_image("e4", "-t ext4 -O 64bit,metadata_csum", "64M", "ext4");
	CHECK_EQ(sh("debugfs -R 'htree /many' " W "/e4.img 2>&1 | "
		    "grep -q 'Root node dump'"),
		 0);
}

TEST(ext4_32bit)
{
	one_image("e4s", "-t ext4 -b 4096 -O ^64bit,^metadata_csum", "64M",
		  "ext4");
}

TEST(ext4_no_extents)
{
	one_image("e4n", "-t ext4 -b 1024 -O ^extents,^64bit", "100M", "ext4");
}

/* 1K groups of 1024 blocks: many metagroups, descriptors spread out. */
TEST(ext4_meta_bg)
{
	one_image("e4m", "-t ext4 -b 1024 -g 1024 -O meta_bg,^resize_inode",
		  "100M", "ext4");
}

/* 64 KiB blocks (rec_len's 17th bit), on the small tree. */
TEST(ext4_64k_blocks)
{
	struct img m;

	CHECK(tree_ok);
	CHECK_EQ(mkimg("e4k", "-t ext4 -b 65536", "32M", "il"), 0);
	CHECK_EQ(img_open(&m, "e4k"), 0);
	CHECK_EQ(same_file(m.fs, "/s", "il", "s"), 0);
	CHECK_EQ(same_file(m.fs, "/m", "il", "m"), 0);
	CHECK_EQ(same_file(m.fs, "/d/x", "il", "d/x"), 0);
	CHECK_EQ(same_file(m.fs, "/d/big", "il", "d/big"), 0);
	img_close(&m);
}

TEST(inline_data)
{
	struct img m;
	struct fs_stat st;
	unsigned int n = 0;

	CHECK(tree_ok);
	CHECK_EQ(mkimg("il", "-t ext4 -I 256 -O inline_data", "8M", "il"), 0);
	CHECK_EQ(sh("debugfs -R 'stat /m' " W "/il.img 2>&1 | grep -q "
		    "'Size of inline data: 100'"),
		 0);
	CHECK_EQ(img_open(&m, "il"), 0);
	CHECK_EQ(same_file(m.fs, "/s", "il", "s"), 0);
	CHECK_EQ(same_file(m.fs, "/m", "il", "m"), 0);
	CHECK_EQ(same_file(m.fs, "/d/x", "il", "d/x"), 0);
	CHECK_EQ(same_file(m.fs, "/d/big", "il", "d/big"), 0);
	CHECK_EQ(same_file(m.fs, "/d/../d/./x", "il", "d/x"), 0);
	CHECK_EQ(fs_stat(m.fs, "/d", &st), 0);
	CHECK_EQ(st.type, FS_DIR);
	CHECK_EQ(fs_readdir(m.fs, "/d", count_cb, &n), 0);
	img_close(&m);
}

static int count_all(void *arg, const char *name, enum fs_type type)
{
	unsigned int *n = arg;

	(void)name;
	(void)type;
	(*n)++;
	return 0;
}

/* An inline directory that goes on in its system.data xattr: mke2fs
 * turns a full one into a block directory, so debugfs writes the xattr
 * (one entry "z" for /s's inode). */
TEST(inline_dir_xattr)
{
	struct img m;
	unsigned int n = 0;

	CHECK(tree_ok);
	CHECK_EQ(sh("I=" W "/il2.img; cp " W "/il.img $I && S=$(debugfs -R "
		    "'stat /s' $I 2>/dev/null | sed -n 's/^Inode: "
		    "\\([0-9]*\\).*/\\1/p') && printf \"$(printf "
		    "'\\\\%%03o\\\\%%03o' $((S %% 256)) $((S / 256)))"
		    "\\0\\0\\14\\0\\1\\1z\\0\\0\\0\" > " W
		    "/val && debugfs -w -R 'ea_set -f " W "/val /d system.data'"
		    " $I >/dev/null 2>&1 && debugfs -R 'ls /d' $I 2>/dev/null "
		    "| grep -q ' z '"),
		 0);
	CHECK_EQ(img_open(&m, "il2"), 0);
	CHECK_EQ(same_file(m.fs, "/d/z", "il", "s"), 0);
	CHECK_EQ(same_file(m.fs, "/d/x", "il", "d/x"), 0);
	CHECK_EQ(fs_readdir(m.fs, "/d", count_all, &n), 0);
	CHECK_EQ(n, 3);
	img_close(&m);
}

/* Uninitialized extents read as zeros whatever their blocks hold. */
TEST(uninit_extent)
{
	static unsigned char buf[86016];
	struct img m;
	struct fs_file *f;
	unsigned int i;

	CHECK(tree_ok);
	CHECK_EQ(sh("I=" W "/un.img; cp " W "/e4s.img $I && debugfs -w -R "
		    "'fallocate /one 1 20' $I >/dev/null 2>&1 && debugfs -w -R "
		    "'sif /one size 86016' $I >/dev/null 2>&1 && debugfs -R "
		    "'stat /one' $I 2>/dev/null | grep -q '1-20\\[u\\]' && "
		    "B=$(debugfs -R 'blocks /one' $I 2>/dev/null | cut -d' ' "
		    "-f3) && head -c 4096 /dev/urandom | dd of=$I bs=4096 "
		    "seek=$B conv=notrunc status=none"),
		 0);
	CHECK_EQ(img_open(&m, "un"), 0);
	CHECK_EQ(fs_file_open(m.fs, "/one", &f), 0);
	CHECK_EQ(fs_file_size(f), sizeof(buf));
	CHECK_EQ(fs_file_read(f, 0, buf, sizeof(buf)), (long)sizeof(buf));
	fs_file_close(f);
	CHECK_EQ(buf[0], 'x');
	for (i = 1; i < sizeof(buf); i++)
		CHECK_EQ(buf[i], 0);
	img_close(&m);
}

TEST(dirty_journal)
{
	struct img m;

	CHECK(tree_ok);
	CHECK_EQ(sh("cp " W "/e3.img " W "/dirty.img && debugfs -w -R "
		    "'feature needs_recovery' " W "/dirty.img >/dev/null 2>&1"),
		 0);
	log_clear();
	CHECK_EQ(img_open(&m, "dirty"), 0);
	CHECK(strstr(log_text, "journal needs recovery") != NULL);
	check_tree(m.fs);
	img_close(&m);
}

/* Copies e4s.img (32-bit, no csums: debugfs edits stay consistent) to
 * NAME.img and runs the shell edit cmd on it ($I: the image). */
static int corrupt(const char *name, const char *base, const char *cmd)
{
	return sh("cp " W "/%s.img " W "/%s.img && I=" W "/%s.img && %s", base,
		  name, name, cmd);
}

TEST(bad_magic)
{
	struct img m;

	CHECK_EQ(corrupt("c-magic", "e4s",
			 "printf '\\0\\0' | dd of=$I bs=1 seek=1080 "
			 "conv=notrunc status=none"),
		 0);
	CHECK_EQ(img_open(&m, "c-magic"), -ENODEV);
	img_close(&m);
}

TEST(truncated)
{
	struct img m;

	CHECK_EQ(corrupt("c-trunc", "e4s", "truncate -s 20M $I"), 0);
	log_clear();
	CHECK_EQ(img_open(&m, "c-trunc"), -EIO);
	CHECK(strstr(log_text, "do not fit the device") != NULL);
	img_close(&m);
}

TEST(unsupported_feature)
{
	struct img m;

	CHECK_EQ(corrupt("c-feat", "e4s",
			 "debugfs -w -R 'feature encrypt' $I >/dev/null 2>&1"),
		 0);
	log_clear();
	CHECK_EQ(img_open(&m, "c-feat"), -EOPNOTSUPP);
	CHECK(strstr(log_text, "unsupported feature encrypt") != NULL);
	img_close(&m);
}

/* i_block words: extent header (0-2), first extent: block, len|start_hi,
 * start_lo (3-5). */
TEST(extent_past_end)
{
	struct img m;
	char buf[64];
	struct fs_file *f;

	CHECK_EQ(corrupt("c-ext", "e4s",
			 "debugfs -w -R 'sif /big block[5] 0x7ffffff0' $I "
			 ">/dev/null 2>&1 && debugfs -w -R 'sif /one block[0] "
			 "0' $I >/dev/null 2>&1"),
		 0);
	CHECK_EQ(img_open(&m, "c-ext"), 0);
	log_clear();
	CHECK_EQ(fs_file_open(m.fs, "/big", &f), 0);
	CHECK_EQ(fs_file_read(f, 0, buf, sizeof(buf)), -EIO);
	fs_file_close(f);
	CHECK(strstr(log_text, "outside the filesystem") != NULL);
	CHECK_EQ(fs_file_open(m.fs, "/one", &f), 0);
	CHECK_EQ(fs_file_read(f, 0, buf, sizeof(buf)), -EIO);
	fs_file_close(f);
	CHECK(strstr(log_text, "extent header bad magic") != NULL);
	img_close(&m);
}

TEST(blockmap_past_end)
{
	struct img m;
	char buf[64];
	struct fs_file *f;

	CHECK_EQ(corrupt("c-map", "e4n",
			 "debugfs -w -R 'sif /big block[DIND] 0x7ffffff0' $I "
			 ">/dev/null 2>&1"),
		 0);
	CHECK_EQ(img_open(&m, "c-map"), 0);
	log_clear();
	CHECK_EQ(fs_file_open(m.fs, "/big", &f), 0);
	CHECK_EQ(fs_file_read(f, 0, buf, sizeof(buf)), (long)sizeof(buf));
	CHECK_EQ(fs_file_read(f, 4 << 20, buf, sizeof(buf)), -EIO);
	fs_file_close(f);
	CHECK(strstr(log_text, "outside the filesystem") != NULL);
	img_close(&m);
}

/* The first record of /sub's block gets rec_len 3. */
TEST(bad_dirent)
{
	struct img m;
	struct fs_stat st;

	CHECK_EQ(
	    corrupt("c-dir", "e4s",
		    "B=$(debugfs -R 'blocks /sub' $I 2>/dev/null) && "
		    "printf '\\3\\0' | dd of=$I bs=1 seek=$((B * 4096 + 4))"
		    " conv=notrunc status=none"),
	    0);
	CHECK_EQ(img_open(&m, "c-dir"), 0);
	log_clear();
	CHECK_EQ(fs_stat(m.fs, "/sub/one", &st), -EIO);
	CHECK(strstr(log_text, "directory entry") != NULL);
	CHECK_EQ(fs_stat(m.fs, "/one", &st), 0);
	img_close(&m);
}

TEST(not_ext)
{
	static unsigned char zero[1 << 16];
	struct bdev bd;
	struct fs *fs;

	bdev_init_mem(&bd, zero, sizeof(zero), 512, "zero");
	CHECK_EQ(fs_open(&bd, &fs), -ENODEV);
	bdev_init_mem(&bd, zero, 100, 512, "tiny");
	CHECK_EQ(fs_open(&bd, &fs), -ENODEV);
}

int main(void)
{
	if (work_enter("ext") != 0) {
		printf("FAIL test_ext.c: cannot make a work directory\n");
		return 1;
	}
	fs_log = log_keep;
	RUN(tree);
	RUN(ext2_1k);
	RUN(ext3);
	RUN(ext4_64bit_csum);
	RUN(ext4_32bit);
	RUN(ext4_no_extents);
	RUN(ext4_meta_bg);
	RUN(ext4_64k_blocks);
	RUN(inline_data);
	RUN(inline_dir_xattr);
	RUN(dirty_journal);
	RUN(uninit_extent);
	RUN(bad_magic);
	RUN(truncated);
	RUN(unsupported_feature);
	RUN(extent_past_end);
	RUN(blockmap_past_end);
	RUN(bad_dirent);
	RUN(not_ext);
	work_leave(check_failures);
	return CHECK_DONE();
}
