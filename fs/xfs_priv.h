/*
 * xfs_priv.h - what fs/xfs.c (superblock, inodes, data forks, files,
 * symlinks) and fs/xfs_dir.c (directories) share.  Not a public API:
 * everything outside fs/ goes through fs/fs.h.
 *
 * Numbers here are read from the disk, so nothing in these structs is
 * trusted beyond what xfs_iget and xfs_bmap checked when they filled it.
 */
#ifndef FS_XFS_PRIV_H
#define FS_XFS_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fs/fs.h"

/* Directory data lives below this byte offset of a directory's data
 * fork; leaf, node and free-index blocks above it. */
#define XFS_DIR2_LEAF_OFFSET (32ULL << 30)

#define XFS_BTCACHE 4

struct xfs {
	struct fs head;
	uint32_t blocksize, sectsize, inodesize, agblocks, agcount;
	uint32_t dirblksize;
	uint8_t blocklog, inodelog, inopblog, agblklog, dirblklog;
	bool v5, ftype;
	uint64_t dblocks, rootino;
	uint8_t meta_uuid[16]; /* what v5 metadata blocks carry */
	uint8_t *ibuf;	       /* the inode last read by xfs_iget_cached */
	uint64_t ibuf_ino;     /* 0: ibuf holds nothing */
	uint8_t *dbuf;	       /* a directory or symlink block */
	struct {
		uint64_t fsb; /* 0: empty slot (block 0 is never a btree's) */
		uint8_t *buf;
	} bt[XFS_BTCACHE];
	unsigned int bt_next;
};

/* An inode as read and checked: the data fork is inside buf. */
struct xfs_inode {
	uint64_t ino;
	uint16_t mode;
	uint8_t format; /* XFS_DINODE_FMT_* */
	uint64_t size;
	uint64_t nextents;
	const uint8_t *fork; /* the data fork, inside the inode buffer */
	uint32_t forksize;
};

enum {
	XFS_DINODE_FMT_DEV = 0,
	XFS_DINODE_FMT_LOCAL = 1,
	XFS_DINODE_FMT_EXTENTS = 2,
	XFS_DINODE_FMT_BTREE = 3,
};

#define XFS_S_IFMT  0170000
#define XFS_S_IFDIR 0040000
#define XFS_S_IFREG 0100000
#define XFS_S_IFLNK 0120000

/* One mapping of file blocks: either on disk (hole false) or a hole
 * (also used for unwritten extents, which read as zeros). */
struct xfs_map {
	uint64_t off, len; /* file blocks */
	uint64_t blk;	   /* first block, linear (AG * agblocks + AG
			      block): blk << blocklog is its byte offset */
	bool hole;
};

static inline uint16_t xfs_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t xfs_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t xfs_be64(const uint8_t *p)
{
	return (uint64_t)xfs_be32(p) << 32 | xfs_be32(p + 4);
}

/* xfs.c */
extern const struct fs_ops xfs_fs_ops;
void xfs_log(const struct xfs *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int xfs_iget(struct xfs *x, uint64_t ino, uint8_t *buf, struct xfs_inode *ip);
int xfs_iparse(struct xfs *x, uint64_t ino, const uint8_t *buf,
	       struct xfs_inode *ip);
int xfs_iget_cached(struct xfs *x, uint64_t ino, struct xfs_inode *ip);
int xfs_bmap(struct xfs *x, const struct xfs_inode *ip, uint64_t fb,
	     struct xfs_map *m);
int xfs_read_range(struct xfs *x, const struct xfs_inode *ip, uint64_t off,
		   void *buf, size_t len);
/* fs_ops.map: file byte off of inode ino on the device (fs/fs.h). */
int xfs_file_map(struct fs *fs, uint64_t ino, uint64_t off, uint64_t *dev_off,
		 uint64_t *len);
enum fs_type xfs_mode_type(uint16_t mode);
bool xfs_crc_ok(const uint8_t *buf, size_t len, size_t crc_off);

/* xfs_dir.c */
int xfs_dir_lookup(struct fs *fs, uint64_t dir, const char *name,
		   size_t namelen, uint64_t *ino);
int xfs_dir_readdir(struct fs *fs, uint64_t dir,
		    int (*fn)(void *arg, const char *name, size_t namelen,
			      enum fs_type type),
		    void *arg);

#endif
