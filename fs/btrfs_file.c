/*
 * btrfs_file.c - btrfs file contents: the EXTENT_DATA items of an inode,
 * keyed by file offset.  Inline extents (data in the item, possibly
 * compressed), regular extents (disk_bytenr 0 is a hole; offset and
 * num_bytes select part of the extent; zlib, LZO or zstd compress the
 * whole extent) and preallocated ones (read as zeros).  Offsets no extent
 * covers are holes (NO_HOLES filesystems leave them out).
 *
 * The disk is untrusted: item sizes are checked before fields are read,
 * extent ranges for overflow and against the extent they select from,
 * compressed extents against the 128 KiB btrfs allows; encrypted or
 * otherwise encoded extents are refused.  A read visits a bounded number
 * of extents.  The last decompressed extent is kept, so a file read in
 * small pieces inflates each extent once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs/btrfs_priv.h"

#define EXT_HDR	       21 /* generation .. type; inline data follows */
#define EXT_REG_SIZE   53
#define EXT_INLINE     0
#define EXT_PREALLOC   2
#define COMPRESS_TYPES 3

/* One extent as the read needs it: [start, start + len) of the file;
 * hole, inline (data in it->data), or disk at bytenr (+ skip). */
struct extent {
	uint64_t start, len;
	uint8_t kind, compression;
	uint64_t bytenr, disk_len, ram_len, skip;
};

static int extent_parse(struct btrfs *b, const struct btrfs_item *it,
			uint64_t obj, struct extent *e)
{
	const uint8_t *d = it->data;

	*e = (struct extent){0};
	if (it->size < EXT_HDR || d[17] || btrfs_le16(d + 18) ||
	    d[16] > COMPRESS_TYPES || d[20] > EXT_PREALLOC)
		goto bad;
	e->start = it->key.offset;
	e->kind = d[20];
	e->compression = d[16];
	e->ram_len = btrfs_le64(d + 8);
	if (e->kind == EXT_INLINE) {
		e->disk_len = it->size - EXT_HDR;
		e->len = e->compression ? e->ram_len : e->disk_len;
		if (e->len > BTRFS_MAX_EXTENT)
			goto bad;
	} else {
		if (it->size < EXT_REG_SIZE)
			goto bad;
		e->bytenr = btrfs_le64(d + 21);
		e->disk_len = btrfs_le64(d + 29);
		e->skip = btrfs_le64(d + 37);
		e->len = btrfs_le64(d + 45);
		uint64_t whole = e->compression ? e->ram_len : e->disk_len;
		if (e->bytenr && (e->skip > whole || e->len > whole - e->skip))
			goto bad;
		if (e->bytenr && e->compression &&
		    (e->disk_len > BTRFS_MAX_EXTENT ||
		     e->ram_len > BTRFS_MAX_EXTENT))
			goto bad;
	}
	if (e->start + e->len < e->start)
		goto bad;
	return 0;
bad:
	btrfs_log(b, "inode %llu: bad extent at %llu", (unsigned long long)obj,
		  (unsigned long long)it->key.offset);
	return -EIO;
}

/* The extent's decompressed bytes (kept in b->ext). */
static int inflate(struct btrfs *b, uint64_t ino, const struct extent *e,
		   const uint8_t *inline_data)
{
	uint8_t *in = NULL, *out;
	char err[80] = "";
	int rc = 0;

	if (b->ext.buf && b->ext.ino == ino && e->kind != EXT_INLINE &&
	    b->ext.disk_bytenr == e->bytenr && b->ext.len == e->ram_len)
		return 0;
	free(b->ext.buf);
	b->ext.buf = NULL;
	out = malloc(e->ram_len ? e->ram_len : 1);
	if (!out)
		return -ENOMEM;
	if (e->kind != EXT_INLINE) {
		in = malloc(e->disk_len ? e->disk_len : 1);
		rc = in ? btrfs_read_logical(b, e->bytenr, in, e->disk_len)
			: -ENOMEM;
		inline_data = in;
	}
	if (rc == 0)
		rc = btrfs_decompress(e->compression, inline_data, e->disk_len,
				      out, e->ram_len, b->sectorsize, err,
				      sizeof(err));
	free(in);
	if (rc < 0) {
		if (err[0])
			btrfs_log(b, "extent %llu: %s",
				  (unsigned long long)e->bytenr, err);
		free(out);
		return rc;
	}
	b->ext.buf = out;
	b->ext.len = e->ram_len;
	b->ext.ino = ino;
	b->ext.disk_bytenr = e->kind == EXT_INLINE ? 0 : e->bytenr;
	return 0;
}

