/*
 * ext.c - the ext2/3/4 reader: superblock, group descriptors, inodes,
 * file data and symlinks, and the fs_ops table (fs/fs.h).  Block maps
 * and extent trees are in ext_map.c, directories and inline data in
 * ext_dir.c.
 *
 * Read-only and trusting nothing: the superblock's sizes and counts are
 * checked against each other and against the device before anything is
 * located with them; every group, inode and block number is checked
 * before it is turned into an offset.  A dirty journal is ignored (with
 * a message): the filesystem is read as it is on disk.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/ext.h"

#define EXT_MAGIC 0xef53
#define SB_OFF	  1024

/* Incompatible features this reader understands.  The others (e.g.
 * compression, journal_dev, dirdata, encrypt, casefold) are refused by
 * name. */
#define INCOMPAT_OK                                                            \
	(0x2u | 0x4u | 0x10u | 0x40u | 0x80u | 0x100u | 0x200u | 0x400u |      \
	 0x2000u | 0x4000u | 0x8000u)
#define INCOMPAT_RECOVER       0x4u
#define COMPAT_HAS_JOURNAL     0x4u
#define COMPAT_SPARSE_SUPER2   0x200u
#define RO_COMPAT_SPARSE_SUPER 0x1u
#define RO_COMPAT_BIGALLOC     0x200u

static const struct {
	uint32_t bit;
	const char *name;
} incompat_names[] = {
    {0x1, "compression"}, {0x8, "journal_dev"},	 {0x1000, "dirdata"},
    {0x10000, "encrypt"}, {0x20000, "casefold"},
};

enum fs_type ext_mode_type(uint16_t mode)
{
	switch (mode & 0xf000) {
	case 0x4000:
		return FS_DIR;
	case 0x8000:
		return FS_REG;
	case 0xa000:
		return FS_LNK;
	default:
		return FS_OTHER;
	}
}

static void refuse_features(const char *dev, uint32_t bad)
{
	unsigned int i;

	for (i = 0; i < sizeof(incompat_names) / sizeof(incompat_names[0]);
	     i++) {
		if (bad & incompat_names[i].bit) {
			fs_msgf("ext: %s: unsupported feature %s", dev,
				incompat_names[i].name);
			bad &= ~incompat_names[i].bit;
		}
	}
	if (bad)
		fs_msgf("ext: %s: unsupported incompat features 0x%x", dev,
			(unsigned int)bad);
}

/* ext4 if it uses anything ext3 did not have (as blkid decides). */
static void set_type_name(struct ext_fs *e)
{
	const char *t = "ext2";

	if ((e->incompat & ~(0x2u | 0x4u | 0x10u)) ||
	    (e->ro_compat & ~(0x1u | 0x2u | 0x4u)))
		t = "ext4";
	else if (e->compat & COMPAT_HAS_JOURNAL)
		t = "ext3";
	snprintf(e->fs.type_name, sizeof(e->fs.type_name), "%s", t);
}

static void set_uuid_label(struct ext_fs *e, const uint8_t *sb)
{
	static const uint8_t zero[16];
	const uint8_t *u = sb + 104;
	char *o = e->fs.uuid;
	unsigned int i;

	if (memcmp(u, zero, 16) != 0) {
		for (i = 0; i < 16; i++) {
			o += sprintf(o, "%02x", u[i]);
			if (i == 3 || i == 5 || i == 7 || i == 9)
				*o++ = '-';
		}
	}
	memcpy(e->fs.label, sb + 120, 16);
	e->fs.label[16] = '\0';
}

/* Sizes from the superblock, each checked; -EIO with a message if not. */
static int sb_sizes(struct ext_fs *e, const uint8_t *sb, const char *dev)
{
	uint32_t rev = ext_le32(sb + 76), log = ext_le32(sb + 24);

	if (log > 6) {
		fs_msgf("ext: %s: block size 1024<<%u too large", dev, log);
		return -EIO;
	}
	e->log_block_size = log;
	e->block_size = 1024u << log;
	e->inode_size = rev == 0 ? 128 : ext_le16(sb + 88);
	if (e->inode_size < 128 || e->inode_size > e->block_size ||
	    (e->inode_size & (e->inode_size - 1))) {
		fs_msgf("ext: %s: bad inode size %u", dev, e->inode_size);
		return -EIO;
	}
	if (e->inode_size > EXT_INODE_MAX) {
		fs_msgf("ext: %s: inode size %u not supported", dev,
			e->inode_size);
		return -EOPNOTSUPP;
	}
	e->desc_size = 32;
	if (e->incompat & EXT_INCOMPAT_64BIT) {
		e->desc_size = ext_le16(sb + 254);
		if (e->desc_size < 64 || e->desc_size > 1024 ||
		    (e->desc_size & (e->desc_size - 1))) {
			fs_msgf("ext: %s: bad group descriptor size %u", dev,
				e->desc_size);
			return -EIO;
		}
	}
	return 0;
}

