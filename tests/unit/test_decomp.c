// SOURCES: decomp/decomp.c decomp/lz.c
// CFLAGS: -I. -Itests/unit
// LIBS: -lz -lbz2 -llzma -llzo2 -llz4 -lzstd
/*
 * test_decomp.c - decomp/ against files the real tools made
 * (tests/unit/decomp-fixtures: gzip, bzip2, xz, xz --format=lzma, lzop,
 * lz4 frame and legacy, zstd; from files and through pipes; two streams
 * back to back; a kernel-style lz4 -l with its size appended), over a
 * small text-like sample and a 9.5 MiB one (two lz4 legacy blocks, many
 * lzop blocks).  The fixtures are made once (decomp-fixtures keeps them
 * while the data is the same).  Then the ways input goes wrong: cut short
 * anywhere, bytes flipped, trailing garbage, output limits one byte either
 * side.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "decomp/decomp.h"
#include "check.h"

#define DIR "build/unit/decomp/"

static const char *const exts[] = {"gz",  "bz2", "xz",	 "lzma",
				   "lzo", "lz4", "lz4l", "zst"};
static const enum decomp_fmt fmts[] = {DECOMP_GZIP, DECOMP_BZIP2, DECOMP_XZ,
				       DECOMP_LZMA, DECOMP_LZO,	  DECOMP_LZ4,
				       DECOMP_LZ4,  DECOMP_ZSTD};
#define NFMT (sizeof(exts) / sizeof(exts[0]))

static uint8_t *small, *big;
static size_t small_len, big_len;
static char err[200];

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* Words with runs of random bytes: compressible, but not trivially. */
static uint8_t *gen(size_t len)
{
	static const char *const words[] = {"domlet ", "xen ",	 "kernel ",
					    "grant ",  "event ", "ring\n",
					    "pvgrub ", "initrd "};
	uint8_t *p = malloc(len);
	size_t i = 0, n;

	while (p && i < len) {
		if (next() % 8 == 0) {
			for (n = next() % 64; n-- && i < len;)
				p[i++] = (uint8_t)next();
			continue;
		}
		const char *w = words[next() % 8];
		for (n = 0; w[n] && i < len; n++)
			p[i++] = (uint8_t)w[n];
	}
	return p;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET) && (p = malloc((size_t)n + 1)) &&
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	if (p)
		*len = (size_t)n;
	fclose(f);
	return p;
}

static int spit(const char *path, const uint8_t *p, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(p, 1, len, f) == len;

	return (f && !fclose(f) && ok) ? 0 : -1;
}

static uint8_t *fixture(const char *name, const char *ext, size_t *len)
{
	char path[128];

	snprintf(path, sizeof(path), DIR "%s.%s", name, ext);
	return slurp(path, len);
}

/* Decompresses and compares with want (want_len bytes, or twice that). */
static int same(enum decomp_fmt fmt, const uint8_t *in, size_t len,
		const uint8_t *want, size_t want_len, int copies)
{
	void *out;
	size_t out_len;
	int rc, ok;

	rc = decomp_buffer(fmt, in, len, 64u << 20, &out, &out_len, err,
			   sizeof(err));
	if (rc) {
		fprintf(stderr, "decomp_buffer: %d %s\n", rc, err);
		return 0;
	}
	ok = out_len == want_len * copies;
	for (int i = 0; ok && i < copies; i++)
		ok = !memcmp((uint8_t *)out + i * want_len, want, want_len);
	free(out);
	return ok;
}

TEST(detect)
{
	static const uint8_t lz4l[] = {0x02, 0x21, 0x4c, 0x18};
	size_t len;
	uint8_t *p;

	for (size_t i = 0; i < NFMT; i++) {
		p = fixture("small", exts[i], &len);
		CHECK(p);
		CHECK_EQ(decomp_detect(p, len), fmts[i]);
		CHECK_EQ(decomp_detect(p, 1), DECOMP_NONE);
		free(p);
	}
	CHECK_EQ(decomp_detect(lz4l, 4), DECOMP_LZ4);
	CHECK_EQ(decomp_detect(small, small_len), DECOMP_NONE);
	CHECK_EQ(decomp_detect(NULL, 0), DECOMP_NONE);
	CHECK_STR(decomp_name(DECOMP_XZ), "xz");
	CHECK_STR(decomp_name(DECOMP_NONE), "none");
}

