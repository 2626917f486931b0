/*
 * xfs.c - read-only XFS: the superblock, inodes, stat, file reads and
 * symlinks (xfs_bmap.c maps file blocks, xfs_dir.c reads directories).
 * v5 (CRC) filesystems as RHEL-family /boot uses, and v4 with version 2
 * directories.
 *
 * The disk is untrusted.  The superblock's geometry is checked against
 * itself and the device before anything else is read; every inode number
 * is split into (AG, block, index) and checked against that geometry; v5
 * superblocks and inodes must carry a good CRC32C, their magic and (for
 * inodes) their own number.  Incompatible features we do not know are
 * refused with a message, so a newer on-disk format is never misread.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/xfs_priv.h"

#define XFS_SB_MAGIC	 0x58465342 /* "XFSB" */
#define XFS_DINODE_MAGIC 0x494e	    /* "IN" */

#define XFS_SB_VERSION_NUMBITS	   0x000f
#define XFS_SB_VERSION_DIRV2BIT	   0x2000
#define XFS_SB_VERSION_MOREBITSBIT 0x8000
#define XFS_SB_VERSION2_FTYPE	   0x0200

#define XFS_SB_FEAT_INCOMPAT_FTYPE	 0x01
#define XFS_SB_FEAT_INCOMPAT_SPINODES	 0x02
#define XFS_SB_FEAT_INCOMPAT_META_UUID	 0x04
#define XFS_SB_FEAT_INCOMPAT_BIGTIME	 0x08
#define XFS_SB_FEAT_INCOMPAT_NEEDSREPAIR 0x10
#define XFS_SB_FEAT_INCOMPAT_NREXT64	 0x20
#define XFS_SB_FEAT_INCOMPAT_KNOWN	 0x3f

#define XFS_DIFLAG2_NREXT64 (1ULL << 4)

#define XFS_SB_CRC_OFF	   224
#define XFS_DINODE_CRC_OFF 100
#define XFS_SYMLINK_MAXLEN 1024
#define XFS_SYMLINK_MAGIC  0x58534c4d /* "XSLM" */
#define XFS_SYMLINK_HDR	   56

void xfs_log(const struct xfs *x, const char *fmt, ...)
{
	char prefix[64];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "xfs %s: ", x->head.bd->name);
	va_start(ap, fmt);
	fs_vmsgf(prefix, fmt, ap);
	va_end(ap);
}

/* The CRC of buf with its 4-byte CRC field at crc_off taken as zero;
 * stored little-endian and inverted. */
bool xfs_crc_ok(const uint8_t *buf, size_t len, size_t crc_off)
{
#ifdef FS_FUZZING
	/* Fuzzers cannot forge checksums; let them past to the parsers. */
	(void)buf, (void)len, (void)crc_off;
	return true;
#else
	static const uint8_t zero[4];
	uint32_t crc = fs_crc32c(~0u, buf, crc_off);
	uint32_t want =
	    (uint32_t)buf[crc_off] | (uint32_t)buf[crc_off + 1] << 8 |
	    (uint32_t)buf[crc_off + 2] << 16 | (uint32_t)buf[crc_off + 3] << 24;

	crc = fs_crc32c(crc, zero, 4);
	crc = fs_crc32c(crc, buf + crc_off + 4, len - crc_off - 4);
	return ~crc == want;
#endif
}

static unsigned int log2_ceil(uint64_t v)
{
	unsigned int l = 0;

	while (l < 64 && (1ULL << l) < v)
		l++;
	return l;
}

/* Geometry: each size is a power of two matching its log, the AG
 * layout covers dblocks, and inode numbers split as the logs say. */