/* Copies [pos, pos + n) of the file, inside extent e, into buf. */
static int extent_copy(struct btrfs *b, uint64_t ino, const struct extent *e,
		       const uint8_t *item, uint64_t pos, uint8_t *buf,
		       size_t n)
{
	uint64_t rel = pos - e->start;
	int rc;

	if (e->kind == EXT_PREALLOC ||
	    (e->kind != EXT_INLINE && e->bytenr == 0)) {
		memset(buf, 0, n);
		return 0;
	}
	if (e->compression) {
		if ((rc = inflate(b, ino, e, item + EXT_HDR)) < 0)
			return rc;
		memcpy(buf, b->ext.buf + e->skip + rel, n);
		return 0;
	}
	if (e->kind == EXT_INLINE) {
		memcpy(buf, item + EXT_HDR + rel, n);
		return 0;
	}
	return btrfs_read_logical(b, e->bytenr + e->skip + rel, buf, n);
}

/* Fills buf with file bytes from pos on (at most n); the count done. */
static long read_step(struct btrfs *b, uint64_t ino, const struct btrfs_root *r,
		      uint64_t obj, uint64_t pos, uint8_t *buf, size_t n)
{
	struct btrfs_key key = {obj, BTRFS_EXTENT_DATA, pos};
	struct btrfs_item it;
	struct extent e;
	int rc = btrfs_search(b, &r->tree, &key, BTRFS_LE, &it);

	if (rc == 0 &&
	    (it.key.objectid != obj || it.key.type != BTRFS_EXTENT_DATA)) {
		btrfs_item_free(&it);
		rc = -ENOENT;
	}
	if (rc < 0 && rc != -ENOENT)
		return rc;
	if (rc == 0 && (rc = extent_parse(b, &it, obj, &e)) == 0 &&
	    pos < e.start + e.len) {
		if (n > e.start + e.len - pos)
			n = (size_t)(e.start + e.len - pos);
		e.skip = e.kind == EXT_INLINE ? 0 : e.skip;
		rc = extent_copy(b, ino, &e, it.data, pos, buf, n);
		btrfs_item_free(&it);
		return rc < 0 ? rc : (long)n;
	}
	btrfs_item_free(&it);
	if (rc < 0 && rc != -ENOENT)
		return rc;
	/* A hole up to the next extent. */
	rc = btrfs_find(b, &r->tree, obj, BTRFS_EXTENT_DATA, pos + 1, &it);
	if (rc < 0 && rc != -ENOENT)
		return rc;
	if (rc == 0 && it.key.offset - pos < n)
		n = (size_t)(it.key.offset - pos);
	if (rc == 0)
		btrfs_item_free(&it);
	memset(buf, 0, n);
	return (long)n;
}

long btrfs_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf,
		size_t len)
{
	struct btrfs *b = (struct btrfs *)fs;
	const struct btrfs_root *r;
	uint64_t size, obj;
	uint32_t mode;
	size_t done = 0, steps;
	int rc;

	if ((rc = btrfs_inode(b, ino, &size, &mode)) < 0 ||
	    (rc = btrfs_ino(b, ino, &r, &obj)) < 0)
		return rc;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = (size_t)(size - off);
	if (len > (size_t)(1u << 30))
		len = 1u << 30; /* the count must fit a long */
	/* Extents are whole sectors but for a file's last: each step covers
	 * a sector, or the rest of a read ending there, or a hole. */
	steps = len / 512 + 16;
	while (done < len) {
		long n;
		if (steps-- == 0)
			return btrfs_log(b, "inode %llu: too many extents",
					 (unsigned long long)obj),
			       -EIO;
		n = read_step(b, ino, r, obj, off + done, (uint8_t *)buf + done,
			      len - done);
		if (n < 0)
			return n;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (long)done;
}

int btrfs_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size)
{
	struct btrfs *b = (struct btrfs *)fs;
	uint64_t len;
	uint32_t mode;
	long n;
	int rc = btrfs_inode(b, ino, &len, &mode);

	if (rc < 0)
		return rc;
	if (size == 0 || len >= size)
		return -ENAMETOOLONG;
	n = btrfs_read(fs, ino, 0, buf, (size_t)len);
	if (n < 0)
		return (int)n;
	if ((uint64_t)n != len)
		return btrfs_log(b, "symlink %llu: short target",
				 (unsigned long long)ino),
		       -EIO;
	buf[n] = 0;
	return (int)n;
}
