/*
 * ext_map.c - logical to physical blocks for ext2/3/4 files: the classic
 * block map (12 direct, single, double and triple indirect blocks) and
 * ext4 extent trees.
 *
 * Both come from the disk: every block number is checked inside the
 * filesystem before it is read or returned, an extent tree's depth is
 * bounded (5, as ext4 itself) and each node's header checked (magic,
 * entries <= max <= what fits its block, depth one less than its
 * parent's), so a corrupt tree gives -EIO and a message, never a loop.
 * Uninitialized extents and missing blocks read as holes.  ext_file_map
 * (fs_ops.map) gives the device bytes of one file byte for an in-place
 * write, refusing holes, uninitialized extents and files whose data is
 * not plain bytes in their own blocks (inline, encrypted, verity).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs/ext.h"

#define EXT_EXTENT_MAGIC     0xf30a
#define EXT_EXTENT_DEPTH_MAX 5
#define EXT_EXTENT_INIT_MAX  32768u
/* Longest run returned (keeps count * block_size far from overflow). */
#define EXT_RUN_MAX (1ull << 32)

struct ext_run {
	uint64_t pblk, count;
};

static int bad_block(struct ext_fs *e, const struct ext_inode *in,
		     const char *what, uint64_t blk)
{
	fs_msgf("%s: inode %u: %s %llu outside the filesystem", e->fs.type_name,
		in->ino, what, (unsigned long long)blk);
	return -EIO;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * Block map.  arr[idx] of an array of n 32-bit block numbers is the
 * block wanted; it and the entries after it that continue it make the
 * run.  A zero entry is a hole of span blocks (a missing indirect block
 * leaves its whole subtree unmapped).
 */
static int map_entry(struct ext_fs *e, const struct ext_inode *in,
		     const uint8_t *arr, uint32_t idx, uint32_t n,
		     uint64_t span, struct ext_run *r)
{
	uint32_t blk = ext_le32(arr + 4 * idx), k = 1;

	if (blk == 0) {
		r->pblk = 0;
		r->count = span;
		return 0;
	}
	if (blk >= e->blocks_count)
		return bad_block(e, in, "block", blk);
	if (span == 1) {
		while (idx + k < n && blk + k < e->blocks_count &&
		       ext_le32(arr + 4 * (idx + k)) == blk + k)
			k++;
	}
	r->pblk = blk;
	r->count = k;
	return 0;
}

static int map_blockmap(struct ext_fs *e, const struct ext_inode *in,
			uint64_t lblk, struct ext_run *r)
{
	uint64_t per = e->block_size / 4, span = 1;
	unsigned int level, slot;
	const uint8_t *arr;
	uint32_t blk;
	int rc;

	if (lblk < 12)
		return map_entry(e, in, in->iblock, (uint32_t)lblk, 12, 1, r);
	lblk -= 12;
	/* Which tree (single, double, triple) holds lblk, and where. */
	for (level = 1; level <= 3; level++) {
		span *= per;
		if (lblk < span)
			break;
		lblk -= span;
	}
	if (level > 3) {
		fs_msgf("%s: inode %u: block beyond the block map",
			e->fs.type_name, in->ino);
		return -EFBIG;
	}
	slot = 11 + level;
	if (ext_le32(in->iblock + 4 * slot) == 0) {
		r->pblk = 0;
		r->count = span - lblk;
		return 0;
	}
	arr = in->iblock;
	for (;;) {
		blk = ext_le32(arr + 4 * slot);
		if (blk >= e->blocks_count)
			return bad_block(e, in, "indirect block", blk);
		rc = ext_block(e, blk, &arr);
		if (rc)
			return rc;
		span /= per;
		slot = (uint32_t)(lblk / span);
		lblk %= span;
		if (span == 1 || ext_le32(arr + 4 * slot) == 0)
			break;
	}
	rc = map_entry(e, in, arr, slot, (uint32_t)per, span, r);
	if (!rc && r->pblk == 0)
		r->count = span - lblk;
	return rc;
}

/* Checks an extent node's header; its entry count, or -EIO. */
static int ext_node_check(struct ext_fs *e, const struct ext_inode *in,
			  const uint8_t *node, size_t size, int depth)
{
	uint16_t entries = ext_le16(node + 2), max = ext_le16(node + 4);

	if (ext_le16(node) != EXT_EXTENT_MAGIC) {
		fs_msgf("%s: inode %u: extent header bad magic",
			e->fs.type_name, in->ino);
		return -EIO;
	}
	if (entries > max || max > (size - 12) / 12 ||
	    (depth >= 0 && ext_le16(node + 6) != depth) ||
	    ext_le16(node + 6) > EXT_EXTENT_DEPTH_MAX) {
		fs_msgf("%s: inode %u: extent header bad (entries %u, max %u, "
			"depth %u)",
			e->fs.type_name, in->ino, entries, max,
			ext_le16(node + 6));
		return -EIO;
	}
	return entries;
}

/* Index of the last entry starting at or before lblk, -1 if none. */
static int ext_find(const uint8_t *node, int entries, uint64_t lblk)
{
	int i;

	for (i = 0; i < entries; i++)
		if (ext_le32(node + 12 + 12 * i) > lblk)
			break;
	return i - 1;
}

static int ext_leaf(struct ext_fs *e, const struct ext_inode *in,
		    const uint8_t *node, int entries, uint64_t lblk,
		    uint64_t limit, struct ext_run *r)
{
	int i = ext_find(node, entries, lblk);
	const uint8_t *x;
	uint64_t start, len, pblk;

	if (i + 1 < entries)
		limit = min_u64(limit, ext_le32(node + 12 + 12 * (i + 1)));
	r->pblk = 0;
	r->count = limit - lblk;
	if (i < 0)
		return 0;
	x = node + 12 + 12 * i;
	start = ext_le32(x);
	len = ext_le16(x + 4);
	if (len > EXT_EXTENT_INIT_MAX)
		len -= EXT_EXTENT_INIT_MAX; /* uninitialized: reads as zero */
	pblk = ext_le32(x + 8) | (uint64_t)ext_le16(x + 6) << 32;
	if (len == 0 || pblk == 0 || pblk >= e->blocks_count ||
	    len > e->blocks_count - pblk)
		return bad_block(e, in, "extent at block", pblk);
	if (lblk >= start + len) {
		r->count = limit - lblk;
		return 0;
	}
	r->count = start + len - lblk;
	if (ext_le16(x + 4) <= EXT_EXTENT_INIT_MAX)
		r->pblk = pblk + (lblk - start);
	return 0;
}

static int map_extents(struct ext_fs *e, const struct ext_inode *in,
		       uint64_t lblk, struct ext_run *r)
{
	const uint8_t *node = in->iblock;
	uint64_t limit = EXT_RUN_MAX, child;
	int entries, depth, i, rc;

	entries = ext_node_check(e, in, node, 60, -1);
	if (entries < 0)
		return entries;
	for (depth = ext_le16(node + 6); depth > 0; depth--) {
		i = ext_find(node, entries, lblk);
		if (i < 0) {
			r->pblk = 0;
			r->count = ext_le32(node + 12) - lblk;
			return 0;
		}
		if (i + 1 < entries)
			limit = min_u64(limit, ext_le32(node + 24 + 12 * i));
		child = ext_le32(node + 12 + 12 * i + 4) |
			(uint64_t)ext_le16(node + 12 + 12 * i + 8) << 32;
		if (child == 0 || child >= e->blocks_count)
			return bad_block(e, in, "extent index block", child);
		rc = ext_block(e, child, &node);
		if (rc)
			return rc;
		entries = ext_node_check(e, in, node, e->block_size, depth - 1);
		if (entries < 0)
			return entries;
	}
	return ext_leaf(e, in, node, entries, lblk, limit, r);
}

int ext_map(struct ext_fs *e, const struct ext_inode *in, uint64_t lblk,
	    uint64_t *pblk, uint64_t *count)
{
	struct ext_run r = {0, 1};
	int rc;

	if (lblk >= EXT_RUN_MAX) {
		fs_msgf("%s: inode %u: block %llu beyond any file",
			e->fs.type_name, in->ino, (unsigned long long)lblk);
		return -EFBIG;
	}
	if (in->flags & EXT_EXTENTS_FL)
		rc = map_extents(e, in, lblk, &r);
	else
		rc = map_blockmap(e, in, lblk, &r);
	if (rc)
		return rc;
	if (r.count == 0)
		r.count = 1;
	*pblk = r.pblk;
	*count = min_u64(r.count, EXT_RUN_MAX);
	return 0;
}

/* Flags of files whose blocks must not be overwritten in place. */
#define EXT_ENCRYPT_FL 0x800u	 /* the blocks hold ciphertext */
#define EXT_VERITY_FL  0x100000u /* a Merkle tree covers the data */

static int map_refuse(struct ext_fs *e, const struct ext_inode *in,
		      const char *why)
{
	fs_msgf("%s: inode %u: %s, not writable in place", e->fs.type_name,
		in->ino, why);
	return -ENOENT;
}

static int map_inode(struct ext_fs *e, const struct ext_inode *in, uint64_t off,
		     uint64_t *dev_off, uint64_t *len)
{
	uint64_t pblk, count, bs = e->block_size;
	int rc;

	if (ext_mode_type(in->mode) != FS_REG)
		return map_refuse(e, in, "not a regular file");
	if (in->flags & EXT_INLINE_DATA_FL)
		return map_refuse(e, in, "inline data");
	if (in->flags & (EXT_ENCRYPT_FL | EXT_VERITY_FL))
		return map_refuse(e, in, "encrypted or verity");
	if (off >= in->size)
		return -EINVAL;
	rc = ext_map(e, in, off / bs, &pblk, &count);
	if (rc)
		return rc;
	if (pblk == 0)
		return map_refuse(e, in, "hole or uninitialized extent");
	/* ext_map keeps pblk + count inside blocks_count and count <= 2^32,
	 * and bs <= 64 KiB: no overflow. */
	*dev_off = pblk * bs + off % bs;
	*len = count * bs - off % bs;
	return 0;
}

int ext_file_map(struct fs *fs, uint64_t ino, uint64_t off, uint64_t *dev_off,
		 uint64_t *len)
{
	struct ext_inode *in = malloc(sizeof(*in));
	int rc;

	if (!in)
		return -ENOMEM;
	rc = ext_inode_read(ext_of(fs), ino, in);
	if (!rc)
		rc = map_inode(ext_of(fs), in, off, dev_off, len);
	free(in);
	return rc;
}
