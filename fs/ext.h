/*
 * ext.h - what the ext2/3/4 reader's files share (ext.c: superblock,
 * group descriptors, inodes, the fs_ops; ext_map.c: block maps and
 * extent trees; ext_dir.c: directories, inline data).  Not a public
 * header: everything else sees the reader only through fs/fs.h.
 */
#ifndef FS_EXT_H
#define FS_EXT_H

#include <stdbool.h>
#include <stdint.h>
#include "fs/fs.h"

#define EXT_ROOT_INO	2
#define EXT_INODE_MAX	1024 /* largest inode size accepted */
#define EXT_CACHE_SLOTS 4

/* Inode flags (i_flags). */
#define EXT_EXTENTS_FL	   0x80000u
#define EXT_INLINE_DATA_FL 0x10000000u

/* Feature bits used beyond the probe. */
#define EXT_INCOMPAT_FILETYPE 0x2u
#define EXT_INCOMPAT_META_BG  0x10u
#define EXT_INCOMPAT_64BIT    0x80u

struct ext_fs {
	struct fs fs; /* first: the struct fs * the API hands around */
	uint32_t block_size;
	uint32_t log_block_size; /* block_size = 1024 << it */
	uint64_t blocks_count;
	uint32_t inodes_count;
	uint32_t first_data_block;
	uint32_t blocks_per_group;
	uint32_t inodes_per_group;
	uint32_t inode_size;
	uint32_t desc_size;
	uint32_t groups;
	uint32_t first_meta_bg;
	uint32_t compat, incompat, ro_compat;
	uint32_t backup_bgs[2]; /* sparse_super2 */
	/* Tiny cache of metadata blocks (indirect blocks, extent nodes),
	 * keyed by block number: nothing is written, so it never goes
	 * stale.  A pointer from ext_block lasts until the next call. */
	struct {
		uint64_t blk;
		uint8_t *buf;
		unsigned int age;
	} cache[EXT_CACHE_SLOTS];
	unsigned int clock;
};

struct ext_inode {
	uint32_t ino;
	uint16_t mode;
	uint32_t flags;
	uint64_t size;
	uint8_t raw[EXT_INODE_MAX]; /* the on-disk inode (inode_size) */
	const uint8_t *iblock;	    /* raw + 40: i_block, 60 bytes */
};

static inline uint16_t ext_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t ext_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline struct ext_fs *ext_of(struct fs *fs)
{
	return (struct ext_fs *)fs;
}

extern const struct fs_ops ext_fs_ops;

enum fs_type ext_mode_type(uint16_t mode);

/* ext.c */
int ext_inode_read(struct ext_fs *e, uint64_t ino, struct ext_inode *in);
/* Block blk (checked inside the filesystem) through the cache. */
int ext_block(struct ext_fs *e, uint64_t blk, const uint8_t **data);
/* Bytes [off, off+len) of the inode's data (clamped to its size). */
long ext_read_data(struct ext_fs *e, const struct ext_inode *in, uint64_t off,
		   void *buf, size_t len);

/* ext_map.c: logical block lblk of the inode to *pblk (0: a hole) and
 * how many blocks from there map the same way (contiguous or hole). */
int ext_map(struct ext_fs *e, const struct ext_inode *in, uint64_t lblk,
	    uint64_t *pblk, uint64_t *count);
/* fs_ops.map: file byte off of inode ino on the device (fs/fs.h). */
int ext_file_map(struct fs *fs, uint64_t ino, uint64_t off, uint64_t *dev_off,
		 uint64_t *len);

/* ext_dir.c */
typedef int (*ext_dirent_fn)(void *arg, const char *name, size_t len,
			     uint32_t ino, uint8_t ftype);
/* Calls fn for each entry of directory in (stops on non-zero, returned). */
int ext_dir_iter(struct ext_fs *e, const struct ext_inode *in, ext_dirent_fn fn,
		 void *arg);
/* The system.data xattr of an inline-data inode (value inside in). */
int ext_inline_value(struct ext_fs *e, const struct ext_inode *in,
		     const uint8_t **val, size_t *len);
int ext_lookup(struct fs *fs, uint64_t dir, const char *name, size_t len,
	       uint64_t *ino);
int ext_readdir(struct fs *fs, uint64_t dir,
		int (*fn)(void *arg, const char *name, size_t namelen,
			  enum fs_type type),
		void *arg);

#endif
