/*
 * xfs_dir.c - XFS version 2 directories: shortform (inline in the
 * inode), block (one "XDB3"/"XD2B" block), and leaf and node forms.  For
 * the last two the hash-ordered leaf and node blocks above 32 GiB are
 * not needed: every entry is in some data block ("XDD3"/"XD2D") below,
 * so lookups and listings scan those, skipping the fork's holes.
 *
 * The disk is untrusted: every entry must lie inside its block (or the
 * inode's fork), free spans must be 8-byte multiples that fit, v5 blocks
 * must have their CRC and owner, and the scan covers at most as many
 * blocks as the filesystem has.  Inode numbers found here are checked
 * by xfs_iget when they are used.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs/xfs_priv.h"

#define XFS_DIR3_BLOCK_MAGIC 0x58444233 /* "XDB3" */
#define XFS_DIR3_DATA_MAGIC  0x58444433 /* "XDD3" */
#define XFS_DIR2_BLOCK_MAGIC 0x58443242 /* "XD2B" */
#define XFS_DIR2_DATA_MAGIC  0x58443244 /* "XD2D" */
#define XFS_DIR2_FREETAG     0xffff

enum { XFS_FT_REG = 1, XFS_FT_DIR = 2, XFS_FT_SYMLINK = 7 };

/* One entry found: a visitor returns non-zero to stop the walk. */
struct dir_visit {
	int (*fn)(struct dir_visit *v, const uint8_t *name, size_t len,
		  uint64_t ino, uint8_t ftype);
};

/* Shortform: count, i8count, parent; then per entry namelen, a 2-byte
 * offset, the name, the file type (ftype filesystems) and the inode
 * number (8 bytes if i8count, else 4).  "." and ".." are not stored. */
static int sf_walk(struct xfs *x, const struct xfs_inode *ip,
		   struct dir_visit *v, uint64_t *parent)
{
	const uint8_t *p = ip->fork, *end = ip->fork + ip->size;
	unsigned int count, isz, ft = x->ftype ? 1 : 0;
	int r;

	if (ip->size < 6)
		goto bad;
	count = p[0];
	isz = p[1] ? 8 : 4;
	if (ip->size < 2 + isz)
		goto bad;
	*parent = isz == 8 ? xfs_be64(p + 2) : xfs_be32(p + 2);
	p += 2 + isz;
	for (unsigned int i = 0; i < count; i++) {
		if (end - p < 3 || p[0] == 0 ||
		    (size_t)(end - p) < 3u + p[0] + ft + isz)
			goto bad;
		size_t len = p[0];
		const uint8_t *name = p + 3, *num = name + len + ft;
		uint64_t ino = isz == 8 ? xfs_be64(num) : xfs_be32(num);
		if ((r = v->fn(v, name, len, ino, ft ? name[len] : 0)) != 0)
			return r;
		p = num + isz;
	}
	return 0;
bad:
	xfs_log(x, "directory %llu: bad shortform data",
		(unsigned long long)ip->ino);
	return -EIO;
}

/* The entries of one data or block-format block b, up to end. */
static int block_entries(struct xfs *x, const struct xfs_inode *ip,
			 const uint8_t *b, uint32_t end, struct dir_visit *v)
{
	uint32_t pos = x->v5 ? 64 : 16, ft = x->ftype ? 1 : 0, size;
	int r;

	while (pos + 8 <= end) {
		const uint8_t *p = b + pos;
		if (xfs_be16(p) == XFS_DIR2_FREETAG) {
			size = xfs_be16(p + 2);
			if (size < 8 || size % 8 || size > end - pos)
				goto bad;
		} else {
			if (pos + 9 > end || p[8] == 0)
				goto bad;
			size = (8 + 1 + p[8] + ft + 2 + 7) & ~7u;
			if (size > end - pos)
				goto bad;
			r = v->fn(v, p + 9, p[8], xfs_be64(p),
				  ft ? p[9 + p[8]] : 0);
			if (r != 0)
				return r;
		}
		pos += size;
	}
	return 0;
bad:
	xfs_log(x, "directory %llu: bad entry at byte %u of a block",
		(unsigned long long)ip->ino, pos);
	return -EIO;
}

/* Checks the header of directory block db (in b) and walks it. */
static int dir_block(struct xfs *x, const struct xfs_inode *ip, uint64_t db,
		     const uint8_t *b, struct dir_visit *v)
{
	uint32_t magic = xfs_be32(b), end = x->dirblksize,
		 hdr = x->v5 ? 64 : 16;
	bool block =
	    magic == (x->v5 ? XFS_DIR3_BLOCK_MAGIC : XFS_DIR2_BLOCK_MAGIC);

	if (!block &&
	    magic != (x->v5 ? XFS_DIR3_DATA_MAGIC : XFS_DIR2_DATA_MAGIC))
		goto bad;
	if (block) {
		/* The tail (leaf count, stale count) and the leaf entries
		 * end the block; the data entries come before them. */
		uint32_t count = xfs_be32(b + end - 8);
		if (db != 0 || count > (end - 8 - hdr) / 8)
			goto bad;
		end -= 8 + count * 8;
	}
	if (x->v5 &&
	    (xfs_be64(b + 40) != ip->ino || !xfs_crc_ok(b, x->dirblksize, 4)))
		goto bad;
	return block_entries(x, ip, b, end, v);
bad:
	xfs_log(x, "directory %llu: bad data block %llu",
		(unsigned long long)ip->ino, (unsigned long long)db);
	return -EIO;
}