static int sb_geometry(struct xfs *x, const uint8_t *sb)
{
	uint16_t sectsize = xfs_be16(sb + 102), inopblock = xfs_be16(sb + 106);
	uint8_t sectlog = sb[121];

	x->blocksize = xfs_be32(sb + 4);
	x->dblocks = xfs_be64(sb + 8);
	x->agblocks = xfs_be32(sb + 84);
	x->agcount = xfs_be32(sb + 88);
	x->inodesize = xfs_be16(sb + 104);
	x->blocklog = sb[120];
	x->inodelog = sb[122];
	x->inopblog = sb[123];
	x->agblklog = sb[124];
	x->dirblklog = sb[192];
	x->sectsize = sectsize;
	if (x->blocklog < 9 || x->blocklog > 16 ||
	    x->blocksize != 1u << x->blocklog)
		return xfs_log(x, "superblock: bad block size %u",
			       x->blocksize),
		       -EIO;
	if (sectlog < 9 || sectlog > x->blocklog || sectsize != 1u << sectlog)
		return xfs_log(x, "superblock: bad sector size %u", sectsize),
		       -EIO;
	if (x->inodelog < 8 || x->inodelog > 11 ||
	    x->inodesize != 1u << x->inodelog || x->inodelog > x->blocklog ||
	    (x->v5 && x->inodelog < 9) ||
	    x->inopblog != x->blocklog - x->inodelog ||
	    inopblock != 1u << x->inopblog)
		return xfs_log(x, "superblock: bad inode size %u",
			       x->inodesize),
		       -EIO;
	if (x->agblocks < 5 || x->agblocks > 1u << 31 || x->agcount == 0 ||
	    x->agblklog != log2_ceil(x->agblocks) ||
	    x->agblklog + x->inopblog > 56)
		return xfs_log(x, "superblock: bad AG geometry (%u blocks)",
			       x->agblocks),
		       -EIO;
	if (x->dblocks > (uint64_t)x->agblocks * x->agcount ||
	    x->dblocks <= (uint64_t)x->agblocks * (x->agcount - 1))
		return xfs_log(x, "superblock: %llu blocks in %u AGs",
			       (unsigned long long)x->dblocks, x->agcount),
		       -EIO;
	if (x->blocklog + x->dirblklog > 16)
		return xfs_log(x, "superblock: bad directory block log %u",
			       x->dirblklog),
		       -EIO;
	x->dirblksize = x->blocksize << x->dirblklog;
	if (x->dblocks > x->head.bd->size >> x->blocklog)
		return xfs_log(x, "filesystem (%llu blocks) larger than device",
			       (unsigned long long)x->dblocks),
		       -EIO;
	return 0;
}

/* The v5 superblock's CRC covers its whole sector. */
static int sb_crc(struct xfs *x)
{
	uint8_t *sect = malloc(x->sectsize);
	int err = sect ? bdev_read(x->head.bd, 0, sect, x->sectsize) : -ENOMEM;

	if (err == 0 && !xfs_crc_ok(sect, x->sectsize, XFS_SB_CRC_OFF)) {
		xfs_log(x, "superblock: bad CRC");
		err = -EIO;
	}
	free(sect);
	return err;
}

static int sb_features(struct xfs *x, const uint8_t *sb)
{
	uint16_t ver = xfs_be16(sb + 100);
	uint32_t incompat = xfs_be32(sb + 216);
	int err;

	if ((ver & XFS_SB_VERSION_NUMBITS) == 5) {
		x->v5 = true;
		if ((err = sb_crc(x)) < 0)
			return err;
		if (incompat & ~XFS_SB_FEAT_INCOMPAT_KNOWN)
			return xfs_log(x, "unknown incompatible features %#x",
				       incompat & ~XFS_SB_FEAT_INCOMPAT_KNOWN),
			       -EIO;
		if (incompat & XFS_SB_FEAT_INCOMPAT_NEEDSREPAIR)
			xfs_log(x, "needs repair; reading it anyway");
		x->ftype = incompat & XFS_SB_FEAT_INCOMPAT_FTYPE;
		memcpy(x->meta_uuid,
		       incompat & XFS_SB_FEAT_INCOMPAT_META_UUID ? sb + 248
								 : sb + 32,
		       16);
	} else if ((ver & XFS_SB_VERSION_NUMBITS) == 4) {
		if (!(ver & XFS_SB_VERSION_DIRV2BIT))
			return xfs_log(x, "version 1 directories unsupported"),
			       -EIO;
		x->ftype = (ver & XFS_SB_VERSION_MOREBITSBIT) &&
			   (xfs_be32(sb + 200) & XFS_SB_VERSION2_FTYPE);
	} else {
		return xfs_log(x, "superblock: unknown version %u",
			       ver & XFS_SB_VERSION_NUMBITS),
		       -EIO;
	}
	if (sb[126])
		return xfs_log(x, "mkfs did not finish (sb_inprogress)"), -EIO;
	return 0;
}

