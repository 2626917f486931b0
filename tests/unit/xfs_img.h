/*
 * xfs_img.h - what tests/unit/test_xfs.c and test_xfs_bad.c share: the
 * source files and protofile, mkfs.xfs image variants (with one file
 * fragmented by xfs_db), a bdev over an image file, reading a file back
 * and comparing it, and the readers' messages.  Host-only test code.
 */
#ifndef DOMLET_TEST_XFS_IMG_H
#define DOMLET_TEST_XFS_IMG_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fs/fs.h"

#define DIR   "build/unit/xfs"
#define SRC   DIR "/src"
#define NMANY 2000
#define NBLK  40
#define UUID  "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
/* mkfs.xfs refuses filesystems under 300 MB unless it runs for tests. */
#define MKFS "TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -q -f"

static char logbuf[8192];

static inline void keep_log(const char *msg)
{
	size_t n = strlen(logbuf);
	snprintf(logbuf + n, sizeof(logbuf) - n, "%s\n", msg);
}

__attribute__((format(printf, 1, 2))) static inline int sh(const char *fmt, ...)
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
static inline void sh_out(char *out, size_t size, const char *cmd)
{
	FILE *p = popen(cmd, "r");
	out[0] = 0;
	if (p) {
		if (!fgets(out, (int)size, p))
			out[0] = 0;
		pclose(p);
	}
}

static inline uint8_t pat(unsigned int seed, uint64_t i)
{
	uint64_t h = (i + seed * 0x1000193ULL) * 0x9e3779b97f4a7c15ULL;
	return (uint8_t)(h >> 56);
}

static inline uint8_t *pattern(unsigned int seed, size_t len)
{
	uint8_t *b = malloc(len ? len : 1);
	for (size_t i = 0; i < len; i++)
		b[i] = pat(seed, i);
	return b;
}

static inline int write_file(const char *path, const void *data, size_t len)
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

static inline void make_longtarget(void)
{
	strcpy(longtarget, "/sub");
	while (strlen(longtarget) < 996)
		strcat(longtarget, "/.");
	strcat(longtarget, "/a");
}

static inline int make_sources(void)
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
static inline int file_read(struct bdev *bd, uint64_t off, void *buf,
			    size_t len)
{
	ssize_t n = pread((int)(intptr_t)bd->priv, buf, len, (off_t)off);
	return n == (ssize_t)len ? 0 : -EIO;
}

static inline int bdev_file(struct bdev *bd, const char *path)
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

static inline void img_path(char *out, size_t size, const struct variant *v)
{
	snprintf(out, size, DIR "/%s.img", v->name);
}

/* Rewrites /frag's one extent (startblock B) into: file blocks 0-7 from
 * B+40, 8-15 unwritten (B), 16-19 a hole, 20-23 from B+8, 24-29 a hole,
 * 30-39 from B+20, and a hole to the end. */
static inline int fragment(const struct variant *v, const char *img)
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

static inline uint8_t frag_expect(const struct variant *v, uint64_t i)
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

static inline int make_image(const struct variant *v)
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
static inline int compare(struct fs *fs, const struct variant *v,
			  const char *path, const uint8_t *want, size_t len)
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

static inline int count_fn(void *arg, const char *name, enum fs_type type)
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

/* xfs_db's view of an inode's data fork format ("btree", ...). */
static inline const char *fork_format(const char *img, const char *path)
{
	static char db_format[64];
	char cmd[512], out[128];

	snprintf(cmd, sizeof(cmd),
		 "xfs_db -r -c 'path %s' -c 'p core.format' %s", path, img);
	sh_out(out, sizeof(out), cmd);
	db_format[0] = 0;
	sscanf(out, "%*s = %*d (%63[a-z])", db_format);
	return db_format;
}

/* Whether every logged line (if any; none on v4) is about a headerless
 * remote symlink. */
static inline bool only_xslm_messages(bool v5)
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

#endif