/* Every fixture kind of every format gives the data back. */
TEST(roundtrip)
{
	static const char *const kinds[] = {"%s", "%s.pipe", "%s.twice"};
	char name[32];
	size_t len;
	uint8_t *p;

	for (int s = 0; s < 2; s++) {
		const char *base = s ? "big" : "small";
		for (size_t k = 0; k < (s ? 1u : 3u); k++) {
			snprintf(name, sizeof(name), kinds[k], base);
			for (size_t i = 0; i < NFMT; i++) {
				/* lzma_alone is one stream: the second copy
				 * is trailing bytes, ignored. */
				int copies =
				    k == 2 && fmts[i] != DECOMP_LZMA ? 2 : 1;
				p = fixture(name, exts[i], &len);
				CHECK(p);
				CHECK(same(fmts[i], p, len, s ? big : small,
					   s ? big_len : small_len, copies));
				free(p);
			}
		}
	}
}

/* Linux's lz4 -l payload with the size appended: both blocks, no error. */
TEST(kernel_lz4_legacy)
{
	size_t len;
	uint8_t *p = fixture("big", "kernel.lz4l", &len);

	CHECK(p);
	CHECK(same(DECOMP_LZ4, p, len, big, big_len, 1));
	CHECK(same(DECOMP_LZ4, p, len - 4, big, big_len, 1));
	free(p);
}

TEST(trailing_garbage)
{
	static const char junk[] = "\0\0\0\0 junk after the stream \x12\x34";
	size_t len;
	uint8_t *p;

	for (size_t i = 0; i < NFMT; i++) {
		p = fixture("small", exts[i], &len);
		CHECK(p);
		p = realloc(p, len + sizeof(junk));
		CHECK(p);
		memcpy(p + len, junk, sizeof(junk));
		CHECK(
		    same(fmts[i], p, len + sizeof(junk), small, small_len, 1));
		free(p);
	}
}

/* Cut short anywhere: an error, never the data, never a crash.  lz4's
 * legacy format has no end mark, so there a cut between blocks only
 * gives less output. */
TEST(truncated)
{
	void *out;
	size_t len, cut, out_len;
	uint8_t *p;
	int rc;

	for (size_t i = 0; i < NFMT; i++) {
		p = fixture("small", exts[i], &len);
		CHECK(p);
		/* Every cut in the header and the last 48 bytes (trailers,
		 * end marks), 64 through the middle. */
		for (cut = 0; cut < len;
		     cut += cut < 48 || cut + 48 >= len ? 1 : len / 64 + 1) {
			uint8_t *q = malloc(cut + 1); /* ASan sees the end */
			memcpy(q, p, cut);
			rc = decomp_buffer(fmts[i], q, cut, 1u << 20, &out,
					   &out_len, err, sizeof(err));
			free(q);
			if (!rc && !strcmp(exts[i], "lz4l") &&
			    out_len < small_len) {
				free(out);
				continue;
			}
			if (rc != -EINVAL)
				fprintf(stderr, "%s cut at %zu of %zu: %d\n",
					exts[i], cut, len, rc);
			CHECK_EQ(rc, -EINVAL);
			CHECK(out == NULL);
			CHECK(!strncmp(err, decomp_name(fmts[i]),
				       strlen(decomp_name(fmts[i]))));
		}
		free(p);
	}
}

/* Flipped bytes: formats with checksums (all but lzma_alone and lz4's
 * legacy blocks) must notice; none may crash. */
TEST(corrupt)
{
	void *out;
	size_t len, out_len;
	uint8_t *p;
	int rc, checked;

	for (size_t i = 0; i < NFMT; i++) {
		p = fixture("small", exts[i], &len);
		CHECK(p);
		checked = fmts[i] != DECOMP_LZMA && strcmp(exts[i], "lz4l");
		for (size_t at = 4; at < len; at += len / 50 + 1) {
			p[at] ^= 0x55;
			rc = decomp_buffer(fmts[i], p, len, 1u << 20, &out,
					   &out_len, err, sizeof(err));
			p[at] ^= 0x55;
			if (!rc) {
				int good = out_len == small_len &&
					   !memcmp(out, small, small_len);
				free(out);
				/* a flip in a header field nobody reads */
				if (good)
					continue;
				if (checked)
					fprintf(stderr,
						"%s: flip at %zu of "
						"%zu undetected\n",
						exts[i], at, len);
				CHECK(!checked);
				continue;
			}
			CHECK(rc == -EINVAL || rc == -ENOTSUP || rc == -EFBIG ||
			      rc == -ENOMEM);
			CHECK(err[0]);
		}
		free(p);
	}
}