static void sb_names(struct xfs *x, const uint8_t *sb)
{
	static const char hex[] = "0123456789abcdef";
	char *u = x->head.uuid;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*u++ = '-';
		*u++ = hex[sb[32 + i] >> 4];
		*u++ = hex[sb[32 + i] & 15];
	}
	*u = 0;
	memcpy(x->head.label, sb + 108, 12); /* NUL-padded, maybe full */
	x->head.label[12] = 0;
	strcpy(x->head.type_name, "xfs");
}

static int xfs_alloc_bufs(struct xfs *x)
{
	x->ibuf = malloc(x->inodesize);
	x->dbuf = malloc(x->dirblksize > XFS_SYMLINK_MAXLEN + x->blocksize
			     ? x->dirblksize
			     : XFS_SYMLINK_MAXLEN + x->blocksize);
	if (!x->ibuf || !x->dbuf)
		return -ENOMEM;
	for (int i = 0; i < XFS_BTCACHE; i++)
		if (!(x->bt[i].buf = malloc(x->blocksize)))
			return -ENOMEM;
	return 0;
}

static void xfs_close(struct fs *fs)
{
	struct xfs *x = (struct xfs *)fs;

	if (!x)
		return;
	free(x->ibuf);
	free(x->dbuf);
	for (int i = 0; i < XFS_BTCACHE; i++)
		free(x->bt[i].buf);
	free(x);
}

static int xfs_probe(struct bdev *bd, struct fs **out)
{
	uint8_t sb[512];
	struct xfs_inode root;
	struct xfs *x;
	int err;

	if (bd->size < sizeof(sb))
		return -ENODEV;
	if ((err = bdev_read(bd, 0, sb, sizeof(sb))) < 0)
		return err;
	if (xfs_be32(sb) != XFS_SB_MAGIC)
		return -ENODEV;
	if (!(x = calloc(1, sizeof(*x))))
		return -ENOMEM;
	x->head.ops = &xfs_fs_ops;
	x->head.bd = bd;
	if ((err = sb_geometry(x, sb)) < 0 || (err = sb_features(x, sb)) < 0)
		goto fail;
	x->rootino = xfs_be64(sb + 56);
	sb_names(x, sb);
	if ((err = xfs_alloc_bufs(x)) < 0)
		goto fail;
	if ((err = xfs_iget_cached(x, x->rootino, &root)) < 0)
		goto fail;
	if ((root.mode & XFS_S_IFMT) != XFS_S_IFDIR) {
		xfs_log(x, "root inode %llu is not a directory",
			(unsigned long long)x->rootino);
		err = -EIO;
		goto fail;
	}
	*out = &x->head;
	return 0;
fail:
	xfs_close(&x->head);
	return err;
}

/* Inode number -> byte offset: AG, block in the AG, index in the block,
 * each checked against the geometry. */
static int ino_pos(const struct xfs *x, uint64_t ino, uint64_t *pos)
{
	unsigned int shift = x->agblklog + x->inopblog;
	uint64_t agno = ino >> shift;
	uint64_t agbno = (ino >> x->inopblog) & ((1ULL << x->agblklog) - 1);
	uint64_t idx = ino & ((1ULL << x->inopblog) - 1);
	uint64_t blk = agno * x->agblocks + agbno;

	if (ino == 0 || agno >= x->agcount || agbno >= x->agblocks ||
	    blk >= x->dblocks)
		return xfs_log(x, "inode number %llu outside the filesystem",
			       (unsigned long long)ino),
		       -EIO;
	*pos = (blk << x->blocklog) + (idx << x->inodelog);
	return 0;
}