/* Counts from the superblock, checked against each other and the
 * device. */
static int sb_counts(struct ext_fs *e, const uint8_t *sb, struct bdev *bd)
{
	uint64_t groups;

	e->inodes_count = ext_le32(sb + 0);
	e->blocks_count = ext_le32(sb + 4);
	if (e->incompat & EXT_INCOMPAT_64BIT)
		e->blocks_count |= (uint64_t)ext_le32(sb + 336) << 32;
	e->first_data_block = ext_le32(sb + 20);
	e->blocks_per_group = ext_le32(sb + 32);
	e->inodes_per_group = ext_le32(sb + 40);
	e->first_meta_bg = ext_le32(sb + 260);
	e->backup_bgs[0] = ext_le32(sb + 0x24c);
	e->backup_bgs[1] = ext_le32(sb + 0x250);
	if (e->blocks_count == 0 ||
	    e->blocks_count > bd->size / e->block_size) {
		fs_msgf(
		    "ext: %s: %llu blocks of %u bytes do not fit the device "
		    "(%llu bytes)",
		    bd->name, (unsigned long long)e->blocks_count,
		    e->block_size, (unsigned long long)bd->size);
		return -EIO;
	}
	if (e->first_data_block > 1 || e->first_data_block >= e->blocks_count ||
	    e->blocks_per_group == 0 ||
	    (!(e->ro_compat & RO_COMPAT_BIGALLOC) &&
	     e->blocks_per_group > 8 * e->block_size) ||
	    e->inodes_per_group == 0 ||
	    e->inodes_per_group > 8 * e->block_size ||
	    e->inodes_count < EXT_ROOT_INO) {
		fs_msgf("ext: %s: superblock counts impossible", bd->name);
		return -EIO;
	}
	groups =
	    (e->blocks_count - e->first_data_block + e->blocks_per_group - 1) /
	    e->blocks_per_group;
	if (groups > UINT32_MAX ||
	    (uint64_t)e->inodes_count > groups * e->inodes_per_group) {
		fs_msgf("ext: %s: %llu groups cannot hold %u inodes", bd->name,
			(unsigned long long)groups, e->inodes_count);
		return -EIO;
	}
	e->groups = (uint32_t)groups;
	return 0;
}

static int sb_parse(struct ext_fs *e, const uint8_t *sb, struct bdev *bd)
{
	uint32_t bad;
	int rc;

	e->compat = ext_le32(sb + 92);
	e->incompat = ext_le32(sb + 96);
	e->ro_compat = ext_le32(sb + 100);
	bad = e->incompat & ~INCOMPAT_OK;
	if (bad) {
		refuse_features(bd->name, bad);
		return -EOPNOTSUPP;
	}
	rc = sb_sizes(e, sb, bd->name);
	if (!rc)
		rc = sb_counts(e, sb, bd);
	if (rc)
		return rc;
	set_type_name(e);
	set_uuid_label(e, sb);
	if (e->incompat & INCOMPAT_RECOVER)
		fs_msgf("%s: %s: journal needs recovery: ignored, reading the "
			"filesystem as it is",
			e->fs.type_name, bd->name);
	return 0;
}

static void ext_close(struct fs *fs)
{
	struct ext_fs *e = ext_of(fs);
	unsigned int i;

	for (i = 0; i < EXT_CACHE_SLOTS; i++)
		free(e->cache[i].buf);
	free(e);
}

static int ext_probe(struct bdev *bd, struct fs **out)
{
	uint8_t sb[1024];
	struct ext_fs *e;
	unsigned int i;
	int rc;

	if (bd->size < SB_OFF + sizeof(sb))
		return -ENODEV;
	rc = bdev_read(bd, SB_OFF, sb, sizeof(sb));
	if (rc)
		return rc;
	if (ext_le16(sb + 56) != EXT_MAGIC)
		return -ENODEV;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->fs.bd = bd;
	rc = sb_parse(e, sb, bd);
	for (i = 0; !rc && i < EXT_CACHE_SLOTS; i++) {
		e->cache[i].buf = malloc(e->block_size);
		if (!e->cache[i].buf)
			rc = -ENOMEM;
	}
	if (rc) {
		ext_close(&e->fs);
		return rc;
	}
	e->fs.ops = &ext_fs_ops;
	*out = &e->fs;
	return 0;
}

