/*
 * xfs_bmap.c - XFS data forks: which disk blocks hold a file block.
 * Inline (local) data, an extent list in the inode, or a B+tree of
 * extent records ("BMA3" v5 / "BMAP" v4 blocks) rooted in the inode;
 * then reads of any byte range, holes and unwritten extents as zeros.
 *
 * The disk is untrusted: every extent must lie inside one AG and the
 * filesystem, tree blocks must have their magic, the level their parent
 * implies (so the walk ends after at most the root's level), a record
 * count that fits the block and, on v5, their CRC and owner.  A bad
 * record order can only make a read return wrong data, never loop: each
 * step of xfs_read_range advances by at least one block.  xfs_file_map
 * (fs_ops.map) gives the device bytes of one file byte for an in-place
 * write; local data, holes, unwritten extents, realtime files and
 * reflinked files (their blocks may be another file's too) are refused.
 */
#include <errno.h>
#include <string.h>
#include "fs/xfs_priv.h"

#define XFS_BMAP_MAGIC		 0x424d4150 /* "BMAP" */
#define XFS_BMAP3_MAGIC		 0x424d4133 /* "BMA3" */
#define XFS_BTREE_MAXLEVELS	 9
#define XFS_NULLFSBLOCK		 ~0ULL
#define XFS_BTREE_LBLOCK_CRC_OFF 64

/* A record's 128 bits: flag:1 startoff:54 startblock:52 blockcount:21. */
struct xfs_rec {
	uint64_t off, fsb, len;
	bool unwritten;
};

static void rec_unpack(const uint8_t *r, struct xfs_rec *e)
{
	uint64_t l0 = xfs_be64(r), l1 = xfs_be64(r + 8);

	e->unwritten = l0 >> 63;
	e->off = (l0 >> 9) & ((1ULL << 54) - 1);
	e->fsb = (l0 & 0x1ff) << 43 | l1 >> 21;
	e->len = l1 & ((1ULL << 21) - 1);
}

/* AG-encoded block fsb (and count blocks from it) -> linear block, or
 * -EIO if any of it is outside its AG or the filesystem. */
static int fsb_linear(const struct xfs *x, uint64_t fsb, uint64_t count,
		      uint64_t *blk)
{
	uint64_t agno = fsb >> x->agblklog;
	uint64_t agbno = fsb & ((1ULL << x->agblklog) - 1);

	if (agno >= x->agcount || agbno + count > x->agblocks)
		return -EIO;
	*blk = agno * x->agblocks + agbno;
	if (*blk + count > x->dblocks)
		return -EIO;
	return 0;
}

/* The map for file block fb from record e (which ends after fb). */
static int rec_map(struct xfs *x, const struct xfs_inode *ip,
		   const struct xfs_rec *e, uint64_t fb, struct xfs_map *m)
{
	if (e->off > fb) {
		*m = (struct xfs_map){.off = fb, .len = e->off - fb, .hole = 1};
		return 0;
	}
	if (e->len == 0 || fsb_linear(x, e->fsb, e->len, &m->blk) < 0)
		return xfs_log(x, "inode %llu: bad extent at file block %llu",
			       (unsigned long long)ip->ino,
			       (unsigned long long)e->off),
		       -EIO;
	m->off = e->off;
	m->len = e->len;
	m->hole = e->unwritten;
	return 0;
}

/* Maps fb from n packed records: the first that ends after fb. */
static int recs_map(struct xfs *x, const struct xfs_inode *ip,
		    const uint8_t *recs, uint64_t n, uint64_t fb,
		    struct xfs_map *m, bool *found)
{
	struct xfs_rec e;

	*found = false;
	for (uint64_t i = 0; i < n; i++) {
		rec_unpack(recs + 16 * i, &e);
		if (e.off + e.len > fb) {
			*found = true;
			return rec_map(x, ip, &e, fb, m);
		}
	}
	return 0;
}

