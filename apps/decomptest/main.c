/*
 * decomptest - decomp/ and its ports on domlet itself (tests/boot/decomp):
 * streams made at build time by each format's own CLI (apps/decomptest/
 * mkblobs: gzip, bzip2, lzma, xz with the x86 filter, lzop, lz4 frame
 * and legacy, zstd, each piped and followed by the 4-byte size, as a
 * kernel payload is) are detected, decompressed and compared with the
 * content regenerated here: `seq 1 100000`, and a 9 MiB run of zeros
 * between two `seq 1 1000` (two lz4 legacy blocks).  Then a limit one
 * byte short must give -EFBIG.  Ends on one verdict line.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <domlet_app.h>
#include "decomp/decomp.h"

/* name_start .. name_end: build/decomptest/FILE, included whole. */
#define BLOB(name, file)                                                       \
	extern const unsigned char name##_start[], name##_end[];               \
	__asm__(".section .rodata\n.balign 16\n" #name "_start:\n"             \
		".incbin \"build/decomptest/" file "\"\n" #name "_end:\n"      \
		".previous\n")

BLOB(small_gz, "small.gz");
BLOB(small_bz2, "small.bz2");
BLOB(small_lzma, "small.lzma");
BLOB(small_xz, "small.xz");
BLOB(small_lzo, "small.lzo");
BLOB(small_lz4, "small.lz4");
BLOB(small_lz4l, "small.lz4l");
BLOB(small_zst, "small.zst");
BLOB(big_gz, "big.gz");
BLOB(big_xz, "big.xz");
BLOB(big_lz4l, "big.lz4l");
BLOB(big_zst, "big.zst");

#define BIG_ZEROS (9u << 20)
#define LIMIT	  (16u << 20)

struct blob {
	const char *name;
	enum decomp_fmt fmt;
	const unsigned char *start, *end;
	bool big;
};

#define B(n, f, big)                                                           \
	{                                                                      \
#n, f, n##_start, n##_end, big                                 \
	}
static const struct blob blobs[] = {
    B(small_gz, DECOMP_GZIP, false),   B(small_bz2, DECOMP_BZIP2, false),
    B(small_lzma, DECOMP_LZMA, false), B(small_xz, DECOMP_XZ, false),
    B(small_lzo, DECOMP_LZO, false),   B(small_lz4, DECOMP_LZ4, false),
    B(small_lz4l, DECOMP_LZ4, false),  B(small_zst, DECOMP_ZSTD, false),
    B(big_gz, DECOMP_GZIP, true),      B(big_xz, DECOMP_XZ, true),
    B(big_lz4l, DECOMP_LZ4, true),     B(big_zst, DECOMP_ZSTD, true),
};

/* Checks that p[*at..] starts with `seq from to`; advances *at. */
static bool seq_matches(const char *p, size_t len, size_t *at, int from, int to)
{
	char line[16];
	int n;

	for (int i = from; i <= to; i++) {
		n = snprintf(line, sizeof(line), "%d\n", i);
		if (len - *at < (size_t)n || memcmp(p + *at, line, n))
			return false;
		*at += n;
	}
	return true;
}

static bool content_ok(const struct blob *b, const char *p, size_t len)
{
	size_t at = 0;

	if (!b->big)
		return seq_matches(p, len, &at, 1, 100000) && at == len;
	if (!seq_matches(p, len, &at, 1, 1000) || len - at < BIG_ZEROS)
		return false;
	for (size_t end = at + BIG_ZEROS; at < end; at++)
		if (p[at])
			return false;
	return seq_matches(p, len, &at, 1, 1000) && at == len;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void check_blob(const struct blob *b)
{
	size_t in_len = (size_t)(b->end - b->start), out_len;
	enum decomp_fmt fmt = decomp_detect(b->start, in_len);
	struct timespec t0;
	char err[128];
	void *out;
	int rc;

	if (!app_check(fmt == b->fmt, b->name, "detected as %s, not %s",
		       decomp_name(fmt), decomp_name(b->fmt)))
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = decomp_buffer(fmt, b->start, in_len, LIMIT, &out, &out_len, err,
			   sizeof(err));
	if (!app_check(!rc, b->name, "decomp_buffer: %d (%s)", rc, err))
		return;
	printf("decomp: %s: %zu bytes from %zu in %ld ms\n", b->name, out_len,
	       in_len, ms_since(&t0));
	app_check(content_ok(b, out, out_len), b->name,
		  "%zu bytes, not the expected content", out_len);
	free(out);
	/* One byte short of the output: the limit holds on domlet too. */
	rc = decomp_buffer(fmt, b->start, in_len, out_len - 1, &out, &out_len,
			   err, sizeof(err));
	app_check(rc == -EFBIG && !out, b->name, "a limit one byte short: %d",
		  rc);
}

int main(void)
{
	app_test_begin("decomp");
	for (size_t i = 0; i < sizeof(blobs) / sizeof(blobs[0]); i++)
		check_blob(&blobs[i]);
	return app_verdict();
}
