// SOURCES: fs/fs.c fs/xfs.c fs/xfs_bmap.c fs/xfs_dir.c disk/bdev.c
// CFLAGS: -I.
/*
 * test_xfs.c - fs/xfs*.c on real images that mkfs.xfs (xfsprogs) builds
 * here from a protofile: v5 and v4, 4 KiB and 1 KiB blocks, ftype=0,
 * nrext64, 4 KiB sectors.  Each holds shortform, block and 2000-entry
 * (leaf/node; a B+tree fork at 1 KiB blocks) directories, files of many
 * sizes, local and remote symlinks, and a file that xfs_db rewrites into
 * extents with holes and an unwritten extent.  Contents are compared
 * with the generated sources; corrupt images (bad magic, CRC, unknown
 * feature, truncation, an inode number past the AG, a bad inode) must
 * fail with a message.  Also leaves small image prefixes under
 * build/fuzz/corpus/xfs/ as seeds for tests/fuzz/fuzz_xfs.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "fs/fs.h"
#include "fs/xfs_priv.h"

#define DIR   "build/unit/xfs"
#define SRC   DIR "/src"
#define NMANY 2000
#define NBLK  40
#define UUID  "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
/* mkfs.xfs refuses filesystems under 300 MB unless it runs for tests. */
#define MKFS "TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -q -f"

static char logbuf[8192];

static void keep_log(const char *msg)
{
	size_t n = strlen(logbuf);
	snprintf(logbuf + n, sizeof(logbuf) - n, "%s\n", msg);
}

__attribute__((format(printf, 1, 2))) static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	return rc;
}

/* The first line of a command's output, or "" */
static void sh_out(char *out, size_t size, const char *cmd)
{
	FILE *p = popen(cmd, "r");
	out[0] = 0;
	if (p) {
		if (!fgets(out, (int)size, p))
			out[0] = 0;
		pclose(p);
	}
}

static uint8_t pat(unsigned int seed, uint64_t i)
{
	uint64_t h = (i + seed * 0x1000193ULL) * 0x9e3779b97f4a7c15ULL;
	return (uint8_t)(h >> 56);
}

static uint8_t *pattern(unsigned int seed, size_t len)
{
	uint8_t *b = malloc(len ? len : 1);
	for (size_t i = 0; i < len; i++)
		b[i] = pat(seed, i);
	return b;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(data, 1, len, f);
	return fclose(f) == 0 && n == len ? 0 : -1;
}

struct srcfile {
	const char *name;
	unsigned int seed;
	size_t len;
};

static const struct srcfile files[] = {
    {"small", 1, 6}, {"mid", 2, 100000}, {"big", 3, 3000123},
    {"empty", 4, 0}, {"exact", 5, 8192}, {"frag", 6, 64 << 16},
    {"one", 7, 2},
};
#define NFILES (sizeof(files) / sizeof(files[0]))

/* A symlink target longer than any inode's literal area and than one
 * 1 KiB block: "/sub/./././.../a". */
static char longtarget[1001];

static void make_longtarget(void)
{
	strcpy(longtarget, "/sub");
	while (strlen(longtarget) < 996)
		strcat(longtarget, "/.");
	strcat(longtarget, "/a");
}

