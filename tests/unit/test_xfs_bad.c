// SOURCES: fs/fs.c fs/xfs.c fs/xfs_bmap.c fs/xfs_dir.c disk/bdev.c
// CFLAGS: -I.
/*
 * test_xfs_bad.c - fs/xfs*.c on broken or unusual mkfs.xfs images: bad
 * magic, superblock CRC, an unknown incompatible feature, bad geometry,
 * a truncated device, an inode number past the last AG, bad inode magic
 * and CRC, a bad B+tree block: each must fail with a message naming it.
 * Also sb_meta_uuid (xfs_admin -U) and v5 "XSLM" symlink blocks, and
 * leaves small image prefixes under build/fuzz/corpus/xfs/ as seeds for
 * tests/fuzz/fuzz_xfs.c.
 */
#include "check.h"
#include "fs/xfs_priv.h"
#include "xfs_img.h"

/* The images the tests below start from. */
TEST(images)
{
	CHECK_EQ(make_sources(), 0);
	CHECK_EQ(make_image(&variants[0]), 0); /* v5-4k */
	CHECK_EQ(make_image(&variants[1]), 0); /* v5-1k */
	CHECK_EQ(make_image(&variants[2]), 0); /* v4-4k */
}

/* An image in memory, for corruption. */
static uint8_t *image;
static size_t image_size;

static int open_mem(size_t size, struct fs **fs)
{
	static struct bdev bd;

	bdev_init_mem(&bd, image, size, 512, "mem");
	logbuf[0] = 0;
	return fs_open(&bd, fs);
}

static int load_image(const char *img)
{
	struct bdev bd;

	free(image);
	image = NULL;
	if (bdev_file(&bd, img) < 0)
		return -1;
	image_size = bd.size;
	image = malloc(image_size);
	int rc = image ? bd.read(&bd, 0, image, image_size) : -1;
	close((int)(intptr_t)bd.priv);
	return rc;
}

/* Re-signs the superblock after an edit, as a writer would. */
static void sb_resign(void)
{
	memset(image + 224, 0, 4);
	uint32_t crc = ~fs_crc32c(~0u, image, 512);
	for (int i = 0; i < 4; i++)
		image[224 + i] = (uint8_t)(crc >> (8 * i));
}

TEST(bad_superblocks)
{
	struct fs *fs;

	CHECK_EQ(load_image(DIR "/v5-4k.img"), 0);
	CHECK_EQ(open_mem(image_size, &fs), 0);
	fs_close(fs);
	image[0] ^= 1;
	CHECK_EQ(open_mem(image_size, &fs), -ENODEV);
	image[0] ^= 1;
	image[108] ^= 1; /* the label, without a new CRC */
	CHECK_EQ(open_mem(image_size, &fs), -EIO);
	CHECK(strstr(logbuf, "superblock: bad CRC"));
	image[108] ^= 1;
	image[219] |= 0x80; /* an incompatible feature from the future */
	sb_resign();
	CHECK_EQ(open_mem(image_size, &fs), -EIO);
	CHECK(strstr(logbuf, "unknown incompatible features 0x80"));
	image[219] &= ~0x80;
	image[124]++; /* agblklog */
	sb_resign();
	CHECK_EQ(open_mem(image_size, &fs), -EIO);
	CHECK(strstr(logbuf, "bad AG geometry"));
	image[124]--;
	sb_resign();
	CHECK_EQ(open_mem(image_size / 2, &fs), -EIO);
	CHECK(strstr(logbuf, "larger than device"));
	CHECK_EQ(open_mem(image_size, &fs), 0);
	fs_close(fs);
}

/* xfs_admin -U on a v5 filesystem changes sb_uuid (what blkid shows)
 * and keeps the old one as sb_meta_uuid, which the metadata carries. */
TEST(meta_uuid)
{
	struct fs *fs;
	struct bdev bd;
	uint8_t *small = pattern(1, 6);

	CHECK_EQ(sh("cp " DIR "/v5-1k.img " DIR "/bad.img && xfs_admin -U "
		    "11111111-2222-3333-4444-555555555555 " DIR
		    "/bad.img >/dev/null"),
		 0);
	CHECK_EQ(bdev_file(&bd, DIR "/bad.img"), 0);
	logbuf[0] = 0;
	int rc = fs_open(&bd, &fs);
	if (rc == 0) {
		rc = strcmp(fs_uuid(fs),
			    "11111111-2222-3333-4444-555555555555") ||
		     compare(fs, &variants[1], "/sub/a", small, 6) ||
		     compare(fs, &variants[1], "/frag", NULL, 64 << 16);
		fs_close(fs);
	}
	close((int)(intptr_t)bd.priv);
	free(small);
	CHECK_EQ(rc, 0);
	CHECK(only_xslm_messages(true));
}

/* xfs_db edits of a copy of the v5-4k image (it re-signs what it
 * writes), then what our reader says about them. */
static int db_edit(const char *src, const char *cmds)
{
	return sh("cp %s " DIR "/bad.img && xfs_db -x %s " DIR
		  "/bad.img >/dev/null",
		  src, cmds);
}