/* The data fork's place and counts, checked against the inode size. */
static int inode_fork(struct xfs *x, const uint8_t *b, struct xfs_inode *ip)
{
	uint32_t core = b[4] == 3 ? 176 : 100;
	uint32_t lit = x->inodesize - core, forkoff = b[82] * 8u;

	if (forkoff > lit)
		return xfs_log(x, "inode %llu: fork offset %u past the inode",
			       (unsigned long long)ip->ino, forkoff),
		       -EIO;
	ip->fork = b + core;
	ip->forksize = forkoff ? forkoff : lit;
	if (b[4] == 3 && (xfs_be64(b + 120) & XFS_DIFLAG2_NREXT64))
		ip->nextents = xfs_be64(b + 24);
	else
		ip->nextents = xfs_be32(b + 76);
	if (ip->format == XFS_DINODE_FMT_EXTENTS &&
	    ip->nextents > ip->forksize / 16)
		return xfs_log(x, "inode %llu: %llu extents do not fit",
			       (unsigned long long)ip->ino,
			       (unsigned long long)ip->nextents),
		       -EIO;
	if (ip->format == XFS_DINODE_FMT_LOCAL && ip->size > ip->forksize)
		return xfs_log(x, "inode %llu: inline data of %llu bytes",
			       (unsigned long long)ip->ino,
			       (unsigned long long)ip->size),
		       -EIO;
	if (ip->format > XFS_DINODE_FMT_BTREE)
		return xfs_log(x, "inode %llu: unknown fork format %u",
			       (unsigned long long)ip->ino, ip->format),
		       -EIO;
	return 0;
}

/* Reads inode ino into buf (inodesize bytes) and checks its core. */
int xfs_iget(struct xfs *x, uint64_t ino, uint8_t *buf, struct xfs_inode *ip)
{
	uint64_t pos;
	int err;

	if ((err = ino_pos(x, ino, &pos)) < 0)
		return err;
	if ((err = bdev_read(x->head.bd, pos, buf, x->inodesize)) < 0)
		return xfs_log(x, "inode %llu: read error %d",
			       (unsigned long long)ino, err),
		       err;
	return xfs_iparse(x, ino, buf, ip);
}

/* Checks the inode core in buf and fills ip from it. */
int xfs_iparse(struct xfs *x, uint64_t ino, const uint8_t *buf,
	       struct xfs_inode *ip)
{
	if (xfs_be16(buf) != XFS_DINODE_MAGIC)
		return xfs_log(x, "inode %llu: bad magic",
			       (unsigned long long)ino),
		       -EIO;
	if (x->v5 ? buf[4] != 3 : buf[4] != 1 && buf[4] != 2)
		return xfs_log(x, "inode %llu: bad version %u",
			       (unsigned long long)ino, buf[4]),
		       -EIO;
	if (x->v5 && (!xfs_crc_ok(buf, x->inodesize, XFS_DINODE_CRC_OFF) ||
		      xfs_be64(buf + 152) != ino ||
		      memcmp(buf + 160, x->meta_uuid, 16) != 0))
		return xfs_log(x, "inode %llu: bad CRC, number or UUID",
			       (unsigned long long)ino),
		       -EIO;
	ip->ino = ino;
	ip->mode = xfs_be16(buf + 2);
	ip->format = buf[5];
	ip->size = xfs_be64(buf + 56);
	if (ip->size >> 63)
		return xfs_log(x, "inode %llu: negative size",
			       (unsigned long long)ino),
		       -EIO;
	return inode_fork(x, buf, ip);
}

/* xfs_iget into the one-inode cache (not for callers that must keep an
 * inode across another lookup). */
int xfs_iget_cached(struct xfs *x, uint64_t ino, struct xfs_inode *ip)
{
	int err;

	if (x->ibuf_ino == ino)
		return xfs_iparse(x, ino, x->ibuf, ip);
	x->ibuf_ino = 0;
	if ((err = xfs_iget(x, ino, x->ibuf, ip)) < 0)
		return err;
	x->ibuf_ino = ino;
	return 0;
}

enum fs_type xfs_mode_type(uint16_t mode)
{
	switch (mode & XFS_S_IFMT) {
	case XFS_S_IFDIR:
		return FS_DIR;
	case XFS_S_IFREG:
		return FS_REG;
	case XFS_S_IFLNK:
		return FS_LNK;
	default:
		return FS_OTHER;
	}
}

static uint64_t xfs_root(struct fs *fs)
{
	return ((struct xfs *)fs)->rootino;
}

static int xfs_stat(struct fs *fs, uint64_t ino, struct fs_stat *st)
{
	struct xfs_inode ip;
	int err;

	if ((err = xfs_iget_cached((struct xfs *)fs, ino, &ip)) < 0)
		return err;
	st->type = xfs_mode_type(ip.mode);
	st->size = ip.size;
	st->ino = ino;
	return 0;
}