/* Reads and checks one B+tree block of ip at the given level. */
static const uint8_t *bt_block(struct xfs *x, const struct xfs_inode *ip,
			       uint64_t fsb, unsigned int level)
{
	unsigned int hdr = x->v5 ? 72 : 24, slot;
	uint64_t blk;
	uint8_t *b = NULL;

	if (fsb == 0 || fsb_linear(x, fsb, 1, &blk) < 0)
		goto bad;
	for (slot = 0; slot < XFS_BTCACHE; slot++)
		if (x->bt[slot].fsb == fsb)
			b = x->bt[slot].buf;
	if (!b) {
		slot = x->bt_next++ % XFS_BTCACHE;
		x->bt[slot].fsb = 0;
		b = x->bt[slot].buf;
		if (bdev_read(x->head.bd, blk << x->blocklog, b, x->blocksize))
			goto bad;
		x->bt[slot].fsb = fsb;
	}
	if (xfs_be32(b) != (x->v5 ? XFS_BMAP3_MAGIC : XFS_BMAP_MAGIC) ||
	    xfs_be16(b + 4) != level || xfs_be16(b + 6) == 0 ||
	    xfs_be16(b + 6) > (x->blocksize - hdr) / 16)
		goto bad;
	if (x->v5 && (xfs_be64(b + 56) != ip->ino ||
		      !xfs_crc_ok(b, x->blocksize, XFS_BTREE_LBLOCK_CRC_OFF)))
		goto bad;
	return b;
bad:
	xfs_log(x, "inode %llu: bad extent tree block %llu",
		(unsigned long long)ip->ino, (unsigned long long)fsb);
	return NULL;
}

/* The child pointer for fb among n keys (the last key <= fb, else the
 * first: then every extent below starts after fb). */
static uint64_t bt_child(const uint8_t *keys, const uint8_t *ptrs,
			 unsigned int n, uint64_t fb)
{
	unsigned int i = 0;

	for (unsigned int k = 1; k < n; k++)
		if (xfs_be64(keys + 8 * k) <= fb)
			i = k;
	return xfs_be64(ptrs + 8 * i);
}

static int bt_map(struct xfs *x, const struct xfs_inode *ip, uint64_t fb,
		  struct xfs_map *m)
{
	unsigned int hdr = x->v5 ? 72 : 24, level, n, maxr;
	const uint8_t *b = ip->fork;
	uint64_t ptr, right;
	bool found;
	int err;

	level = xfs_be16(b);
	n = xfs_be16(b + 2);
	maxr = (ip->forksize - 4) / 16;
	if (ip->forksize < 20 || level == 0 || level > XFS_BTREE_MAXLEVELS ||
	    n == 0 || n > maxr)
		return xfs_log(x, "inode %llu: bad extent tree root",
			       (unsigned long long)ip->ino),
		       -EIO;
	ptr = bt_child(b + 4, b + 4 + 8 * maxr, n, fb);
	while (level-- > 0) {
		if (!(b = bt_block(x, ip, ptr, level)))
			return -EIO;
		n = xfs_be16(b + 6);
		maxr = (x->blocksize - hdr) / 16;
		if (level > 0)
			ptr = bt_child(b + hdr, b + hdr + 8 * maxr, n, fb);
	}
	right = xfs_be64(b + 16); /* long-format header: right sibling */
	err = recs_map(x, ip, b + hdr, n, fb, m, &found);
	if (err < 0 || found)
		return err;
	/* Past this leaf's records: the hole ends where the next leaf's
	 * first extent starts. */
	*m = (struct xfs_map){.off = fb, .len = ~0ULL - fb, .hole = 1};
	if (right == XFS_NULLFSBLOCK || !(b = bt_block(x, ip, right, 0)))
		return 0;
	return recs_map(x, ip, b + hdr, 1, fb, m, &found);
}

/* The mapping that holds file block fb: an extent, or a hole up to the
 * next extent (len ~0 - fb if there is none). */
int xfs_bmap(struct xfs *x, const struct xfs_inode *ip, uint64_t fb,
	     struct xfs_map *m)
{
	bool found;
	int err;