static int make_sources(void)
{
	char path[256];
	FILE *p;

	if (sh("mkdir -p " SRC))
		return -1;
	for (size_t i = 0; i < NFILES; i++) {
		uint8_t *b = pattern(files[i].seed, files[i].len);
		snprintf(path, sizeof(path), SRC "/%s", files[i].name);
		int rc = write_file(path, b, files[i].len);
		free(b);
		if (rc)
			return -1;
	}
	make_longtarget();
	if (!(p = fopen(DIR "/proto", "w")))
		return -1;
	fprintf(p, "boot\n0 0\nd--755 0 0\n");
	for (size_t i = 0; i < NFILES; i++)
		fprintf(p, "%s ---644 0 0 %s/%s\n", files[i].name, SRC,
			files[i].name);
	fprintf(p, "lnk l--777 0 0 small\nlonglnk l--777 0 0 %s\n", longtarget);
	fprintf(p, "sub d--755 0 0\na ---644 0 0 %s/small\n", SRC);
	fprintf(p, "up l--777 0 0 ../mid\n$\n");
	fprintf(p, "blk d--755 0 0\n");
	for (int i = 0; i < NBLK; i++)
		fprintf(p, "blk-entry-%02d ---644 0 0 %s/one\n", i, SRC);
	fprintf(p, "$\nmany d--755 0 0\n");
	for (int i = 0; i < NMANY; i++)
		fprintf(p, "entry-%04d-abcdefgh ---644 0 0 %s/one\n", i, SRC);
	fprintf(p, "$\n$\n");
	return fclose(p);
}

/* A bdev over an image file, read with pread. */
static int file_read(struct bdev *bd, uint64_t off, void *buf, size_t len)
{
	ssize_t n = pread((int)(intptr_t)bd->priv, buf, len, (off_t)off);
	return n == (ssize_t)len ? 0 : -EIO;
}

static int bdev_file(struct bdev *bd, const char *path)
{
	int fd = open(path, O_RDONLY);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0)
		return -1;
	*bd = (struct bdev){.read = file_read,
			    .priv = (void *)(intptr_t)fd,
			    .size = (uint64_t)st.st_size,
			    .block_size = 512};
	strcpy(bd->name, "img");
	return 0;
}

struct variant {
	const char *name, *opts;
	bool v5;
	unsigned int bs;
	const char *size; /* the image (sparse) */
};

static const struct variant variants[] = {
    {"v5-4k", "-b size=4096", true, 4096, "128m"},
    {"v5-1k", "-b size=1024", true, 1024, "128m"},
    {"v4-4k", "-m crc=0 -b size=4096", false, 4096, "128m"},
    {"v4-1k-noftype", "-m crc=0 -n ftype=0 -b size=1024", false, 1024, "128m"},
    {"v5-nrext64", "-i nrext64=1", true, 4096, "128m"},
    {"v5-sect4k", "-s size=4096 -b size=4096", true, 4096, "128m"},
    {"v4-512", "-m crc=0 -b size=512", false, 512, "128m"},
    {"v5-64k", "-b size=65536", true, 65536, "256m"},
};

static void img_path(char *out, size_t size, const struct variant *v)
{
	snprintf(out, size, DIR "/%s.img", v->name);
}

/* Rewrites /frag's one extent (startblock B) into: file blocks 0-7 from
 * B+40, 8-15 unwritten (B), 16-19 a hole, 20-23 from B+8, 24-29 a hole,
 * 30-39 from B+20, and a hole to the end. */
static int fragment(const struct variant *v, const char *img)
{
	const char *u = v->v5 ? "u3" : "u";
	char cmd[1024], out[256];
	unsigned long long b;
	static const unsigned int ext[4][4] = {
	    {0, 40, 8, 0}, {8, 0, 8, 1}, {20, 8, 4, 0}, {30, 20, 10, 0}};

	snprintf(cmd, sizeof(cmd),
		 "xfs_db -r -c 'path /frag' -c 'p %s.bmx[0].startblock' %s", u,
		 img);
	sh_out(out, sizeof(out), cmd);
	if (sscanf(out, "%*s = %llu", &b) != 1)
		return -1;
	int n =
	    snprintf(cmd, sizeof(cmd),
		     "xfs_db -x -c 'path /frag' -c 'write core.nextents 4'");
	for (int i = 0; i < 4; i++)
		n += snprintf(cmd + n, sizeof(cmd) - n,
			      " -c 'write %s.bmx[%d].startoff %u'"
			      " -c 'write %s.bmx[%d].startblock %llu'"
			      " -c 'write %s.bmx[%d].blockcount %u'"
			      " -c 'write %s.bmx[%d].extentflag %u'",
			      u, i, ext[i][0], u, i, b + ext[i][1], u, i,
			      ext[i][2], u, i, ext[i][3]);
	snprintf(cmd + n, sizeof(cmd) - n, " %s >/dev/null", img);
	return sh("%s", cmd);
}

