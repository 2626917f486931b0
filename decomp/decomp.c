/*
 * decomp.c - format detection, the growing output buffer, and the
 * formats whose libraries take a stream: gzip (zlib), bzip2, lzma and xz
 * (liblzma), zstd.  lz4 and lzop, whose block framing we walk ourselves,
 * are in lz.c.
 *
 * The input is untrusted; the libraries check their own streams (zlib,
 * bzip2, xz and zstd verify their checksums), we check that every stream
 * ends, that the output stays within the caller's limit, and that no loop
 * runs without progress.  Each format accepts several streams one after
 * the other (gzip members, concatenated bzip2/xz streams, zstd frames),
 * as their own tools do; anything after the last one that does not start
 * with the format's magic is ignored, as a kernel's appended size is.
 *
 * The output grows geometrically, never to max_out up front: kernels are
 * tens of MiB, the limit may be the whole domain's memory.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>
#include "decomp/decomp.h"
#include "decomp/decomp_int.h"

/* liblzma's dictionary (xz -9 and lzma -9 use 64 MiB; Linux's kernels
 * 32 MiB) must fit in this, so a header cannot make us allocate 4 GiB. */
#define LZMA_MEMLIMIT (128ull << 20)
#define MIN_OUT	      (64u << 10)
/* Heaps that add a header and round large blocks up to a power of two
 * (domlet's) would waste half of a block of exactly 2^n bytes. */
#define HEAP_SLACK 64u

static const struct {
	enum decomp_fmt fmt;
	const char *name;
	unsigned char len;
	unsigned char magic[9];
} magics[] = {
    {DECOMP_GZIP, "gzip", 2, {0x1f, 0x8b}},
    {DECOMP_BZIP2, "bzip2", 3, {'B', 'Z', 'h'}},
    {DECOMP_LZMA, "lzma", 3, {0x5d, 0x00, 0x00}},
    {DECOMP_XZ, "xz", 6, {0xfd, '7', 'z', 'X', 'Z', 0x00}},
    {DECOMP_LZO, "lzo", 9, {0x89, 'L', 'Z', 'O', 0x00, 0x0d, 0x0a, 0x1a, 0x0a}},
    {DECOMP_LZ4, "lz4", 4, {0x04, 0x22, 0x4d, 0x18}},
    {DECOMP_LZ4, "lz4", 4, {0x02, 0x21, 0x4c, 0x18}},
    {DECOMP_ZSTD, "zstd", 4, {0x28, 0xb5, 0x2f, 0xfd}},
};

static int has_magic(const uint8_t *p, size_t len, enum decomp_fmt fmt)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (magics[i].fmt == fmt && len >= magics[i].len &&
		    !memcmp(p, magics[i].magic, magics[i].len))
			return 1;
	return 0;
}

enum decomp_fmt decomp_detect(const void *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (buf && has_magic(buf, len, magics[i].fmt))
			return magics[i].fmt;
	return DECOMP_NONE;
}

const char *decomp_name(enum decomp_fmt fmt)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (magics[i].fmt == fmt)
			return magics[i].name;
	return "none";
}

