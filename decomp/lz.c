/*
 * lz.c - lz4 and lzop: the two formats whose container we parse
 * ourselves, handing each block to the library (LZ4_decompress_safe,
 * lzo1x_decompress_safe) or, for lz4's frame format, the whole frame to
 * liblz4's LZ4F decoder.
 *
 * Every header field is untrusted: sizes are checked against what is
 * left of the input and of the output limit before use, each loop
 * consumes input on every turn, and lzop's checksums (header, compressed
 * and decompressed blocks) are verified when the file has them.
 *
 * lz4 streams, one after the other:
 *   frame    04 22 4d 18 ... (the lz4 CLI's default; LZ4F)
 *   legacy   02 21 4c 18, then blocks [le32 compressed size][data], each
 *            at most 8 MiB decompressed (`lz4 -l`, Linux's kernel build).
 *            The format has no end mark: it ends at the end of the input,
 *            at a size word that cannot be a block's (0, larger than a
 *            block can compress to: a following frame's magic, say), or
 *            at a size word in the last four bytes (the kernel build's
 *            appended length).  A block cut short is an error.
 *   skippable 5X 2a 4d 18 [le32 size][data], skipped.
 * lzop: magic, header, blocks [be32 out][be32 in][checksums][data] up to
 * a zero out size (lzop's own limit of 64 MiB a block), perhaps another
 * lzop file after it.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <lz4.h>
#include <lz4frame.h>
#include <lzo/lzo1x.h>
#include "decomp/decomp_int.h"

#define LZ4_FRAME_MAGIC	 0x184D2204u
#define LZ4_LEGACY_MAGIC 0x184C2102u
#define LZ4_SKIP_MAGIC	 0x184D2A50u /* low 4 bits free */
#define LZ4_LEGACY_BLOCK (8u << 20)

/* One LZ4 frame through LZ4F; *used: its length. */
static int lz4_frame(struct dout *o, const uint8_t *in, size_t len,
		     size_t *used)
{
	LZ4F_dctx *d;
	size_t pos = 0, r = 1, src_n, dst_n;
	int rc = 0;

	if (LZ4F_isError(LZ4F_createDecompressionContext(&d, LZ4F_VERSION)))
		return dout_err(o, -ENOMEM, "no memory for a context");
	while (r) {
		rc = dout_reserve(o, 64u << 10);
		if (rc)
			break;
		src_n = len - pos;
		dst_n = o->cap - o->len;
		r = LZ4F_decompress(d, o->buf + o->len, &dst_n, in + pos,
				    &src_n, NULL);
		if (LZ4F_isError(r)) {
			rc = dout_err(o, -EINVAL, "corrupt frame (%s)",
				      LZ4F_getErrorName(r));
			break;
		}
		pos += src_n;
		o->len += dst_n;
		rc = dout_over(o);
		if (rc)
			break;
		/* No progress with room to write: it wants more input. */
		if (r && !src_n && !dst_n) {
			rc = dout_err(o, -EINVAL, "truncated input");
			break;
		}
	}
	LZ4F_freeDecompressionContext(d);
	*used = pos;
	return rc;
}

/* One legacy block of csize bytes at src. */
static int lz4_block(struct dout *o, const uint8_t *src, uint32_t csize,
		     size_t at)
{
	size_t room;
	int n, rc;

	rc = dout_reserve(o, LZ4_LEGACY_BLOCK);
	if (rc)
		return rc;
	room = o->cap - o->len;
	if (room >= LZ4_LEGACY_BLOCK)
		n = LZ4_decompress_safe((const char *)src,
					(char *)o->buf + o->len, (int)csize,
					(int)LZ4_LEGACY_BLOCK);
	else /* the limit is near: decode only up to one byte past it */
		n = LZ4_decompress_safe_partial(
		    (const char *)src, (char *)o->buf + o->len, (int)csize,
		    (int)room, (int)room);
	if (n < 0)
		return dout_err(o, -EINVAL, "corrupt block at byte %zu", at);
	o->len += (size_t)n;
	return dout_over(o);
}

/* A legacy stream (magic at in[0]); *used: its length. */
static int lz4_legacy(struct dout *o, const uint8_t *in, size_t len,
		      size_t *used)
{
	size_t pos = 4;
	uint32_t csize;
	int rc;

	while (len - pos >= 4) {
		csize = rd_le32(in + pos);
		if (!csize ||
		    csize > (uint32_t)LZ4_COMPRESSBOUND(LZ4_LEGACY_BLOCK))
			break; /* not a block: the stream has ended */
		if (len - pos == 4)
			break; /* the kernel build's appended size */
		if (csize > len - pos - 4)
			return dout_err(o, -EINVAL,
					"truncated input (block at byte %zu "
					"wants %u bytes, %zu left)",
					pos, csize, len - pos - 4);
		rc = lz4_block(o, in + pos + 4, csize, pos);
		if (rc)
			return rc;
		pos += 4 + (size_t)csize;
	}
	*used = pos;
	return 0;
}

