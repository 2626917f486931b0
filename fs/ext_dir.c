/*
 * ext_dir.c - ext2/3/4 directories and inline data: linear directory
 * blocks, htree directories (whose leaves are ordinary dirent blocks:
 * the dx_root and dx_node blocks look like an empty dirent spanning the
 * block, so a linear scan reads past their index data), metadata_csum
 * dirent tails (inode 0, skipped like any unused entry), and inline
 * directories and files (i_block plus the system.data xattr).
 *
 * Every record is checked inside its block: rec_len at least 8, a
 * multiple of 4, not past the block's end, and long enough for its
 * name.  A bad record ends the walk with -EIO and a message.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs/ext.h"

#define XATTR_MAGIC	   0xea020000u
#define XATTR_INDEX_SYSTEM 7
/* Largest directory walked (Linux's largedir stays far below it). */
#define EXT_DIR_MAX (1ull << 32)

int ext_inline_value(struct ext_fs *e, const struct ext_inode *in,
		     const uint8_t **val, size_t *len)
{
	uint32_t extra, base, pos, end = e->inode_size;
	const uint8_t *x;

	*val = NULL;
	*len = 0;
	if (end <= 128)
		return 0;
	extra = ext_le16(in->raw + 128);
	if (extra % 4 || 128 + extra + 4 > end ||
	    ext_le32(in->raw + 128 + extra) != XATTR_MAGIC)
		return 0; /* no in-inode xattrs: all data is in i_block */
	base = 128 + extra + 4;
	for (pos = base; pos + 16 <= end && ext_le32(in->raw + pos);) {
		uint32_t nlen, voff, vsize, step;

		x = in->raw + pos;
		nlen = x[0];
		voff = ext_le16(x + 2);
		vsize = ext_le32(x + 8);
		step = (16 + nlen + 3) & ~3u;
		if (pos + 16 + nlen > end)
			break;
		if (x[1] == XATTR_INDEX_SYSTEM && nlen == 4 &&
		    memcmp(x + 16, "data", 4) == 0) {
			if (ext_le32(x + 4) != 0 || voff > end - base ||
			    vsize > end - base - voff) {
				fs_msgf("%s: inode %u: system.data xattr out "
					"of the inode",
					e->fs.type_name, in->ino);
				return -EIO;
			}
			*val = in->raw + base + voff;
			*len = vsize;
			return 0;
		}
		pos += step;
	}
	return 0;
}

/* rec_len as stored: 64 KiB blocks need 17 bits (ext4_rec_len_from_disk). */
static uint32_t rec_len(const struct ext_fs *e, const uint8_t *d)
{
	uint32_t len = ext_le16(d + 4);

	if (e->block_size >= 65536 && (len == 65535 || len == 0))
		return 65536;
	return (len & 65532) | ((len & 3) << 16);
}

/* Walks the records of one block (or inline area) of size bytes. */
static int dirents(struct ext_fs *e, const struct ext_inode *in,
		   const uint8_t *blk, uint32_t size, uint64_t where,
		   ext_dirent_fn fn, void *arg)
{
	bool ft = e->incompat & EXT_INCOMPAT_FILETYPE;
	uint32_t off = 0, len, nlen, ino;
	int rc;

	while (off + 8 <= size) {
		const uint8_t *d = blk + off;

		ino = ext_le32(d);
		len = rec_len(e, d);
		nlen = d[6];
		if (len < 8 || len % 4 || len > size - off || nlen + 8 > len) {
			fs_msgf("%s: inode %u: directory entry at %llu+%u bad "
				"(rec_len %u, name_len %u)",
				e->fs.type_name, in->ino,
				(unsigned long long)where, off, len, nlen);
			return -EIO;
		}
		if (ino != 0 && nlen != 0) {
			rc = fn(arg, (const char *)d + 8, nlen, ino,
				ft ? d[7] : 0);
			if (rc)
				return rc;
		}
		off += len;
	}
	return 0;
}

static int dir_inline(struct ext_fs *e, const struct ext_inode *in,
		      ext_dirent_fn fn, void *arg)
{
	const uint8_t *val;
	size_t vlen;
	int rc;

	rc = fn(arg, ".", 1, in->ino, 2);
	if (!rc)
		rc = fn(arg, "..", 2, ext_le32(in->iblock), 2);
	if (!rc)
		rc = dirents(e, in, in->iblock + 4, 56, 0, fn, arg);
	if (!rc)
		rc = ext_inline_value(e, in, &val, &vlen);
	if (!rc && vlen)
		rc = dirents(e, in, val, (uint32_t)vlen, 60, fn, arg);
	return rc;
}