int dout_err(struct dout *o, int rc, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!o->err || !o->err_size)
		return rc;
	n = snprintf(o->err, o->err_size, "%s: ", o->name);
	if (n >= 0 && (size_t)n < o->err_size) {
		va_start(ap, fmt);
		vsnprintf(o->err + n, o->err_size - n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static size_t hard_cap(const struct dout *o)
{
	return o->max < SIZE_MAX ? o->max + 1 : SIZE_MAX;
}

int dout_over(struct dout *o)
{
	if (o->len <= o->max)
		return 0;
	return dout_err(o, -EFBIG, "output over the %zu-byte limit", o->max);
}

int dout_reserve(struct dout *o, size_t want)
{
	size_t hard = hard_cap(o), need, cap;
	uint8_t *p;

	if (o->len > o->max)
		return dout_over(o);
	if ((o->buf && o->cap - o->len >= want) || (o->buf && o->cap == hard))
		return 0;
	need = o->len + (want < hard - o->len ? want : hard - o->len);
	cap = o->cap ? o->cap : MIN_OUT - HEAP_SLACK;
	while (cap < need)
		cap = cap >= hard / 2 ? hard
				      : (cap + HEAP_SLACK) * 2 - HEAP_SLACK;
	if (cap > hard)
		cap = hard;
	p = realloc(o->buf, cap ? cap : 1);
	if (!p)
		return dout_err(o, -ENOMEM, "no memory for %zu bytes of output",
				cap);
	o->buf = p;
	o->cap = cap;
	return 0;
}

/* One gzip member; *used: its length. */
static int gzip_member(struct dout *o, const uint8_t *in, size_t len,
		       size_t *used)
{
	z_stream s;
	size_t done;
	int zr, rc;

	memset(&s, 0, sizeof(s));
	zr = inflateInit2(&s, 16 + MAX_WBITS); /* gzip wrapper only */
	if (zr != Z_OK)
		return dout_err(o, zr == Z_MEM_ERROR ? -ENOMEM : -EINVAL,
				"inflateInit2: %d", zr);
	s.next_in = (Bytef *)in;
	for (;;) {
		rc = dout_reserve(o, MIN_OUT);
		if (rc)
			break;
		done = (size_t)(s.next_in - in);
		s.avail_in = len - done < UINT_MAX ? len - done : UINT_MAX;
		s.next_out = o->buf + o->len;
		s.avail_out =
		    o->cap - o->len < UINT_MAX ? o->cap - o->len : UINT_MAX;
		zr = inflate(&s, Z_NO_FLUSH);
		o->len = (size_t)(s.next_out - o->buf);
		rc = dout_over(o);
		if (rc)
			break;
		if (zr == Z_STREAM_END) {
			*used = (size_t)(s.next_in - in);
			break;
		}
		if (zr == Z_BUF_ERROR ||
		    (zr == Z_OK && s.avail_out && s.next_in == in + len)) {
			rc = dout_err(o, -EINVAL, "truncated input");
			break;
		}
		if (zr != Z_OK) {
			rc = dout_err(o, zr == Z_MEM_ERROR ? -ENOMEM : -EINVAL,
				      "corrupt input (%s)",
				      s.msg ? s.msg : "zlib error");
			break;
		}
	}
	inflateEnd(&s);
	return rc;
}

/* One bzip2 stream; *used: its length. */
static int bzip2_stream(struct dout *o, const uint8_t *in, size_t len,
			size_t *used)
{
	bz_stream s;
	size_t done;
	int br, rc;

	memset(&s, 0, sizeof(s));
	br = BZ2_bzDecompressInit(&s, 0, 0);
	if (br != BZ_OK)
		return dout_err(o, br == BZ_MEM_ERROR ? -ENOMEM : -EINVAL,
				"BZ2_bzDecompressInit: %d", br);
	s.next_in = (char *)in;
	for (;;) {
		rc = dout_reserve(o, MIN_OUT);
		if (rc)
			break;
		done = (size_t)((const uint8_t *)s.next_in - in);
		s.avail_in = len - done < UINT_MAX ? len - done : UINT_MAX;
		s.next_out = (char *)o->buf + o->len;
		s.avail_out =
		    o->cap - o->len < UINT_MAX ? o->cap - o->len : UINT_MAX;
		br = BZ2_bzDecompress(&s);
		o->len = (size_t)((uint8_t *)s.next_out - o->buf);
		rc = dout_over(o);
		if (rc)
			break;
		if (br == BZ_STREAM_END) {
			*used = (size_t)((const uint8_t *)s.next_in - in);
			break;
		}
		if (br == BZ_OK && s.avail_out &&
		    (const uint8_t *)s.next_in == in + len) {
			rc = dout_err(o, -EINVAL, "truncated input");
			break;
		}
		if (br != BZ_OK) {
			rc = dout_err(o, br == BZ_MEM_ERROR ? -ENOMEM : -EINVAL,
				      "corrupt input (libbz2 error %d)", br);
			break;
		}
	}
	BZ2_bzDecompressEnd(&s);
	return rc;
}

static int lzma_fail(struct dout *o, lzma_stream *s, lzma_ret lr)
{
	switch (lr) {
	case LZMA_MEM_ERROR:
		return dout_err(o, -ENOMEM, "out of memory");
	case LZMA_MEMLIMIT_ERROR:
		return dout_err(o, -ENOMEM,
				"needs %llu MiB, over the %llu MiB limit",
				(unsigned long long)(lzma_memusage(s) >> 20),
				LZMA_MEMLIMIT >> 20);
	case LZMA_BUF_ERROR:
		return dout_err(o, -EINVAL, "truncated input");
	case LZMA_OPTIONS_ERROR:
		return dout_err(o, -EINVAL, "unsupported options in header");
	default:
		return dout_err(o, -EINVAL, "corrupt input (liblzma error %d)",
				(int)lr);
	}
}

/* One xz stream or an lzma_alone file; *used: its length. */
static int lzma_one(struct dout *o, const uint8_t *in, size_t len, int xz,
		    size_t *used)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret lr;
	int rc;

	lr = xz ? lzma_stream_decoder(&s, LZMA_MEMLIMIT, 0)
		: lzma_alone_decoder(&s, LZMA_MEMLIMIT);
	if (lr != LZMA_OK)
		return lzma_fail(o, &s, lr);
	s.next_in = in;
	s.avail_in = len;
	for (;;) {
		rc = dout_reserve(o, MIN_OUT);
		if (rc)
			break;
		s.next_out = o->buf + o->len;
		s.avail_out = o->cap - o->len;
		lr = lzma_code(&s, LZMA_RUN);
		o->len = (size_t)(s.next_out - o->buf);
		rc = dout_over(o);
		if (rc)
			break;
		if (lr == LZMA_STREAM_END) {
			*used = (size_t)s.total_in;
			break;
		}
		if (lr == LZMA_OK && s.avail_out && !s.avail_in)
			lr = LZMA_BUF_ERROR; /* it wants more than there is */
		if (lr != LZMA_OK) {
			rc = lzma_fail(o, &s, lr);
			break;
		}
	}
	lzma_end(&s);
	return rc;
}

/* Each frame decoded in one call into the output buffer, which serves as
 * its window: streaming would allocate the window separately (128 MiB for
 * `zstd -22 --ultra` from a pipe, as Linux's kernel build runs it).  A
 * frame that does not say its size is retried in a buffer twice as big. */
static int zstd_frame(struct dout *o, ZSTD_DCtx *d, const uint8_t *in,
		      size_t len)
{
	unsigned long long size = ZSTD_getFrameContentSize(in, len);
	size_t r;
	int rc;

	if (size != ZSTD_CONTENTSIZE_UNKNOWN &&
	    size != ZSTD_CONTENTSIZE_ERROR && size > o->max - o->len)
		return dout_err(o, -EFBIG,
				"frame of %llu bytes, over the "
				"%zu-byte limit",
				size, o->max);
	rc = dout_reserve(o, size <= o->max ? (size_t)size : MIN_OUT);
	for (; !rc; rc = dout_reserve(o, o->cap - o->len + 1)) {
		r = ZSTD_decompressDCtx(d, o->buf + o->len, o->cap - o->len, in,
					len);
		if (!ZSTD_isError(r)) {
			o->len += r;
			return dout_over(o);
		}
		if (ZSTD_getErrorCode(r) != ZSTD_error_dstSize_tooSmall)
			return dout_err(o, -EINVAL, "corrupt input (%s)",
					ZSTD_getErrorName(r));
		if (o->cap == hard_cap(o))
			return dout_err(o, -EFBIG,
					"output over the %zu-byte limit",
					o->max);
	}
	return rc;
}

static int zstd_is_frame(const uint8_t *p, size_t len)
{
	uint32_t m = len >= 4 ? rd_le32(p) : 0;

	return m == ZSTD_MAGICNUMBER ||
	       (m & ZSTD_MAGIC_SKIPPABLE_MASK) == ZSTD_MAGIC_SKIPPABLE_START;
}

static int decomp_zstd(struct dout *o, const uint8_t *in, size_t len)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	size_t pos = 0, n;
	int rc = 0;

	if (!d)
		return dout_err(o, -ENOMEM, "no memory for a context");
	do {
		n = ZSTD_findFrameCompressedSize(in + pos, len - pos);
		if (ZSTD_isError(n)) {
			rc = dout_err(o, -EINVAL, "frame at byte %zu: %s", pos,
				      ZSTD_getErrorName(n));
			break;
		}
		rc = zstd_frame(o, d, in + pos, n);
		pos += n;
	} while (!rc && n && zstd_is_frame(in + pos, len - pos));
	ZSTD_freeDCtx(d);
	return rc;
}