int ext_block(struct ext_fs *e, uint64_t blk, const uint8_t **data)
{
	unsigned int i, old = 0;
	int rc;

	if (blk == 0 || blk >= e->blocks_count) {
		fs_msgf("%s: block %llu outside the filesystem",
			e->fs.type_name, (unsigned long long)blk);
		return -EIO;
	}
	e->clock++;
	for (i = 0; i < EXT_CACHE_SLOTS; i++) {
		if (e->cache[i].blk == blk) {
			e->cache[i].age = e->clock;
			*data = e->cache[i].buf;
			return 0;
		}
		if (e->cache[i].age < e->cache[old].age)
			old = i;
	}
	e->cache[old].blk = 0;
	rc = bdev_read(e->fs.bd, blk * e->block_size, e->cache[old].buf,
		       e->block_size);
	if (rc)
		return rc;
	e->cache[old].blk = blk;
	e->cache[old].age = e->clock;
	*data = e->cache[old].buf;
	return 0;
}

/* Does group g hold a superblock backup (and so, with meta_bg, sit one
 * block before its descriptor block)? */
static bool group_has_super(const struct ext_fs *e, uint32_t g)
{
	uint32_t n;

	if (g <= 1)
		return true;
	if (e->compat & COMPAT_SPARSE_SUPER2)
		return g == e->backup_bgs[0] || g == e->backup_bgs[1];
	if (!(e->ro_compat & RO_COMPAT_SPARSE_SUPER))
		return true;
	for (n = 3; n <= 7; n += 2) {
		uint64_t p = n;

		while (p < g)
			p *= n;
		if (p == g)
			return true;
	}
	return false;
}

/* The inode table's first block for group g. */
static int group_inode_table(struct ext_fs *e, uint32_t g, uint64_t *table)
{
	uint32_t per = e->block_size / e->desc_size, mg = g / per;
	uint64_t blk;
	uint8_t d[64];
	int rc;

	if (!(e->incompat & EXT_INCOMPAT_META_BG) || mg < e->first_meta_bg)
		blk = (uint64_t)e->first_data_block + 1 + mg;
	else
		blk = (uint64_t)e->first_data_block +
		      (uint64_t)mg * per * e->blocks_per_group +
		      group_has_super(e, mg * per) +
		      (e->block_size == 1024 && e->first_data_block == 0);
	if (blk >= e->blocks_count) {
		fs_msgf("%s: group %u: descriptor block %llu outside the "
			"filesystem",
			e->fs.type_name, g, (unsigned long long)blk);
		return -EIO;
	}
	rc = bdev_read(e->fs.bd,
		       blk * e->block_size + (uint64_t)(g % per) * e->desc_size,
		       d, e->desc_size >= 64 ? 64 : 32);
	if (rc)
		return rc;
	*table = ext_le32(d + 8);
	if (e->desc_size >= 64)
		*table |= (uint64_t)ext_le32(d + 40) << 32;
	return 0;
}

int ext_inode_read(struct ext_fs *e, uint64_t ino, struct ext_inode *in)
{
	uint32_t g, idx;
	uint64_t table, tblocks;
	int rc;

	if (ino == 0 || ino > e->inodes_count) {
		fs_msgf("%s: inode %llu out of range", e->fs.type_name,
			(unsigned long long)ino);
		return -EIO;
	}
	g = (uint32_t)((ino - 1) / e->inodes_per_group);
	idx = (uint32_t)((ino - 1) % e->inodes_per_group);
	rc = group_inode_table(e, g, &table);
	if (rc)
		return rc;
	tblocks = ((uint64_t)e->inodes_per_group * e->inode_size +
		   e->block_size - 1) /
		  e->block_size;
	if (table == 0 || table >= e->blocks_count ||
	    tblocks > e->blocks_count - table) {
		fs_msgf("%s: group %u: inode table at block %llu outside the "
			"filesystem",
			e->fs.type_name, g, (unsigned long long)table);
		return -EIO;
	}
	rc = bdev_read(e->fs.bd,
		       table * e->block_size + (uint64_t)idx * e->inode_size,
		       in->raw, e->inode_size);
	if (rc)
		return rc;
	in->ino = (uint32_t)ino;
	in->mode = ext_le16(in->raw);
	in->flags = ext_le32(in->raw + 32);
	in->size = ext_le32(in->raw + 4) | (uint64_t)ext_le32(in->raw + 108)
					       << 32;
	in->iblock = in->raw + 40;
	return 0;
}