TEST(bad_inodes)
{
	struct fs_stat st;
	struct fs *fs;
	char name[64], cmd[512];

	/* The root's first entry (shortform) names an inode far past the
	 * last AG. */
	snprintf(cmd, sizeof(cmd),
		 "xfs_db -r -c 'inode 128' -c 'p u3.sfdir3.list[0].name' "
		 "%s/v5-4k.img | sed 's/.*\"\\(.*\\)\"/\\1/'",
		 DIR);
	sh_out(name, sizeof(name), cmd);
	name[strcspn(name, "\n")] = 0;
	CHECK(name[0]);
	CHECK_EQ(db_edit(DIR "/v5-4k.img",
			 "-c 'inode 128' "
			 "-c 'write u3.sfdir3.list[0].inumber.i4 2147483647'"),
		 0);
	CHECK_EQ(load_image(DIR "/bad.img"), 0);
	CHECK_EQ(open_mem(image_size, &fs), 0);
	snprintf(cmd, sizeof(cmd), "/%s", name);
	CHECK_EQ(fs_stat(fs, cmd, &st), -EIO);
	CHECK(strstr(logbuf, "inode number 2147483647 outside"));
	CHECK_EQ(fs_stat(fs, "/sub", &st) == 0 || strcmp(name, "sub") == 0, 1);
	fs_close(fs);
}

/* The byte offset of inode ino in image, from its superblock. */
static uint64_t ino_offset(uint64_t ino)
{
	uint32_t agblocks = xfs_be32(image + 84);
	unsigned int blocklog = image[120], inodelog = image[122];
	unsigned int inopblog = image[123], agblklog = image[124];
	uint64_t agno = ino >> (agblklog + inopblog);
	uint64_t agbno = (ino >> inopblog) & ((1ULL << agblklog) - 1);

	return ((agno * agblocks + agbno) << blocklog) +
	       ((ino & ((1ULL << inopblog) - 1)) << inodelog);
}

/* A flipped bit in an inode or a B+tree block breaks its CRC. */
TEST(bad_crcs)
{
	struct fs_stat st;
	struct fs *fs;
	uint64_t ino;
	char out[128], cmd[512];
	unsigned long long ptr, off;

	CHECK_EQ(load_image(DIR "/v5-4k.img"), 0);
	CHECK_EQ(open_mem(image_size, &fs), 0);
	CHECK_EQ(fs->ops->lookup(fs, 128, "big", 3, &ino), 0);
	image[ino_offset(ino) + 60] ^= 1; /* di_size */
	CHECK_EQ(fs_stat(fs, "/mid", &st), 0);
	CHECK_EQ(fs_stat(fs, "/big", &st), -EIO);
	CHECK(strstr(logbuf, "bad CRC"));
	fs_close(fs);
	/* v4 inodes have no CRC, but their magic. */
	CHECK_EQ(load_image(DIR "/v4-4k.img"), 0);
	CHECK_EQ(open_mem(image_size, &fs), 0);
	CHECK_EQ(fs->ops->lookup(fs, 128, "mid", 3, &ino), 0);
	image[ino_offset(ino)] = 0;
	CHECK_EQ(fs_stat(fs, "/mid", &st), -EIO);
	CHECK(strstr(logbuf, "bad magic"));
	CHECK_EQ(fs_stat(fs, "/big", &st), 0);
	fs_close(fs);

	snprintf(cmd, sizeof(cmd),
		 "xfs_db -r -c 'path /many' -c 'p u3.bmbt.ptrs[1]' "
		 "%s/v5-1k.img",
		 DIR);
	sh_out(out, sizeof(out), cmd);
	CHECK(sscanf(out, "%*s = %llu", &ptr) == 1);
	snprintf(cmd, sizeof(cmd),
		 "xfs_db -r -c 'convert fsb %llu byte' %s/v5-1k.img", ptr, DIR);
	sh_out(out, sizeof(out), cmd);
	CHECK(sscanf(out, "%llx", &off) == 1);
	CHECK_EQ(load_image(DIR "/v5-1k.img"), 0);
	image[off + 100] ^= 1;
	CHECK_EQ(open_mem(image_size, &fs), 0);
	CHECK_EQ(fs_stat(fs, "/many/entry-0000-abcdefgh", &st), -EIO);
	CHECK(strstr(logbuf, "bad extent tree block"));
	fs_close(fs);
}

/* A v5 remote symlink as the kernel writes it ("XSLM" header, CRC):
 * mkfs.xfs -p leaves the header out, so the test adds one to /longlnk's
 * block, and xfs_db must agree that its CRC is right. */
