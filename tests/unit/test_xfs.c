// SOURCES: fs/fs.c fs/xfs.c fs/xfs_bmap.c fs/xfs_dir.c disk/bdev.c
// CFLAGS: -I.
/*
 * test_xfs.c - fs/xfs*.c on real images that mkfs.xfs (xfsprogs) builds
 * here from a protofile: v5 and v4; 512-byte, 1, 4 and 64 KiB blocks;
 * ftype=0, nrext64, 4 KiB sectors.  Each holds shortform, block and
 * 2000-entry (leaf/node, in a B+tree fork) directories, files of many
 * sizes, local and remote symlinks, and a file that xfs_db rewrites into
 * extents with holes and an unwritten extent.  Contents are compared
 * with the generated sources (tests/unit/xfs_img.h); test_xfs_bad.c
 * does the corrupt images.
 */
#include "check.h"
#include "xfs_img.h"

static void check_files(struct fs *fs, const struct variant *v)
{
	for (size_t i = 0; i < NFILES; i++) {
		char path[64];
		uint8_t *want = pattern(files[i].seed, files[i].len);
		bool frag = strcmp(files[i].name, "frag") == 0;
		snprintf(path, sizeof(path), "/%s", files[i].name);
		int rc = compare(fs, v, path, frag ? NULL : want, files[i].len);
		free(want);
		if (rc)
			fprintf(stderr, "%s: %s differs\n", v->name, path);
		CHECK(rc == 0);
	}
	static uint8_t small[6], mid[100000], one[2];
	for (size_t i = 0; i < sizeof(mid); i++)
		mid[i] = pat(2, i), small[i % 6] = pat(1, i % 6),
		one[i % 2] = pat(7, i % 2);
	CHECK(compare(fs, v, "/lnk", small, 6) == 0);
	CHECK(compare(fs, v, "/sub/a", small, 6) == 0);
	CHECK(compare(fs, v, "/longlnk", small, 6) == 0);
	CHECK(compare(fs, v, "/sub/up", mid, 100000) == 0);
	CHECK(compare(fs, v, "/sub/../many/entry-1999-abcdefgh", one, 2) == 0);
}

static void check_dirs(struct fs *fs)
{
	static struct names n;
	struct fs_stat st;
	uint64_t ino;
	char target[1100];

	memset(&n, 0, sizeof(n));
	CHECK_EQ(fs_readdir(fs, "/", count_fn, &n), 0);
	CHECK_EQ(n.count, (int)NFILES + 5);
	CHECK_EQ(n.dir, 3);
	CHECK_EQ(n.lnk, 2);
	memset(&n, 0, sizeof(n));
	CHECK_EQ(fs_readdir(fs, "/blk", count_fn, &n), 0);
	CHECK_EQ(n.count, NBLK);
	memset(&n, 0, sizeof(n));
	CHECK_EQ(fs_readdir(fs, "/many", count_fn, &n), 0);
	CHECK_EQ(n.count, NMANY);
	CHECK_EQ(n.reg, NMANY);
	CHECK_EQ(fs_stat(fs, "/many/entry-0777-abcdefgh", &st), 0);
	CHECK(st.type == FS_REG && st.size == 2);
	CHECK_EQ(fs_stat(fs, "/blk/blk-entry-39", &st), 0);
	CHECK_EQ(fs_stat(fs, "/many/entry-2000-abcdefgh", &st), -ENOENT);
	CHECK_EQ(fs_stat(fs, "/blk/blk-entry-4", &st), -ENOENT);
	CHECK_EQ(fs_stat(fs, "/sub/nope", &st), -ENOENT);
	CHECK_EQ(fs_stat(fs, "/small/x", &st), -ENOTDIR);
	CHECK_EQ(fs_stat(fs, "/sub", &st), 0);
	CHECK(st.type == FS_DIR);
	CHECK_EQ(fs->ops->lookup(fs, fs->ops->root(fs), "longlnk", 7, &ino), 0);
	CHECK_EQ(fs->ops->readlink(fs, ino, target, sizeof(target)),
		 (int)strlen(longtarget));
	CHECK_STR(target, longtarget);
	CHECK_EQ(fs->ops->readlink(fs, ino, target, 100), -ENAMETOOLONG);
}

static void check_variant(const struct variant *v)
{
	char img[128], label[16];
	struct bdev bd;
	struct fs *fs;

	img_path(img, sizeof(img), v);
	CHECK_EQ(make_image(v), 0);
	CHECK_EQ(bdev_file(&bd, img), 0);
	logbuf[0] = 0;
	int rc = fs_open(&bd, &fs);
	if (rc)
		fprintf(stderr, "%s: %d %s\n", v->name, rc, logbuf);
	CHECK_EQ(rc, 0);
	CHECK_STR(fs_type_name(fs), "xfs");
	CHECK_STR(fs_uuid(fs), UUID);
	snprintf(label, sizeof(label), "boot-%.7s", v->name);
	CHECK_STR(fs_label(fs), label);
	check_files(fs, v);
	check_dirs(fs);
	CHECK_STR(fork_format(img, "/sub"), "local");
	CHECK_STR(fork_format(img, "/blk"), "extents");
	if (v->bs == 1024 && v->v5)
		CHECK_STR(fork_format(img, "/many"), "btree");
	/* The only message: mkfs.xfs -p writes v5 remote symlinks without
	 * their header. */
	CHECK(only_xslm_messages(v->v5));
	fs_close(fs);
	close((int)(intptr_t)bd.priv);
}

TEST(sources)
{
	CHECK_EQ(make_sources(), 0);
}

#define VARIANT_TEST(id, i)                                                    \
	TEST(id)                                                               \
	{                                                                      \
		check_variant(&variants[i]);                                   \
	}
VARIANT_TEST(v5_4k, 0)
VARIANT_TEST(v5_1k_btree_dir, 1)
VARIANT_TEST(v4_4k, 2)
VARIANT_TEST(v4_1k_noftype, 3)
VARIANT_TEST(v5_nrext64, 4)
VARIANT_TEST(v5_sector4k, 5)
VARIANT_TEST(v4_512, 6)
VARIANT_TEST(v5_64k, 7)

int main(void)
{
	fs_log = keep_log;
	RUN(sources);
	RUN(v5_4k);
	RUN(v5_1k_btree_dir);
	RUN(v4_4k);
	RUN(v4_1k_noftype);
	RUN(v5_nrext64);
	RUN(v5_sector4k);
	RUN(v4_512);
	RUN(v5_64k);
	sh("rm -f " DIR "/*.img"); /* up to 200 MB each */
	return CHECK_DONE();
}
