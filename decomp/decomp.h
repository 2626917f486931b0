/*
 * decomp.h - whole-buffer decompression of every format a Linux kernel,
 * initrd or Xen guest image may be compressed with, using the real
 * libraries (zlib, bzip2, liblzma, lzo2, lz4, zstd: ports/ on domlet,
 * the host's -dev packages in tests).
 *
 * The input is untrusted: a truncated or corrupt stream is an error with
 * a message, never a crash or a read outside the input; the output never
 * exceeds the caller's limit (-EFBIG).  Bytes after the end of the
 * compressed stream (a kernel's appended size, padding) are ignored.
 */
#ifndef DECOMP_DECOMP_H
#define DECOMP_DECOMP_H

#include <stddef.h>

enum decomp_fmt {
	DECOMP_NONE = 0, /* not compressed (or not a format we know) */
	DECOMP_GZIP,	 /* 1f 8b */
	DECOMP_BZIP2,	 /* "BZh" */
	DECOMP_LZMA,	 /* lzma_alone: 5d 00 00 ... */
	DECOMP_XZ,	 /* fd "7zXZ" 00 */
	DECOMP_LZO,	 /* lzop's file format: 89 "LZO" 00 0d 0a 1a 0a */
	DECOMP_LZ4,	 /* frame 04 22 4d 18, or legacy 02 21 4c 18 */
	DECOMP_ZSTD,	 /* 28 b5 2f fd */
};

/* The format by its magic bytes; DECOMP_NONE if none matches. */
enum decomp_fmt decomp_detect(const void *buf, size_t len);
const char *decomp_name(enum decomp_fmt fmt); /* "gzip", ..., "none" */

/*
 * Decompresses in[0..in_len) as fmt into a malloc'd buffer *out of
 * *out_len bytes (at most max_out).  0, or -EINVAL (corrupt or truncated
 * input), -EFBIG (output over max_out), -ENOMEM, -ENOTSUP (format not
 * built in).  On error *out is NULL and err (if not NULL) holds a
 * one-line reason ("xz: truncated input").
 */
int decomp_buffer(enum decomp_fmt fmt, const void *in, size_t in_len,
		  size_t max_out, void **out, size_t *out_len, char *err,
		  size_t err_size);

/*
 * The same when the output's size is known (a Linux payload's appended
 * size): one buffer of size bytes (and one spare, to see an overrun) is
 * allocated before decompressing, never grown or copied, so the peak is
 * the output itself rather than up to 1.5 times it.  More output than
 * size is -EFBIG; less is returned as is (*out_len tells).
 */
int decomp_buffer_sized(enum decomp_fmt fmt, const void *in, size_t in_len,
			size_t size, void **out, size_t *out_len, char *err,
			size_t err_size);

#endif