/* Block, leaf and node forms: every mapped data block below the leaf
 * offset, read into buf (dirblksize bytes). */
static int blocks_walk(struct xfs *x, const struct xfs_inode *ip, uint8_t *buf,
		       struct dir_visit *v)
{
	uint64_t fpd = 1ULL << x->dirblklog, ndb, db, left;
	struct xfs_map m;
	int r;

	if (ip->size > XFS_DIR2_LEAF_OFFSET)
		return xfs_log(x, "directory %llu: size %llu",
			       (unsigned long long)ip->ino,
			       (unsigned long long)ip->size),
		       -EIO;
	ndb = (ip->size + x->dirblksize - 1) / x->dirblksize;
	left = x->dblocks / fpd + 1; /* no more blocks than the disk has */
	for (db = 0; db < ndb;) {
		if ((r = xfs_bmap(x, ip, db * fpd, &m)) < 0)
			return r;
		if (m.hole) {
			uint64_t next = (m.off + m.len) / fpd;
			db = next > db ? next : db + 1;
			continue;
		}
		if (left-- == 0)
			return xfs_log(x, "directory %llu: too many blocks",
				       (unsigned long long)ip->ino),
			       -EIO;
		r = xfs_read_range(x, ip, db * x->dirblksize, buf,
				   x->dirblksize);
		if (r < 0 || (r = dir_block(x, ip, db, buf, v)) != 0)
			return r;
		db++;
	}
	return 0;
}

/* Walks directory ip (its buffer must stay put) with buf for blocks;
 * *parent gets ".." for shortform directories, which do not list it. */
static int dir_walk(struct xfs *x, const struct xfs_inode *ip, uint8_t *buf,
		    struct dir_visit *v, uint64_t *parent)
{
	if ((ip->mode & XFS_S_IFMT) != XFS_S_IFDIR)
		return -ENOTDIR;
	*parent = 0;
	if (ip->format == XFS_DINODE_FMT_LOCAL)
		return sf_walk(x, ip, v, parent);
	if (ip->format == XFS_DINODE_FMT_EXTENTS ||
	    ip->format == XFS_DINODE_FMT_BTREE)
		return blocks_walk(x, ip, buf, v);
	xfs_log(x, "directory %llu: bad format %u", (unsigned long long)ip->ino,
		ip->format);
	return -EIO;
}

struct lookup_visit {
	struct dir_visit v;
	const char *name;
	size_t len;
	uint64_t ino;
};

static int lookup_fn(struct dir_visit *v, const uint8_t *name, size_t len,
		     uint64_t ino, uint8_t ftype)
{
	struct lookup_visit *l = (struct lookup_visit *)v;

	(void)ftype;
	if (len != l->len || memcmp(name, l->name, len) != 0)
		return 0;
	l->ino = ino;
	return 1;
}

int xfs_dir_lookup(struct fs *fs, uint64_t dir, const char *name,
		   size_t namelen, uint64_t *ino)
{
	struct xfs *x = (struct xfs *)fs;
	struct lookup_visit l = {{lookup_fn}, name, namelen, 0};
	struct xfs_inode ip;
	uint64_t parent;
	int r;

	if ((r = xfs_iget_cached(x, dir, &ip)) < 0)
		return r;
	if (namelen == 1 && name[0] == '.') {
		*ino = dir;
		return (ip.mode & XFS_S_IFMT) == XFS_S_IFDIR ? 0 : -ENOTDIR;
	}
	if ((r = dir_walk(x, &ip, x->dbuf, &l.v, &parent)) < 0)
		return r;
	if (r == 0 && namelen == 2 && memcmp(name, "..", 2) == 0 && parent)
		l.ino = parent, r = 1;
	if (r == 0)
		return -ENOENT;
	*ino = l.ino;
	return 0;
}

struct readdir_visit {
	struct dir_visit v;
	struct xfs *x;
	int (*fn)(void *arg, const char *name, size_t namelen,
		  enum fs_type type);
	void *arg;
};

static int readdir_fn(struct dir_visit *v, const uint8_t *name, size_t len,
		      uint64_t ino, uint8_t ftype)
{
	struct readdir_visit *rv = (struct readdir_visit *)v;
	enum fs_type type = FS_OTHER;
	struct xfs_inode child;

	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	if (ftype == XFS_FT_REG)
		type = FS_REG;
	else if (ftype == XFS_FT_DIR)
		type = FS_DIR;
	else if (ftype == XFS_FT_SYMLINK)
		type = FS_LNK;
	else if (ftype == 0 && xfs_iget_cached(rv->x, ino, &child) == 0)
		type = xfs_mode_type(child.mode);
	return rv->fn(rv->arg, (const char *)name, len, type) ? 1 : 0;
}

/* The directory's inode and block buffer are private copies: fn may
 * call back into the filesystem, which reuses the shared ones. */
int xfs_dir_readdir(struct fs *fs, uint64_t dir,
		    int (*fn)(void *arg, const char *name, size_t namelen,
			      enum fs_type type),
		    void *arg)
{
	struct xfs *x = (struct xfs *)fs;
	struct readdir_visit rv = {{readdir_fn}, x, fn, arg};
	uint8_t *ibuf = malloc(x->inodesize), *buf = malloc(x->dirblksize);
	struct xfs_inode ip;
	uint64_t parent;
	int r = -ENOMEM;

	if (ibuf && buf && (r = xfs_iget(x, dir, ibuf, &ip)) == 0)
		r = dir_walk(x, &ip, buf, &rv.v, &parent);
	free(ibuf);
	free(buf);
	return r < 0 ? r : 0;
}