static long xfs_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf,
		     size_t len)
{
	struct xfs *x = (struct xfs *)fs;
	struct xfs_inode ip;
	int err;

	if ((err = xfs_iget_cached(x, ino, &ip)) < 0)
		return err;
	if ((ip.mode & XFS_S_IFMT) == XFS_S_IFDIR)
		return -EISDIR;
	if (ip.format == XFS_DINODE_FMT_DEV)
		return -EINVAL;
	if (off >= ip.size)
		return 0;
	if (len > ip.size - off)
		len = ip.size - off;
	if (len > (size_t)(~0UL >> 1))
		len = ~0UL >> 1;
	if ((err = xfs_read_range(x, &ip, off, buf, len)) < 0)
		return err;
	return (long)len;
}

/* v5 remote symlinks: each block starts with an "XSLM" header saying
 * which bytes of the target it holds. */
static int symlink_v5(struct xfs *x, const struct xfs_inode *ip, char *out)
{
	uint32_t per = x->blocksize - XFS_SYMLINK_HDR, done = 0;
	uint8_t *b = x->dbuf;

	for (uint64_t fb = 0; done < ip->size; fb++) {
		struct xfs_map m;
		int err = xfs_bmap(x, ip, fb, &m);
		if (err < 0)
			return err;
		if (m.hole)
			return xfs_log(x, "symlink %llu: hole in its target",
				       (unsigned long long)ip->ino),
			       -EIO;
		err = bdev_read(x->head.bd, (m.blk + fb - m.off) << x->blocklog,
				b, x->blocksize);
		if (err < 0)
			return err;
		if (fb == 0 && xfs_be32(b) != XFS_SYMLINK_MAGIC) {
			/* mkfs.xfs -p (xfsprogs 6.1) writes v5 remote
			 * symlinks as bare bytes, like v4. */
			xfs_log(x, "symlink %llu: no XSLM header, read as v4",
				(unsigned long long)ip->ino);
			return xfs_read_range(x, ip, 0, out, ip->size);
		}
		uint32_t off = xfs_be32(b + 4), n = xfs_be32(b + 8);
		if (xfs_be32(b) != XFS_SYMLINK_MAGIC || off != done ||
		    n > per || n > ip->size - done || n == 0 ||
		    xfs_be64(b + 32) != ip->ino ||
		    !xfs_crc_ok(b, x->blocksize, 12))
			return xfs_log(x, "symlink %llu: bad block %llu",
				       (unsigned long long)ip->ino,
				       (unsigned long long)fb),
			       -EIO;
		memcpy(out + done, b + XFS_SYMLINK_HDR, n);
		done += n;
	}
	return 0;
}

static int xfs_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size)
{
	struct xfs *x = (struct xfs *)fs;
	struct xfs_inode ip;
	int err;

	if ((err = xfs_iget_cached(x, ino, &ip)) < 0)
		return err;
	if ((ip.mode & XFS_S_IFMT) != XFS_S_IFLNK)
		return -EINVAL;
	if (ip.size == 0 || ip.size > XFS_SYMLINK_MAXLEN)
		return xfs_log(x, "symlink %llu: length %llu",
			       (unsigned long long)ino,
			       (unsigned long long)ip.size),
		       -EIO;
	if (ip.size >= size)
		return -ENAMETOOLONG;
	if (ip.format == XFS_DINODE_FMT_LOCAL)
		memcpy(buf, ip.fork, ip.size);
	else if (ip.format == XFS_DINODE_FMT_DEV)
		return xfs_log(x, "symlink %llu: no data fork",
			       (unsigned long long)ino),
		       -EIO;
	else if (x->v5)
		err = symlink_v5(x, &ip, buf);
	else
		err = xfs_read_range(x, &ip, 0, buf, ip.size);
	if (err < 0)
		return err;
	buf[ip.size] = 0;
	return (int)ip.size;
}

const struct fs_ops xfs_fs_ops = {
    .name = "xfs",
    .probe = xfs_probe,
    .close = xfs_close,
    .root = xfs_root,
    .lookup = xfs_dir_lookup,
    .stat = xfs_stat,
    .readdir = xfs_dir_readdir,
    .read = xfs_read,
    .readlink = xfs_readlink,
    .map = xfs_file_map,
};
