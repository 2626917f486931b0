// SOURCES: fs/fs.c fs/btrfs.c fs/btrfs_tree.c fs/btrfs_file.c
// SOURCES: fs/btrfs_decomp.c disk/bdev.c
// CFLAGS: -I.
// LIBS: -lz -llzo2 -lzstd
/*
 * test_btrfs.c - fs/btrfs*.c on images that mkfs.btrfs --rootdir
 * (btrfs-progs) builds here from a generated tree: node sizes 4, 16 and
 * 64 KiB, SINGLE and DUP metadata and data, mixed block groups, xxhash
 * checksums.  The tree holds inline, multi-extent and empty files, a
 * sparse file, symlinks (relative, absolute, through "..") and a
 * 2000-entry directory (a multi-level tree).  Every file is read back
 * whole and in odd pieces and compared with its source.
 *
 * btrfs-progs 6.2 cannot compress or make subvolumes at mkfs time, so
 * when the test runs as root with loop devices it also mounts images
 * (compress-force=zlib, lzo, zstd; subvolumes @ and @/nested, a
 * preallocated range, set-default) and compares those; otherwise it says
 * it skipped them.  The compressors' segment formats are also checked
 * directly.  Corrupt images: bad magic, bad checksum, truncated device,
 * a chunk past the device, two devices, scribbled metadata.
 */
#include <stdint.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lzo/lzo1x.h>
#include <zlib.h>
#include <zstd.h>
#include "check.h"
#include "fs/btrfs_priv.h"
#include "xfs_img.h"

#undef DIR
#undef SRC
#define BDIR "build/unit/btrfs"
#define BSRC BDIR "/src"

static int make_tree(void)
{
	return sh(
	    "set -e; rm -rf " BSRC "; mkdir -p " BSRC "/sub " BSRC "/many " BSRC
	    "/boot/grub; cd " BSRC "; printf hello > small; "
	    "head -c 2000 /dev/urandom > inl; head -c 100000 /dev/urandom > "
	    "mid; head -c 3000123 /dev/urandom > big; : > empty; "
	    "head -c 8192 /dev/urandom > exact; "
	    "yes 'menuentry linux { linux /vmlinuz }' | head -c 300000 > "
	    "boot/grub/grub.cfg; yes abcdefgh | head -c 1500 > boot/tiny; "
	    "head -c 5000 /dev/urandom > sparse; "
	    "dd if=/dev/urandom of=sparse bs=4096 seek=40 count=3 "
	    "conv=notrunc status=none; truncate -s 400000 sparse; "
	    "ln -s small lnk; ln -s /sub/../mid abslnk; ln -s ../big sub/up; "
	    "cp small sub/a; for i in $(seq 0 1999); do "
	    "printf %%s $i > many/entry-$i-abcdefghijklmnop; done");
}

struct cmp_ctx {
	struct fs *fs;
	int files, bad;
};

/* Compares path (relative to the source root src) through fs. */
static int compare_file(struct fs *fs, const char *src, const char *rel,
			const char *prefix)
{
	char path[512];
	void *got = NULL, *want;
	size_t glen = 0;
	long wlen;
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", src, rel);
	if (!(f = fopen(path, "rb")))
		return -1;
	fseek(f, 0, SEEK_END);
	wlen = ftell(f);
	rewind(f);
	want = malloc(wlen ? (size_t)wlen : 1);
	if (fread(want, 1, (size_t)wlen, f) != (size_t)wlen)
		wlen = -1;
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s", prefix, rel);
	rc = fs_read_all(fs, path, 64 << 20, &got, &glen);
	if (rc == 0 && (glen != (size_t)wlen || memcmp(got, want, glen)))
		rc = -1;
	/* Odd pieces across extent boundaries. */
	struct fs_file *ff;
	if (rc == 0 && fs_file_open(fs, path, &ff) == 0) {
		uint8_t piece[7777];
		for (uint64_t off = 0; off < glen && rc == 0; off += 50021) {
			long n = fs_file_read(ff, off, piece, sizeof(piece));
			size_t exp = glen - off < sizeof(piece) ? glen - off
								: sizeof(piece);
			if (n != (long)exp ||
			    memcmp(piece, (uint8_t *)want + off, exp))
				rc = -1;
		}
		fs_file_close(ff);
	}
	if (rc)
		fprintf(stderr, "%s: differs (%d)\n", path, rc);
	free(got);
	free(want);
	return rc;
}