static uint8_t frag_expect(const struct variant *v, uint64_t i)
{
	uint64_t blk = i / v->bs, in = i % v->bs;
	if (blk < 8)
		return pat(6, (blk + 40) * v->bs + in);
	if (blk >= 20 && blk < 24)
		return pat(6, (blk - 20 + 8) * v->bs + in);
	if (blk >= 30 && blk < 40)
		return pat(6, (blk - 30 + 20) * v->bs + in);
	return 0;
}

static int make_image(const struct variant *v)
{
	char img[128];

	img_path(img, sizeof(img), v);
	if (sh("rm -f %s && truncate -s %s %s", img, v->size, img) ||
	    sh(MKFS " %s -L boot-%.7s -m uuid=" UUID " -p " DIR "/proto %s",
	       v->opts, v->name, img))
		return -1;
	return fragment(v, img);
}

/* Reads path in odd-sized pieces and compares with want (NULL: the frag
 * layout). */
static int compare(struct fs *fs, const struct variant *v, const char *path,
		   const uint8_t *want, size_t len)
{
	static uint8_t buf[7777];
	struct fs_file *f;
	uint64_t off = 0;
	long n;

	if (fs_file_open(fs, path, &f) < 0)
		return -1;
	int bad = fs_file_size(f) != len;
	while (!bad && (n = fs_file_read(f, off, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n && !bad; i++)
			bad = buf[i] !=
			      (want ? want[off + i] : frag_expect(v, off + i));
		off += (uint64_t)n;
	}
	fs_file_close(f);
	return bad || off != len ? -1 : 0;
}

struct names {
	int count, reg, dir, lnk;
	bool seen[NMANY];
};

static int count_fn(void *arg, const char *name, enum fs_type type)
{
	struct names *n = arg;
	unsigned int k;

	n->count++;
	n->reg += type == FS_REG;
	n->dir += type == FS_DIR;
	n->lnk += type == FS_LNK;
	if (sscanf(name, "entry-%4u-abcdefgh", &k) == 1 && k < NMANY) {
		if (n->seen[k])
			n->count += 100000; /* listed twice */
		n->seen[k] = true;
	}
	return 0;
}

static char db_format[64];

/* xfs_db's view of an inode's data fork format ("btree", ...). */
static const char *fork_format(const char *img, const char *path)
{
	char cmd[512], out[128];

	snprintf(cmd, sizeof(cmd),
		 "xfs_db -r -c 'path %s' -c 'p core.format' %s", path, img);
	sh_out(out, sizeof(out), cmd);
	db_format[0] = 0;
	sscanf(out, "%*s = %*d (%63[a-z])", db_format);
	return db_format;
}

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

/* Whether every logged line (if any; none on v4) is about a headerless
 * remote symlink. */
static bool only_xslm_messages(bool v5)
{
	char *l = logbuf, *nl;

	for (; *l; l = nl + 1) {
		nl = strchr(l, '\n');
		char *m = strstr(l, "no XSLM header");
		if (!v5 || !nl || !m || m > nl)
			return false;
	}
	return true;
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

/* The v5-4k image (made by the test above) in memory, for corruption. */
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
	uint32_t crc = ~xfs_crc32c(~0u, image, 512);
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
	uint32_t crc = ~xfs_crc32c(~0u, b, x->blocksize);
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

static void run_bad_tests(void)
{
	RUN(bad_superblocks);
	RUN(bad_inodes);
	RUN(meta_uuid);
	RUN(bad_crcs);
	RUN(v5_symlink_header);
	RUN(fuzz_seeds);
	free(image);
	sh("rm -f " DIR "/*.img"); /* up to 200 MB each */
}

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
	run_bad_tests();
	return CHECK_DONE();
}