int ext_dir_iter(struct ext_fs *e, const struct ext_inode *in, ext_dirent_fn fn,
		 void *arg)
{
	uint64_t bs = e->block_size, blocks, lblk, pblk, count = 1;
	uint8_t *buf;
	int rc = 0;

	if (ext_mode_type(in->mode) != FS_DIR)
		return -ENOTDIR;
	if (in->flags & EXT_INLINE_DATA_FL)
		return dir_inline(e, in, fn, arg);
	if (in->size > EXT_DIR_MAX) {
		fs_msgf("%s: inode %u: directory of %llu bytes",
			e->fs.type_name, in->ino, (unsigned long long)in->size);
		return -EIO;
	}
	blocks = in->size / bs;
	buf = malloc(bs);
	if (!buf)
		return -ENOMEM;
	/* Holes (count blocks each) are skipped whole, so the walk is
	 * bounded by the directory's mapped blocks, not its size. */
	for (lblk = 0; lblk < blocks && !rc; lblk += count) {
		rc = ext_map(e, in, lblk, &pblk, &count);
		if (rc || pblk == 0)
			continue;
		count = 1;
		rc = bdev_read(e->fs.bd, pblk * bs, buf, bs);
		if (!rc)
			rc = dirents(e, in, buf, (uint32_t)bs, lblk * bs, fn,
				     arg);
	}
	free(buf);
	return rc;
}

struct lookup_ctx {
	const char *name;
	size_t len;
	uint32_t ino;
};

static int lookup_cb(void *arg, const char *name, size_t len, uint32_t ino,
		     uint8_t ftype)
{
	struct lookup_ctx *c = arg;

	(void)ftype;
	if (len != c->len || memcmp(name, c->name, len) != 0)
		return 0;
	c->ino = ino;
	return 1;
}

int ext_lookup(struct fs *fs, uint64_t dir, const char *name, size_t len,
	       uint64_t *ino)
{
	struct lookup_ctx c = {name, len, 0};
	struct ext_inode *in = malloc(sizeof(*in));
	int rc;

	if (!in)
		return -ENOMEM;
	rc = ext_inode_read(ext_of(fs), dir, in);
	if (!rc)
		rc = ext_dir_iter(ext_of(fs), in, lookup_cb, &c);
	free(in);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return -ENOENT;
	*ino = c.ino;
	return 0;
}

struct readdir_ctx {
	struct ext_fs *e;
	int (*fn)(void *arg, const char *name, size_t namelen,
		  enum fs_type type);
	void *arg;
};

static enum fs_type dirent_type(struct ext_fs *e, uint32_t ino, uint8_t ft)
{
	static const enum fs_type types[] = {
	    [1] = FS_REG,   [2] = FS_DIR,   [3] = FS_OTHER, [4] = FS_OTHER,
	    [5] = FS_OTHER, [6] = FS_OTHER, [7] = FS_LNK,
	};
	struct ext_inode *in;
	enum fs_type t = FS_OTHER;

	if (ft >= 1 && ft <= 7)
		return types[ft];
	/* No filetype feature (old ext2): the inode says. */
	in = malloc(sizeof(*in));
	if (in && ext_inode_read(e, ino, in) == 0)
		t = ext_mode_type(in->mode);
	free(in);
	return t;
}

static int readdir_cb(void *arg, const char *name, size_t len, uint32_t ino,
		      uint8_t ftype)
{
	struct readdir_ctx *c = arg;

	return c->fn(c->arg, name, len, dirent_type(c->e, ino, ftype));
}

int ext_readdir(struct fs *fs, uint64_t dir,
		int (*fn)(void *arg, const char *name, size_t namelen,
			  enum fs_type type),
		void *arg)
{
	struct readdir_ctx c = {ext_of(fs), fn, arg};
	struct ext_inode *in = malloc(sizeof(*in));
	int rc;

	if (!in)
		return -ENOMEM;
	rc = ext_inode_read(ext_of(fs), dir, in);
	if (!rc)
		rc = ext_dir_iter(ext_of(fs), in, readdir_cb, &c);
	free(in);
	return rc < 0 ? rc : 0;
}