/* A skippable frame: [magic][le32 size][size bytes]. */
static int lz4_skip(struct dout *o, const uint8_t *in, size_t len, size_t *used)
{
	if (len < 8 || rd_le32(in + 4) > len - 8)
		return dout_err(o, -EINVAL, "truncated skippable frame");
	*used = 8 + (size_t)rd_le32(in + 4);
	return 0;
}

int decomp_lz4(struct dout *o, const uint8_t *in, size_t len)
{
	size_t pos = 0, used;
	uint32_t magic;
	int rc;

	while (len - pos >= 4) {
		magic = rd_le32(in + pos);
		used = 0;
		if (magic == LZ4_FRAME_MAGIC)
			rc = lz4_frame(o, in + pos, len - pos, &used);
		else if (magic == LZ4_LEGACY_MAGIC)
			rc = lz4_legacy(o, in + pos, len - pos, &used);
		else if ((magic & ~0xfu) == LZ4_SKIP_MAGIC)
			rc = lz4_skip(o, in + pos, len - pos, &used);
		else if (pos == 0)
			return dout_err(o, -EINVAL, "no lz4 magic");
		else
			break; /* trailing bytes */
		if (rc)
			return rc;
		pos += used;
	}
	return pos ? 0 : dout_err(o, -EINVAL, "truncated input");
}

/* ---- lzop ---- */

#define LZOP_MAGIC_LEN	9
#define LZOP_MAX_BLOCK	(64u << 20) /* lzop's MAX_BLOCK_SIZE */
#define F_ADLER32_D	0x00000001u
#define F_ADLER32_C	0x00000002u
#define F_H_EXTRA_FIELD 0x00000040u
#define F_CRC32_D	0x00000100u
#define F_CRC32_C	0x00000200u
#define F_H_FILTER	0x00000800u
#define F_H_CRC32	0x00001000u
#define F_RESERVED	0x000fc000u /* neither flag, OS nor charset */

static const uint8_t lzop_magic[LZOP_MAGIC_LEN] = {0x89, 'L',  'Z',  'O', 0x00,
						   0x0d, 0x0a, 0x1a, 0x0a};

/* A reader over the input that notes running off its end. */
struct cur {
	const uint8_t *p;
	size_t len, pos;
	bool short_;
};

static uint32_t get(struct cur *c, unsigned n)
{
	uint32_t v = 0;

	if (c->len - c->pos < n) {
		c->short_ = true;
		c->pos = c->len;
		return 0;
	}
	while (n--)
		v = v << 8 | c->p[c->pos++];
	return v;
}

static void skip(struct cur *c, size_t n)
{
	if (c->len - c->pos < n) {
		c->short_ = true;
		c->pos = c->len;
	} else {
		c->pos += n;
	}
}

static uint32_t lzop_sum(uint32_t flags, const uint8_t *p, size_t n)
{
	return flags & F_H_CRC32 ? lzo_crc32(0, p, n) : lzo_adler32(1, p, n);
}

/* The header after the magic; returns the flags in *flags. */
static int lzop_header(struct dout *o, struct cur *c, uint32_t *flags)
{
	size_t start = c->pos;
	uint32_t version, method, sum;

	version = get(c, 2);
	get(c, 2); /* the lzo library's version */
	if (version >= 0x0940 && get(c, 2) < 0x0900)
		return dout_err(o, -EINVAL, "bad version needed to extract");
	method = get(c, 1);
	if (version >= 0x0940)
		get(c, 1); /* level */
	*flags = get(c, 4);
	if ((*flags & F_H_FILTER) && get(c, 4))
		return dout_err(o, -ENOTSUP,
				"filtered (lzop --filter) files "
				"are not supported");
	skip(c, version >= 0x0940 ? 12 : 8); /* mode, mtime (low, high) */
	skip(c, get(c, 1));		     /* file name */
	if (c->short_)
		return dout_err(o, -EINVAL, "truncated header");
	sum = lzop_sum(*flags, c->p + start, c->pos - start);
	if (get(c, 4) != sum || c->short_)
		return dout_err(o, -EINVAL, "header checksum mismatch");
	if (version < 0x0900 || method < 1 || method > 3 ||
	    (*flags & F_RESERVED))
		return dout_err(o, -EINVAL,
				"unknown version %#x, method %u "
				"or flags %#x",
				version, method, *flags);
	if (*flags & F_H_EXTRA_FIELD) { /* unused by lzop, but checked */
		start = c->pos;
		skip(c, get(c, 4));
		if (c->short_)
			return dout_err(o, -EINVAL, "truncated extra field");
		sum = lzop_sum(*flags, c->p + start, c->pos - start);
		if (get(c, 4) != sum || c->short_)
			return dout_err(o, -EINVAL,
					"extra field checksum "
					"mismatch");
	}
	return 0;
}