static long read_inline(struct ext_fs *e, const struct ext_inode *in,
			uint64_t off, uint8_t *buf, size_t len)
{
	const uint8_t *val = NULL;
	size_t vlen = 0, done = 0, n;
	int rc = ext_inline_value(e, in, &val, &vlen);

	if (rc)
		return rc;
	if (in->size > 60 + vlen) {
		fs_msgf("%s: inode %u: inline data shorter than its size",
			e->fs.type_name, in->ino);
		return -EIO;
	}
	if (off < 60) {
		n = (size_t)(60 - off) < len ? (size_t)(60 - off) : len;
		memcpy(buf, in->iblock + off, n);
		done = n;
	}
	if (done < len)
		memcpy(buf + done, val + (off + done - 60), len - done);
	return (long)len;
}

long ext_read_data(struct ext_fs *e, const struct ext_inode *in, uint64_t off,
		   void *out, size_t len)
{
	uint8_t *buf = out;
	uint64_t pblk, count, bs = e->block_size;
	size_t done = 0, n;
	int rc;

	if (off >= in->size)
		return 0;
	if (len > in->size - off)
		len = (size_t)(in->size - off);
	if (in->flags & EXT_INLINE_DATA_FL)
		return read_inline(e, in, off, buf, len);
	while (done < len) {
		uint64_t pos = off + done, inblk = pos % bs;

		rc = ext_map(e, in, pos / bs, &pblk, &count);
		if (rc)
			return rc;
		/* ext_map keeps 1 <= count <= 2^32: no overflow here. */
		n = len - done;
		if (count * bs - inblk < n)
			n = (size_t)(count * bs - inblk);
		if (pblk == 0)
			memset(buf + done, 0, n);
		else if ((rc = bdev_read(e->fs.bd, pblk * bs + inblk,
					 buf + done, n)))
			return rc;
		done += n;
	}
	return (long)done;
}

static uint64_t ext_root(struct fs *fs)
{
	(void)fs;
	return EXT_ROOT_INO;
}

static int ext_stat(struct fs *fs, uint64_t ino, struct fs_stat *st)
{
	struct ext_inode *in = malloc(sizeof(*in));
	int rc;

	if (!in)
		return -ENOMEM;
	rc = ext_inode_read(ext_of(fs), ino, in);
	if (!rc) {
		st->type = ext_mode_type(in->mode);
		st->size = in->size;
		st->ino = ino;
	}
	free(in);
	return rc;
}

static long ext_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf,
		     size_t len)
{
	struct ext_inode *in = malloc(sizeof(*in));
	long rc;

	if (!in)
		return -ENOMEM;
	rc = ext_inode_read(ext_of(fs), ino, in);
	if (!rc)
		rc = ext_read_data(ext_of(fs), in, off, buf, len);
	free(in);
	return rc;
}

/* A fast symlink keeps its target in i_block (never with extents or
 * inline data); anything else is read as file data. */
static int ext_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size)
{
	struct ext_fs *e = ext_of(fs);
	struct ext_inode *in = malloc(sizeof(*in));
	long rc;

	if (!in)
		return -ENOMEM;
	rc = ext_inode_read(e, ino, in);
	if (!rc && (ext_mode_type(in->mode) != FS_LNK || in->size >= size ||
		    in->size == 0)) {
		fs_msgf("%s: inode %llu: not a symlink of a sane length",
			e->fs.type_name, (unsigned long long)ino);
		rc = -EIO;
	}
	if (rc)
		goto out;
	if (in->size < 60 &&
	    !(in->flags & (EXT_EXTENTS_FL | EXT_INLINE_DATA_FL))) {
		memcpy(buf, in->iblock, (size_t)in->size);
		rc = (long)in->size;
	} else {
		rc = ext_read_data(e, in, 0, buf, (size_t)in->size);
		if (rc >= 0 && (uint64_t)rc != in->size)
			rc = -EIO;
	}
	if (rc >= 0)
		buf[rc] = '\0';
out:
	free(in);
	return (int)rc;
}

const struct fs_ops ext_fs_ops = {
    .name = "ext",
    .probe = ext_probe,
    .close = ext_close,
    .root = ext_root,
    .lookup = ext_lookup,
    .stat = ext_stat,
    .readdir = ext_readdir,
    .read = ext_read,
    .readlink = ext_readlink,
    .map = ext_file_map,
};