static int put_xslm(struct fs *fs, uint64_t ino, uint64_t *boff)
{
	struct xfs *x = (struct xfs *)fs;
	struct xfs_inode ip;
	struct xfs_map m;
	uint8_t *b;

	if (xfs_iget(x, ino, x->ibuf, &ip) || xfs_bmap(x, &ip, 0, &m) ||
	    m.hole || ip.size > x->blocksize - 56)
		return -1;
	*boff = m.blk << x->blocklog;
	b = image + *boff;
	memmove(b + 56, b, ip.size);
	memset(b, 0, 56);
	memcpy(b, "XSLM", 4);
	b[11] = (uint8_t)ip.size, b[10] = (uint8_t)(ip.size >> 8);
	memcpy(b + 16, image + 32, 16); /* sb_uuid (no meta_uuid here) */
	for (int i = 0; i < 8; i++) {
		b[39 - i] = (uint8_t)(ino >> (8 * i));
		b[47 - i] = (uint8_t)((*boff >> 9) >> (8 * i));
	}
	uint32_t crc = ~fs_crc32c(~0u, b, x->blocksize);
	for (int i = 0; i < 4; i++)
		b[12 + i] = (uint8_t)(crc >> (8 * i));
	return 0;
}

/* DIR/bad.img: a sparse copy of src with len bytes at off from image. */
static int patch_copy(const char *src, uint64_t off, size_t len)
{
	int fd, rc = sh("cp %s " DIR "/bad.img", src);

	if (rc || (fd = open(DIR "/bad.img", O_WRONLY)) < 0)
		return -1;
	rc = pwrite(fd, image + off, len, (off_t)off) == (ssize_t)len;
	return close(fd) == 0 && rc ? 0 : -1;
}

TEST(v5_symlink_header)
{
	struct fs *fs;
	uint64_t ino, boff;
	char target[1100], out[128];

	CHECK_EQ(load_image(DIR "/v5-4k.img"), 0);
	CHECK_EQ(open_mem(image_size, &fs), 0);
	CHECK_EQ(fs->ops->lookup(fs, 128, "longlnk", 7, &ino), 0);
	CHECK_EQ(put_xslm(fs, ino, &boff), 0);
	fs_close(fs);
	CHECK_EQ(patch_copy(DIR "/v5-4k.img", boff, 4096), 0);
	sh_out(out, sizeof(out),
	       "xfs_db -r -c 'path /longlnk' -c 'dblock 0' -c 'type symlink' "
	       "-c 'p crc' " DIR "/bad.img 2>&1");
	CHECK(strstr(out, "(correct)"));
	CHECK_EQ(open_mem(image_size, &fs), 0);
	CHECK_EQ(fs->ops->readlink(fs, ino, target, sizeof(target)),
		 (int)strlen(longtarget));
	CHECK_STR(target, longtarget);
	CHECK_STR(logbuf, "");
	image[boff + 70] ^= 1;
	CHECK_EQ(fs->ops->readlink(fs, ino, target, sizeof(target)), -EIO);
	CHECK(strstr(logbuf, "bad block 0"));
	fs_close(fs);
}

/* Seeds for tests/fuzz/fuzz_xfs.c: the first 100 KiB of small images
 * (the fuzz target reads zeros past the end of its input).  Two AGs with
 * the log in the second keep AG 0's front dense: headers, the inodes, a
 * block-format root, files and symlinks.  Subdirectories would go to the
 * other AG, so there are none. */
static int make_seeds(void)
{
	FILE *p = fopen(DIR "/seed.proto", "w");
	const char *ll = "/././././././././././././././././././././f";

	if (!p)
		return -1;
	fprintf(p, "x\n0 0\nd--755 0 0\nf ---644 0 0 %s/small\n", SRC);
	fprintf(p, "g ---644 0 0 %s/exact\nl l--777 0 0 f\n", SRC);
	fprintf(p, "ll l--777 0 0 %s%s%s%s%s\n", ll, ll, ll, ll, ll);
	for (int i = 0; i < 36; i++)
		fprintf(p, "entry-%d ---644 0 0 %s/one\n", i, SRC);
	fprintf(p, "$\n$\n");
	if (fclose(p))
		return -1;
	return sh(
	    "mkdir -p build/fuzz/corpus/xfs && truncate -s 32m " DIR
	    "/seed.img && " MKFS " -b size=1024 -d agcount=2,size=32m "
	    "-l agnum=1 -p " DIR "/seed.proto " DIR "/seed.img && "
	    "head -c 102400 " DIR "/seed.img >build/fuzz/corpus/xfs/v5-1k"
	    " && " MKFS " -m crc=0 -b size=1024 -d agcount=2,size=32m "
	    "-l agnum=1 -p " DIR "/seed.proto " DIR "/seed.img 2>/dev/null"
	    " && head -c 102400 " DIR "/seed.img >build/fuzz/corpus/xfs/v4-1k");
}

TEST(fuzz_seeds)
{
	CHECK_EQ(make_seeds(), 0);
}

int main(void)
{
	fs_log = keep_log;
	RUN(images);
	RUN(bad_superblocks);
	RUN(bad_inodes);
	RUN(meta_uuid);
	RUN(bad_crcs);
	RUN(v5_symlink_header);
	RUN(fuzz_seeds);
	free(image);
	sh("rm -f " DIR "/*.img");
	return CHECK_DONE();
}