/* The limit: exactly the size passes, one byte less is -EFBIG. */
TEST(max_out)
{
	static const char *const names[] = {"small", "small.pipe"};
	void *out;
	size_t len, out_len, want;
	uint8_t *p;
	int rc;

	for (size_t n = 0; n < 2; n++) {
		want = small_len;
		for (size_t i = 0; i < NFMT; i++) {
			p = fixture(names[n], exts[i], &len);
			CHECK(p);
			rc = decomp_buffer(fmts[i], p, len, want, &out,
					   &out_len, err, sizeof(err));
			CHECK_EQ(rc, 0);
			CHECK_EQ(out_len, want);
			free(out);
			rc = decomp_buffer(fmts[i], p, len, want - 1, &out,
					   &out_len, err, sizeof(err));
			if (rc != -EFBIG)
				fprintf(stderr, "%s.%s: %d %s\n", names[n],
					exts[i], rc, err);
			CHECK_EQ(rc, -EFBIG);
			CHECK(out == NULL && out_len == 0);
			rc = decomp_buffer(fmts[i], p, len, 100, &out, &out_len,
					   err, sizeof(err));
			CHECK_EQ(rc, -EFBIG);
			free(p);
		}
	}
}

TEST(bad_calls)
{
	void *out = (void *)1;
	size_t out_len = 1;

	CHECK_EQ(decomp_buffer(DECOMP_NONE, small, small_len, 1000, &out,
			       &out_len, err, sizeof(err)),
		 -ENOTSUP);
	CHECK(out == NULL && out_len == 0 && err[0]);
	CHECK_EQ(decomp_buffer((enum decomp_fmt)99, small, 10, 1000, &out,
			       &out_len, NULL, 0),
		 -ENOTSUP);
	CHECK_EQ(decomp_buffer(DECOMP_GZIP, small, 0, 1000, &out, &out_len, err,
			       sizeof(err)),
		 -EINVAL);
	/* Data that is not the format it is said to be. */
	for (size_t i = 0; i < NFMT; i++)
		CHECK_EQ(decomp_buffer(fmts[i], small, 4096, 1u << 20, &out,
				       &out_len, err, 8),
			 -EINVAL);
	CHECK(strlen(err) == 7); /* cut to the buffer */
}

static int setup(void)
{
	char cmd[256];

	small_len = 64u << 10;
	big_len = (19u << 20) / 2; /* two lz4 legacy blocks */
	small = gen(small_len);
	big = gen(big_len);
	if (!small || !big || system("mkdir -p " DIR) ||
	    spit(DIR "small", small, small_len) ||
	    spit(DIR "big", big, big_len))
		return -1;
	snprintf(cmd, sizeof(cmd), "tests/unit/decomp-fixtures " DIR);
	return system(cmd) ? -1 : 0;
}

/* decomp_buffer_sized: the exact size works, one byte less is -EFBIG,
 * more gives the real length; in every format. */
TEST(sized)
{
	void *out;
	size_t len, out_len, want = small_len;
	uint8_t *p;
	int rc;

	for (size_t i = 0; i < NFMT; i++) {
		p = fixture("small", exts[i], &len);
		CHECK(p);
		rc = decomp_buffer_sized(fmts[i], p, len, want, &out, &out_len,
					 err, sizeof(err));
		CHECK(rc == 0 && out_len == want && !memcmp(out, small, want));
		free(out);
		rc = decomp_buffer_sized(fmts[i], p, len, want - 1, &out,
					 &out_len, err, sizeof(err));
		CHECK(rc == -EFBIG && out == NULL);
		rc = decomp_buffer_sized(fmts[i], p, len, want + 4096, &out,
					 &out_len, err, sizeof(err));
		CHECK(rc == 0 && out_len == want);
		free(out);
		free(p);
	}
}

int main(void)
{
	if (setup()) {
		printf("FAIL test_decomp:setup: could not make the fixtures "
		       "(gzip bzip2 xz-utils lzop lz4 zstd: tools/deps)\n");
		return 1;
	}
	RUN(detect);
	RUN(roundtrip);
	RUN(kernel_lz4_legacy);
	RUN(trailing_garbage);
	RUN(truncated);
	RUN(corrupt);
	RUN(max_out);
	RUN(sized);
	RUN(bad_calls);
	free(small);
	free(big);
	return CHECK_DONE();
}