/* Every regular file and symlink under src compared through fs (symlinks
 * are followed, as find -L does). */
static int compare_tree(struct fs *fs, const char *src, const char *prefix,
			int *count)
{
	char cmd[600], line[512];
	FILE *p;
	int bad = 0;

	snprintf(cmd, sizeof(cmd), "cd %s && find -L . -type f | cut -c3-",
		 src);
	if (!(p = popen(cmd, "r")))
		return -1;
	*count = 0;
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = 0;
		bad += compare_file(fs, src, line, prefix) != 0;
		++*count;
	}
	pclose(p);
	return bad;
}

static int count_ents(void *arg, const char *name, enum fs_type type)
{
	(void)name, (void)type;
	++*(int *)arg;
	return 0;
}

static int open_img(const char *img, struct bdev *bd, struct fs **fs)
{
	if (bdev_file(bd, img))
		return -1;
	logbuf[0] = 0;
	int rc = fs_open(bd, fs);
	if (rc)
		fprintf(stderr, "%s: fs_open %d\n%s", img, rc, logbuf);
	return rc;
}

static void check_mkfs(const char *name, const char *opts)
{
	char img[128];
	struct bdev bd;
	struct fs *fs;
	struct fs_stat st;
	int n = 0;

	snprintf(img, sizeof(img), BDIR "/%s.img", name);
	CHECK(sh("rm -f %s && truncate -s 256m %s && mkfs.btrfs -q -f %s "
		 "-L lbl-%s -U 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d -r " BSRC
		 " %s >/dev/null 2>&1",
		 img, img, opts, name, img) == 0);
	CHECK_EQ(open_img(img, &bd, &fs), 0);
	CHECK_STR(fs_type_name(fs), "btrfs");
	CHECK_STR(fs_uuid(fs), "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
	CHECK(strncmp(fs_label(fs), "lbl-", 4) == 0);
	CHECK_EQ(compare_tree(fs, BSRC, "", &n), 0);
	CHECK(n >= 2010);
	n = 0;
	CHECK_EQ(fs_readdir(fs, "/many", count_ents, &n), 0);
	CHECK_EQ(n, 2000);
	n = 0;
	CHECK_EQ(fs_readdir(fs, "/", count_ents, &n), 0);
	CHECK_EQ(n, 12);
	CHECK_EQ(fs_stat(fs, "/sub/../sub/./a", &st), 0);
	CHECK(st.type == FS_REG && st.size == 5);
	CHECK_EQ(fs_stat(fs, "/../../small", &st), 0);
	CHECK_EQ(fs_stat(fs, "/many/entry-777-abcdefghijklmnop", &st), 0);
	CHECK(st.size == 3);
	CHECK_EQ(fs_stat(fs, "/nope", &st), -ENOENT);
	CHECK_EQ(fs_stat(fs, "/small/x", &st), -ENOTDIR);
	fs_close(fs);
	close((int)(intptr_t)bd.priv);
}

TEST(mkfs_default)
{
	CHECK(make_tree() == 0);
	check_mkfs("default", "");
}

TEST(mkfs_node4k_single)
{
	check_mkfs("n4k", "-n 4096 -m single -d single");
}

TEST(mkfs_node64k_dup)
{
	check_mkfs("n64k", "-n 65536 -m dup -d dup");
}

TEST(mkfs_mixed)
{
	check_mkfs("mixed", "-M -n 4096");
}

TEST(mkfs_xxhash)
{
	check_mkfs("xxhash", "--csum xxhash");
}

/* Unmounts $M, retrying while the kernel still calls it busy. */
#define UMOUNT                                                                 \
	"for i in 1 2 3 4 5 6 7 8 9 10; do umount $M 2>/dev/null && break; "   \
	"sleep 1; done; rmdir $M"

static bool can_mount(void)
{
	static int ok = -1;

	if (ok < 0)
		ok = getuid() == 0 &&
		     sh("M=$(mktemp -d); rm -f " BDIR "/probe.img && "
			"truncate -s 128m " BDIR "/probe.img && mkfs.btrfs -q "
			"-f " BDIR "/probe.img >/dev/null 2>&1 && mount -o "
			"loop " BDIR "/probe.img $M 2>/dev/null; r=$?; " UMOUNT
			" 2>/dev/null; exit $r") == 0;
	if (!ok)
		printf("SKIP test_btrfs: cannot loop-mount (not root?): "
		       "compression and subvolume images not tested\n");
	return ok;
}

/* A mounted image: compressed copies of the tree in subvolumes, a
 * preallocated range and a file with holes (copied out for comparing). */
static int make_mounted(const char *img, const char *comp)
{
	return sh(
	    "set -e; M=$(mktemp -d); rm -f %s; truncate -s 256m %s; "
	    "mkfs.btrfs -q -f %s >/dev/null 2>&1; mount -o loop,"
	    "compress-force=%s %s $M; trap '" UMOUNT "' EXIT; "
	    "btrfs -q subvolume create $M/@ >/dev/null; "
	    "btrfs -q subvolume create $M/@/nested >/dev/null; "
	    "cp -a " BSRC "/. $M/@/; cp -a " BSRC "/boot $M/@/nested/; "
	    "fallocate -l 1m $M/@/prealloc; printf tail >> $M/@/prealloc; "
	    "dd if=/dev/urandom of=$M/@/holes bs=4096 seek=100 count=1 "
	    "status=none; truncate -s 2m $M/@/holes; "
	    "yes partial | head -c 300000 > $M/@/part; sync; dd "
	    "if=/dev/urandom of=$M/@/part bs=4096 seek=5 count=1 "
	    "conv=notrunc status=none; sync; "
	    "cp $M/@/prealloc $M/@/holes $M/@/part " BDIR "/; "
	    "btrfs -q subvolume snapshot $M/@ $M/snap >/dev/null; "
	    "rm $M/@/mid; sync",
	    img, img, img, comp, img);
}

/* A copy of img whose default subvolume is @. */
static int make_default(const char *img, const char *copy)
{
	return sh("set -e; M=$(mktemp -d); cp %s %s; mount -o loop %s $M; "
		  "trap '" UMOUNT "' EXIT; btrfs -q subvolume set-default "
		  "$M/@ >/dev/null",
		  img, copy, copy);
}

/* Paths start in the default subvolume @: its top is "/", ".." there
 * stays, and @nested is still a directory inside. */
static void check_default(const char *img)
{
	char copy[160];
	struct bdev bd;
	struct fs *fs;
	struct fs_stat st;
	int n;

	snprintf(copy, sizeof(copy), "%s.default", img);
	CHECK(make_default(img, copy) == 0);
	CHECK_EQ(open_img(copy, &bd, &fs), 0);
	CHECK_EQ(compare_file(fs, BSRC, "boot/grub/grub.cfg", ""), 0);
	CHECK_EQ(compare_tree(fs, BSRC "/boot", "/../nested/boot", &n), 0);
	CHECK_EQ(fs_stat(fs, "/@", &st), -ENOENT);
	CHECK_EQ(fs_stat(fs, "/mid", &st), -ENOENT);
	fs_close(fs);
	close((int)(intptr_t)bd.priv);
}

static void check_mounted(const char *comp)
{
	char img[128];
	struct bdev bd;
	struct fs *fs;
	struct fs_stat st;
	int n;
	void *d;
	size_t len;

	if (!can_mount())
		return;
	snprintf(img, sizeof(img), BDIR "/mnt-%s.img", comp);
	CHECK(make_mounted(img, comp) == 0);
	CHECK_EQ(open_img(img, &bd, &fs), 0);
	CHECK_EQ(compare_tree(fs, BSRC, "/@", &n), 1); /* mid: removed */
	CHECK(n >= 2010);
	CHECK_EQ(compare_tree(fs, BSRC "/boot", "/@/nested/boot", &n), 0);
	CHECK_EQ(compare_file(fs, BDIR, "holes", "/@"), 0);
	CHECK_EQ(compare_file(fs, BDIR, "prealloc", "/@"), 0);
	/* Two references into one compressed extent, at offsets. */
	CHECK_EQ(compare_file(fs, BDIR, "part", "/@"), 0);
	/* Paths name the subvolumes from the top level. */
	CHECK_EQ(fs_stat(fs, "/@/boot/grub/grub.cfg", &st), 0);
	CHECK_EQ(fs_stat(fs, "/@/nested/boot/tiny", &st), 0);
	CHECK_EQ(fs_stat(fs, "/@/nested/../small", &st), 0);
	CHECK(st.size == 5);
	CHECK_EQ(fs_read_all(fs, "/@/prealloc", 4 << 20, &d, &len), 0);
	CHECK(len == (1 << 20) + 4 &&
	      memcmp((char *)d + (1 << 20), "tail", 4) == 0);
	CHECK(((uint8_t *)d)[1000] == 0);
	free(d);
	/* The snapshot kept what @ lost afterwards. */
	CHECK_EQ(fs_stat(fs, "/@/mid", &st), -ENOENT);
	CHECK_EQ(compare_tree(fs, BSRC, "/snap", &n), 0);
	CHECK(n >= 2010);
	fs_close(fs);
	close((int)(intptr_t)bd.priv);
	check_default(img);
}

TEST(mounted_zlib)
{
	check_mounted("zlib");
}

TEST(mounted_lzo)
{
	check_mounted("lzo");
}

TEST(mounted_zstd)
{
	check_mounted("zstd");
}

/* The default image's first 2 MiB with the superblock patched by fn
 * (its checksum recomputed unless fn says not), opened from memory. */
static int open_patched(void (*fn)(uint8_t *img, bool *fix_csum),
			uint64_t dev_size)
{
	static uint8_t img[1 << 20];
	FILE *f = fopen(BDIR "/default.img", "rb");
	struct bdev bd;
	struct fs *fs = NULL;
	bool fix = true;
	int rc;

	if (!f || fread(img, 1, sizeof(img), f) != sizeof(img))
		return f ? fclose(f), -1000 : -1000;
	fclose(f);
	fn(img, &fix);
	if (fix) {
		uint32_t c = ~fs_crc32c(~0u, img + 0x10000 + 32, 4096 - 32);
		for (int i = 0; i < 4; i++)
			img[0x10000 + i] = (uint8_t)(c >> (8 * i));
	}
	bdev_init_mem(&bd, img, dev_size ? dev_size : sizeof(img), 512, "m");
	logbuf[0] = 0;
	rc = fs_open(&bd, &fs);
	if (rc == 0)
		fs_close(fs);
	return rc;
}

static void p_magic(uint8_t *img, bool *fix)
{
	img[0x10040] ^= 1;
	(void)fix;
}

static void p_csum(uint8_t *img, bool *fix)
{
	img[0x10100] ^= 1;
	*fix = false;
}

static void p_ndev(uint8_t *img, bool *fix)
{
	img[0x10088] = 2;
	(void)fix;
}

/* The first system chunk's stripe offset far past the device. */
static void p_chunk(uint8_t *img, bool *fix)
{
	memset(img + 0x10070, 0, 8); /* total_bytes: 1 MiB, the device */
	img[0x10072] = 0x10;
	img[0x10000 + 0x32b + 17 + 48 + 8 + 6] = 0x10;
	(void)fix;
}

static void p_none(uint8_t *img, bool *fix)
{
	(void)img, (void)fix;
}

static void p_node(uint8_t *img, bool *fix)
{
	img[0x10094] = 0x30; /* node size 0x3000: not a power of two */
	(void)fix;
}

TEST(corrupt)
{
	CHECK_EQ(open_patched(p_magic, 0), -ENODEV);
	CHECK_EQ(open_patched(p_csum, 0), -EIO);
	CHECK(strstr(logbuf, "superblock: bad checksum"));
	CHECK_EQ(open_patched(p_ndev, 0), -EIO);
	CHECK(strstr(logbuf, "single-device"));
	CHECK_EQ(open_patched(p_chunk, 0), -EIO);
	CHECK(strstr(logbuf, "chunk"));
	CHECK_EQ(open_patched(p_node, 0), -EIO);
	CHECK(strstr(logbuf, "node size"));
	/* The device is 1 MiB, the filesystem 256 MiB. */
	CHECK_EQ(open_patched(p_none, 0), -EIO);
	CHECK(strstr(logbuf, "larger than the device"));
}

/* The root tree's first copy damaged on a DUP image: the second one is
 * read instead. */
TEST(dup_copy)
{
	char out[256];
	unsigned long long phys = 0;
	struct bdev bd;
	struct fs *fs;
	int n;

	sh_out(out, sizeof(out),
	       "btrfs-map-logical -l $(btrfs inspect-internal dump-super " BDIR
	       "/n64k.img | awk '$1==\"root\"{print $2}') " BDIR
	       "/n64k.img 2>/dev/null | head -1");
	CHECK(sscanf(out, "mirror 1 logical %*u physical %llu", &phys) == 1);
	CHECK(sh("cp " BDIR "/n64k.img " BDIR "/dup.img && head -c 512 "
		 "/dev/zero | tr '\\0' x | dd of=" BDIR "/dup.img bs=1 "
		 "seek=%llu conv=notrunc status=none",
		 phys + 200) == 0);
	CHECK_EQ(open_img(BDIR "/dup.img", &bd, &fs), 0);
	CHECK_EQ(compare_tree(fs, BSRC, "", &n), 0);
	CHECK(strstr(logbuf, "bad checksum"));
	CHECK(strstr(logbuf, "using its second copy"));
	fs_close(fs);
	close((int)(intptr_t)bd.priv);
}

/* A damaged primary superblock: the mirror at 64 MiB is used. */
TEST(sb_mirror)
{
	struct bdev bd;
	struct fs *fs;
	struct fs_stat st;

	CHECK(sh("cp " BDIR "/default.img " BDIR "/sbm.img && printf xx | dd "
		 "of=" BDIR "/sbm.img bs=1 seek=%d conv=notrunc status=none",
		 0x10100) == 0);
	CHECK_EQ(open_img(BDIR "/sbm.img", &bd, &fs), 0);
	CHECK(strstr(logbuf, "using the copy at 64 MiB"));
	CHECK_EQ(fs_stat(fs, "/boot/grub/grub.cfg", &st), 0);
	CHECK_EQ(compare_file(fs, BSRC, "big", ""), 0);
	fs_close(fs);
	close((int)(intptr_t)bd.priv);
}

/* btrfs's LZO layout built here: a total length, then segments (a
 * length and LZO1X data), a segment's length never straddling a sector.
 * The first segment holds the first first_len bytes of data, chosen so
 * that the second segment's length would straddle the sector. */
static size_t lzo_layout(const uint8_t *data, size_t len, size_t first_len,
			 uint8_t *out)
{
	static uint8_t wrk[LZO1X_1_MEM_COMPRESS];
	size_t pos = 4, seg;

	for (size_t off = 0; off < len; off += seg) {
		lzo_uint n = 0;
		seg = off == 0		 ? first_len
		      : len - off < 4096 ? len - off
					 : 4096;
		if (4096 - pos % 4096 < 4) {
			memset(out + pos, 0, 4096 - pos % 4096);
			pos += 4096 - pos % 4096;
		}
		lzo1x_1_compress(data + off, seg, out + pos + 4, &n, wrk);
		for (int i = 0; i < 4; i++)
			out[pos + i] = (uint8_t)(n >> (8 * i));
		pos += 4 + n;
	}
	for (int i = 0; i < 4; i++)
		out[i] = (uint8_t)(pos >> (8 * i));
	return pos;
}

/* The first segment's size that ends it 1-3 bytes before the sector. */
static size_t lzo_straddle(const uint8_t *data)
{
	static uint8_t wrk[LZO1X_1_MEM_COMPRESS], tmp[8192];

	for (size_t l = 3000; l <= 4096; l++) {
		lzo_uint n = 0;
		lzo1x_1_compress(data, l, tmp, &n, wrk);
		if (8 + n >= 4093 && 8 + n <= 4095)
			return l;
	}
	return 0;
}

TEST(decompress)
{
	static uint8_t data[20000], comp[40000], out[20000];
	char err[80];
	size_t n;

	size_t first;
	uint64_t x = 88172645463325252ULL;

	for (size_t i = 0; i < sizeof(data); i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
		data[i] = i < 4096 ? (uint8_t)(x >> 32)
				   : (uint8_t)("abcabd"[i % 6] + (i / 1000));
	}
	CHECK((first = lzo_straddle(data)) != 0);
	n = lzo_layout(data, sizeof(data), first, comp);
	CHECK(comp[4095] == 0);
	CHECK_EQ(btrfs_decompress(2, comp, n, out, sizeof(out), 4096, err,
				  sizeof(err)),
		 0);
	CHECK(memcmp(out, data, sizeof(data)) == 0);
	/* Truncated, lying about its length, a segment past the end. */
	CHECK_EQ(btrfs_decompress(2, comp, 4100, out, sizeof(out), 4096, err,
				  sizeof(err)),
		 -EIO);
	comp[4096 + 3] = 0xff;
	CHECK_EQ(btrfs_decompress(2, comp, n, out, sizeof(out), 4096, err,
				  sizeof(err)),
		 -EIO);
	uLongf zl = sizeof(comp);
	CHECK(compress2(comp, &zl, data, sizeof(data), 6) == Z_OK);
	CHECK_EQ(btrfs_decompress(1, comp, zl, out, sizeof(out), 4096, err,
				  sizeof(err)),
		 0);
	CHECK(memcmp(out, data, sizeof(data)) == 0);
	comp[zl / 2] ^= 0x55;
	comp[2] ^= 0x55;
	CHECK_EQ(btrfs_decompress(1, comp, zl, out, sizeof(out), 4096, err,
				  sizeof(err)),
		 -EIO);
	size_t zs = ZSTD_compress(comp, sizeof(comp), data, sizeof(data), 3);
	CHECK(!ZSTD_isError(zs));
	CHECK_EQ(btrfs_decompress(3, comp, zs, out, sizeof(out), 4096, err,
				  sizeof(err)),
		 0);
	CHECK(memcmp(out, data, sizeof(data)) == 0);
	/* A short output buffer: cut there, never overrun. */
	CHECK_EQ(
	    btrfs_decompress(3, comp, zs, out, 100, 4096, err, sizeof(err)), 0);
	comp[0] ^= 0xff;
	CHECK_EQ(btrfs_decompress(3, comp, zs, out, sizeof(out), 4096, err,
				  sizeof(err)),
		 -EIO);
	CHECK_EQ(btrfs_decompress(4, comp, zs, out, sizeof(out), 4096, err,
				  sizeof(err)),
		 -EIO);
}

/* Scribbles over metadata: open and read must fail cleanly or work. */
TEST(scribble)
{
	char img[] = BDIR "/scribble.img";
	struct bdev bd;
	struct fs *fs;
	int n;

	for (int round = 0; round < 24; round++) {
		CHECK(sh("cp " BDIR "/n4k.img %s && printf '\\377\\377' | "
			 "dd of=%s bs=1 seek=%d conv=notrunc status=none",
			 img, img, (1 << 20) + round * 4096 * 7 + 0x70) == 0);
		if (bdev_file(&bd, img))
			continue;
		logbuf[0] = 0;
		if (fs_open(&bd, &fs) == 0) {
			compare_tree(fs, BSRC, "", &n);
			fs_close(fs);
		}
		close((int)(intptr_t)bd.priv);
	}
}

/* A fuzz_btrfs seed: the non-zero pages of img, each as a 4-byte page
 * number and the page. */
static int write_seed(const char *img, const char *seed)
{
	static uint8_t page[4096], zero[4096];
	FILE *in = fopen(img, "rb"), *out = fopen(seed, "wb");

	if (!in || !out)
		return -1;
	for (uint32_t pg = 0; fread(page, 1, sizeof(page), in) == 4096; pg++)
		if (memcmp(page, zero, sizeof(page)) != 0) {
			uint8_t le[4] = {(uint8_t)pg, (uint8_t)(pg >> 8),
					 (uint8_t)(pg >> 16), 0};
			fwrite(le, 1, 4, out);
			fwrite(page, 1, sizeof(page), out);
		}
	fclose(in);
	return fclose(out);
}

/* tests/fuzz/fuzz_btrfs.c's seeds: a tiny mkfs.btrfs image, and (when we
 * can mount) tiny images with zlib, LZO and zstd extents. */
TEST(fuzz_seed)
{
	static const char *const comp[] = {"zlib", "lzo", "zstd"};

	CHECK(sh("set -e; T=" BDIR "/tiny; rm -rf $T; mkdir -p $T/d; "
		 "echo hello > $T/a; ln -s a $T/l; ln -s /d/b $T/d/up; "
		 "head -c 9000 /dev/urandom > $T/d/b; truncate -s 32m " BDIR
		 "/tiny.img; mkfs.btrfs -q -f -M -n 4096 -m single -d single "
		 "-r $T " BDIR "/tiny.img >/dev/null 2>&1; mkdir -p "
		 "build/fuzz/corpus/btrfs") == 0);
	CHECK(write_seed(BDIR "/tiny.img", "build/fuzz/corpus/btrfs/tiny") ==
	      0);
	if (!can_mount())
		return;
	for (int i = 0; i < 3; i++) {
		char seed[128];
		CHECK(sh("set -e; M=$(mktemp -d); I=" BDIR "/tiny-%s.img; "
			 "truncate -s 32m $I; mkfs.btrfs -q -f -M -n 4096 $I "
			 ">/dev/null 2>&1; mount -o loop,compress-force=%s $I "
			 "$M; trap '" UMOUNT "' EXIT; yes hello | head -c "
			 "20000 > $M/a; yes abc | head -c 1000 > $M/b; "
			 "mkdir $M/d; yes x | head -c 300000 > $M/d/c",
			 comp[i], comp[i]) == 0);
		snprintf(seed, sizeof(seed), BDIR "/tiny-%s.img", comp[i]);
		char out[128];
		snprintf(out, sizeof(out), "build/fuzz/corpus/btrfs/tiny-%s",
			 comp[i]);
		CHECK(write_seed(seed, out) == 0);
	}
}

int main(void)
{
	int lock;

	fs_log = keep_log;
	sh("mkdir -p " BDIR);
	/* Runs of this test at once (two make unit) would share BDIR. */
	lock = open(BDIR ".lock", O_CREAT | O_RDWR, 0644);
	if (lock >= 0)
		flock(lock, LOCK_EX);
	RUN(mkfs_default);
	RUN(mkfs_node4k_single);
	RUN(mkfs_node64k_dup);
	RUN(mkfs_mixed);
	RUN(mkfs_xxhash);
	RUN(fuzz_seed);
	RUN(corrupt);
	RUN(dup_copy);
	RUN(sb_mirror);
	RUN(decompress);
	RUN(scribble);
	RUN(mounted_zlib);
	RUN(mounted_lzo);
	RUN(mounted_zstd);
	return check_failures != 0;
}