	*m = (struct xfs_map){.off = fb, .len = ~0ULL - fb, .hole = 1};
	switch (ip->format) {
	case XFS_DINODE_FMT_EXTENTS:
		err = recs_map(x, ip, ip->fork, ip->nextents, fb, m, &found);
		return err;
	case XFS_DINODE_FMT_BTREE:
		return bt_map(x, ip, fb, m);
	default:
		return xfs_log(x, "inode %llu: no extents (format %u)",
			       (unsigned long long)ip->ino, ip->format),
		       -EIO;
	}
}

/* Reads len bytes at off of ip's data fork (no check against di_size:
 * callers do that); holes and unwritten extents read as zeros. */
int xfs_read_range(struct xfs *x, const struct xfs_inode *ip, uint64_t off,
		   void *buf, size_t len)
{
	uint8_t *out = buf;
	struct xfs_map m;
	int err;

	if (ip->format == XFS_DINODE_FMT_LOCAL) {
		if (off > ip->forksize || len > ip->forksize - off)
			return -EIO;
		memcpy(buf, ip->fork + off, len);
		return 0;
	}
	while (len > 0) {
		uint64_t fb = off >> x->blocklog,
			 inblk = off & (x->blocksize - 1);
		if ((err = xfs_bmap(x, ip, fb, &m)) < 0)
			return err;
		uint64_t blocks = m.off + m.len - fb, n = len;
		if (blocks <= (n >> x->blocklog) + 1)
			n = (blocks << x->blocklog) - inblk < n
				? (blocks << x->blocklog) - inblk
				: n;
		if (m.hole)
			memset(out, 0, n);
		else if ((err = bdev_read(
			      x->head.bd,
			      ((m.blk + fb - m.off) << x->blocklog) + inblk,
			      out, n)) < 0)
			return xfs_log(x, "inode %llu: read error %d",
				       (unsigned long long)ip->ino, err),
			       err;
		out += n;
		off += n;
		len -= n;
	}
	return 0;
}

#define XFS_DIFLAG_REALTIME   0x1    /* di_flags: blocks on the rt device */
#define XFS_DIFLAG2_REFLINK   0x2ULL /* di_flags2: may share blocks */
#define XFS_DINODE_FLAGS_OFF  90
#define XFS_DINODE_FLAGS2_OFF 120

static int map_refuse(struct xfs *x, uint64_t ino, const char *why)
{
	xfs_log(x, "inode %llu: %s, not writable in place",
		(unsigned long long)ino, why);
	return -ENOENT;
}

int xfs_file_map(struct fs *fs, uint64_t ino, uint64_t off, uint64_t *dev_off,
		 uint64_t *len)
{
	struct xfs *x = (struct xfs *)fs;
	struct xfs_inode ip;
	struct xfs_map m;
	uint64_t fb, inblk;
	int err;

	/* xfs_iget_cached leaves the raw inode in x->ibuf. */
	if ((err = xfs_iget_cached(x, ino, &ip)) < 0)
		return err;
	if ((ip.mode & XFS_S_IFMT) != XFS_S_IFREG)
		return map_refuse(x, ino, "not a regular file");
	if (ip.format == XFS_DINODE_FMT_LOCAL)
		return map_refuse(x, ino, "local (inline) data");
	if (xfs_be16(x->ibuf + XFS_DINODE_FLAGS_OFF) & XFS_DIFLAG_REALTIME)
		return map_refuse(x, ino, "realtime file");
	if (x->ibuf[4] == 3 &&
	    (xfs_be64(x->ibuf + XFS_DINODE_FLAGS2_OFF) & XFS_DIFLAG2_REFLINK))
		return map_refuse(x, ino, "reflinked file");
	if (off >= ip.size)
		return -EINVAL;
	fb = off >> x->blocklog;
	inblk = off & (x->blocksize - 1);
	if ((err = xfs_bmap(x, &ip, fb, &m)) < 0)
		return err;
	if (m.hole)
		return map_refuse(x, ino, "hole or unwritten extent");
	/* rec_map checked the extent inside its AG and the filesystem (so
	 * m.off <= fb < m.off + m.len, len < 2^21 blocks). */
	*dev_off = ((m.blk + fb - m.off) << x->blocklog) + inblk;
	*len = ((m.off + m.len - fb) << x->blocklog) - inblk;
	return 0;
}