/* After an xz stream: stream padding (zero words), then maybe another. */
static size_t xz_next(const uint8_t *in, size_t len, size_t pos)
{
	while (len - pos >= 4 && !rd_le32(in + pos))
		pos += 4;
	return pos;
}

/* The streaming formats, one stream after the other while the next one
 * starts with the magic; every stream is at least one byte. */
static int decomp_streams(struct dout *o, enum decomp_fmt fmt,
			  const uint8_t *in, size_t len)
{
	size_t pos = 0, used = 0;
	int rc;

	do {
		if (fmt == DECOMP_GZIP)
			rc = gzip_member(o, in + pos, len - pos, &used);
		else if (fmt == DECOMP_BZIP2)
			rc = bzip2_stream(o, in + pos, len - pos, &used);
		else
			rc = lzma_one(o, in + pos, len - pos, fmt == DECOMP_XZ,
				      &used);
		if (rc)
			return rc;
		pos += used ? used : len - pos;
		if (fmt == DECOMP_XZ)
			pos = xz_next(in, len, pos);
	} while (fmt != DECOMP_LZMA && has_magic(in + pos, len - pos, fmt));
	return 0;
}

/* first: bytes to allocate before the first byte is written. */
static int decomp_into(enum decomp_fmt fmt, const void *in, size_t in_len,
		       size_t max_out, size_t first, void **out,
		       size_t *out_len, char *err, size_t err_size)
{
	struct dout o = {.max = max_out,
			 .name = decomp_name(fmt),
			 .err = err,
			 .err_size = err_size};
	void *shrunk;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (err && err_size)
		err[0] = '\0';
	if (fmt <= DECOMP_NONE || fmt > DECOMP_ZSTD)
		return dout_err(&o, -ENOTSUP, "format %d not built in",
				(int)fmt);
	if (!in || !in_len)
		return dout_err(&o, -EINVAL, "empty input");
	rc = dout_reserve(&o, first);
	if (!rc && fmt == DECOMP_ZSTD)
		rc = decomp_zstd(&o, in, in_len);
	else if (!rc && fmt == DECOMP_LZ4)
		rc = decomp_lz4(&o, in, in_len);
	else if (!rc && fmt == DECOMP_LZO)
		rc = decomp_lzo(&o, in, in_len);
	else if (!rc)
		rc = decomp_streams(&o, fmt, in, in_len);
	if (!rc)
		rc = dout_over(&o);
	if (rc) {
		free(o.buf);
		return rc;
	}
	/* Give back what the doubling over-allocated, where the heap can. */
	shrunk =
	    o.cap - o.len > o.cap / 4 ? realloc(o.buf, o.len + !o.len) : NULL;
	*out = shrunk ? shrunk : o.buf;
	*out_len = o.len;
	return 0;
}

int decomp_buffer(enum decomp_fmt fmt, const void *in, size_t in_len,
		  size_t max_out, void **out, size_t *out_len, char *err,
		  size_t err_size)
{
	/* A guess at the ratio, to spare the first few doublings. */
	return decomp_into(fmt, in, in_len, max_out,
			   in_len < SIZE_MAX / 4 ? in_len * 4 : in_len, out,
			   out_len, err, err_size);
}

int decomp_buffer_sized(enum decomp_fmt fmt, const void *in, size_t in_len,
			size_t size, void **out, size_t *out_len, char *err,
			size_t err_size)
{
	return decomp_into(fmt, in, in_len, size, size + (size < SIZE_MAX), out,
			   out_len, err, err_size);
}
