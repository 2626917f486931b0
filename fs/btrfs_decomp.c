/*
 * btrfs_decomp.c - the three ways btrfs compresses an extent, through
 * the libraries themselves (ports/ on domlet, the -dev packages on the
 * host): zlib streams (RFC 1950, header and Adler-32), zstd frames, and
 * btrfs's own LZO layout: a 4-byte total length, then segments of one
 * sector's data each, a 4-byte length before each compressed segment,
 * and a segment header never straddling a sector (the rest of the sector
 * is padding then).
 *
 * The input is untrusted: every length is checked against the input,
 * the output never exceeds out_len (the extent's ram_bytes), and a
 * stream that ends early leaves zeros, as Linux reads it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <lzo/lzo1x.h>
#include <zlib.h>
#include <zstd.h>
#include "fs/btrfs_priv.h"

#define LZO_SEG_MAX (128u << 10)

static int zlib_inflate(const uint8_t *in, size_t in_len, uint8_t *out,
			size_t out_len, char *err, size_t err_size)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return snprintf(err, err_size, "zlib: init failed"), -EIO;
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)in_len;
	z.next_out = out;
	z.avail_out = (uInt)out_len;
	rc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	/* Z_BUF_ERROR: the output is full (or the input ended); a stream
	 * bigger than the extent says it is gets cut there, as Linux does. */
	if (rc != Z_STREAM_END && rc != Z_BUF_ERROR)
		return snprintf(err, err_size, "zlib: corrupt stream (%d)", rc),
		       -EIO;
	return 0;
}

static int zstd_inflate(const uint8_t *in, size_t in_len, uint8_t *out,
			size_t out_len, char *err, size_t err_size)
{
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	ZSTD_inBuffer ib = {in, in_len, 0};
	ZSTD_outBuffer ob = {out, out_len, 0};
	size_t rc = 0;

	if (!dc)
		return snprintf(err, err_size, "zstd: no memory"), -ENOMEM;
	/* btrfs writes windows of at most 128 KiB; refuse bigger ones
	 * rather than allocate what a hostile header asks for. */
	ZSTD_DCtx_setParameter(dc, ZSTD_d_windowLogMax, 17);
	while (ob.pos < ob.size && ib.pos < ib.size) {
		size_t before = ib.pos + ob.pos;
		rc = ZSTD_decompressStream(dc, &ob, &ib);
		if (ZSTD_isError(rc) || rc == 0 || ib.pos + ob.pos == before)
			break;
	}
	ZSTD_freeDCtx(dc);
	if (ZSTD_isError(rc))
		return snprintf(err, err_size, "zstd: %s",
				ZSTD_getErrorName(rc)),
		       -EIO;
	return 0;
}

static int lzo_inflate(const uint8_t *in, size_t in_len, uint8_t *out,
		       size_t out_len, uint32_t sectorsize, char *err,
		       size_t err_size)
{
	size_t pos = 4, done = 0, total;

	if (in_len < 4 || (total = btrfs_le32(in)) > in_len || total < 4)
		return snprintf(err, err_size, "lzo: bad total length"), -EIO;
	while (pos < total && done < out_len) {
		size_t seg;
		lzo_uint n;
		/* A segment header does not cross a sector boundary. */
		if (sectorsize - pos % sectorsize < 4)
			pos += sectorsize - pos % sectorsize;
		if (pos >= total)
			break;
		if (total - pos < 4)
			return snprintf(err, err_size, "lzo: truncated"), -EIO;
		seg = btrfs_le32(in + pos);
		pos += 4;
		if (seg == 0 || seg > LZO_SEG_MAX || seg > total - pos)
			return snprintf(err, err_size, "lzo: bad segment"),
			       -EIO;
		n = out_len - done;
		if (lzo1x_decompress_safe(in + pos, seg, out + done, &n,
					  NULL) != LZO_E_OK &&
		    n != out_len - done)
			return snprintf(err, err_size, "lzo: corrupt segment"),
			       -EIO;
		done += n;
		pos += seg;
	}
	return 0;
}

int btrfs_decompress(int type, const uint8_t *in, size_t in_len, uint8_t *out,
		     size_t out_len, uint32_t sectorsize, char *err,
		     size_t err_size)
{
	memset(out, 0, out_len);
	switch (type) {
	case 1:
		return zlib_inflate(in, in_len, out, out_len, err, err_size);
	case 2:
		return lzo_inflate(in, in_len, out, out_len, sectorsize, err,
				   err_size);
	case 3:
		return zstd_inflate(in, in_len, out, out_len, err, err_size);
	}
	snprintf(err, err_size, "unknown compression %d", type);
	return -EIO;
}