/* The checksums a block header carries before its data. */
struct lzop_sums {
	uint32_t d_adler, d_crc, c_adler, c_crc;
};

static int lzop_check(struct dout *o, uint32_t flags, const uint8_t *p,
		      size_t n, uint32_t adler, uint32_t crc, const char *what)
{
	if ((flags & (F_ADLER32_D | F_ADLER32_C)) &&
	    lzo_adler32(1, p, n) != adler)
		return dout_err(o, -EINVAL, "%s adler32 mismatch", what);
	if ((flags & (F_CRC32_D | F_CRC32_C)) && lzo_crc32(0, p, n) != crc)
		return dout_err(o, -EINVAL, "%s crc32 mismatch", what);
	return 0;
}

/* One block whose sizes and sums are read; its data at c->pos. */
static int lzop_data(struct dout *o, struct cur *c, uint32_t flags,
		     uint32_t out_n, uint32_t in_n, const struct lzop_sums *s)
{
	const uint8_t *src = c->p + c->pos;
	lzo_uint got = out_n;
	int rc, lr;

	if (in_n < out_n) {
		rc = lzop_check(o, flags & (F_ADLER32_C | F_CRC32_C), src, in_n,
				s->c_adler, s->c_crc, "compressed block");
		if (rc)
			return rc;
	}
	if (out_n > o->max - o->len)
		return dout_err(o, -EFBIG, "output over the %zu-byte limit",
				o->max);
	rc = dout_reserve(o, out_n);
	if (rc)
		return rc;
	if (in_n == out_n) { /* stored */
		memcpy(o->buf + o->len, src, out_n);
	} else {
		lr = lzo1x_decompress_safe(src, in_n, o->buf + o->len, &got,
					   NULL);
		if (lr != LZO_E_OK || got != out_n)
			return dout_err(o, -EINVAL,
					"corrupt block at byte %zu "
					"(lzo error %d)",
					c->pos, lr);
	}
	rc = lzop_check(o, flags & (F_ADLER32_D | F_CRC32_D), o->buf + o->len,
			out_n, s->d_adler, s->d_crc, "block");
	if (rc)
		return rc;
	o->len += out_n;
	c->pos += in_n;
	return 0;
}

/* The blocks of one lzop file, up to its end mark. */
static int lzop_blocks(struct dout *o, struct cur *c, uint32_t flags)
{
	struct lzop_sums s = {0};
	uint32_t out_n, in_n;
	int rc;

	for (;;) {
		out_n = get(c, 4);
		if (c->short_)
			return dout_err(o, -EINVAL, "truncated input");
		if (!out_n)
			return 0;
		in_n = get(c, 4);
		if (out_n > LZOP_MAX_BLOCK || !in_n || in_n > out_n)
			return dout_err(o, -EINVAL,
					"corrupt block header at "
					"byte %zu (%u from %u bytes)",
					c->pos, out_n, in_n);
		s.d_adler = flags & F_ADLER32_D ? get(c, 4) : 0;
		s.d_crc = flags & F_CRC32_D ? get(c, 4) : 0;
		s.c_adler =
		    (flags & F_ADLER32_C) && in_n < out_n ? get(c, 4) : 0;
		s.c_crc = (flags & F_CRC32_C) && in_n < out_n ? get(c, 4) : 0;
		if (c->short_ || in_n > c->len - c->pos)
			return dout_err(o, -EINVAL, "truncated input");
		rc = lzop_data(o, c, flags, out_n, in_n, &s);
		if (rc)
			return rc;
	}
}

int decomp_lzo(struct dout *o, const uint8_t *in, size_t len)
{
	struct cur c = {.p = in, .len = len};
	uint32_t flags = 0;
	int rc;

	if (lzo_init() != LZO_E_OK)
		return dout_err(o, -EINVAL, "lzo_init failed");
	do {
		if (len - c.pos < LZOP_MAGIC_LEN ||
		    memcmp(in + c.pos, lzop_magic, LZOP_MAGIC_LEN))
			return dout_err(o, -EINVAL, "no lzop magic");
		c.pos += LZOP_MAGIC_LEN;
		rc = lzop_header(o, &c, &flags);
		if (!rc)
			rc = lzop_blocks(o, &c, flags);
		if (rc)
			return rc;
	} while (len - c.pos >= LZOP_MAGIC_LEN &&
		 !memcmp(in + c.pos, lzop_magic, LZOP_MAGIC_LEN));
	return 0;
}
