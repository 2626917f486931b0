/*
 * btrfs_priv.h - what fs/btrfs.c (superblock, subvolumes, inodes,
 * directories), fs/btrfs_tree.c (chunk map, B-tree nodes and search),
 * fs/btrfs_file.c (file extents) and fs/btrfs_decomp.c (zlib, LZO, zstd
 * extents) share.  Not a public API: everything outside fs/ goes through
 * fs/fs.h.
 *
 * Numbers in these structs come from the disk; they are trusted only as
 * far as the code that filled them checked them (see each file).
 */
#ifndef FS_BTRFS_PRIV_H
#define FS_BTRFS_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fs/fs.h"

#define BTRFS_SUPER_OFF	  0x10000
#define BTRFS_SUPER_SIZE  4096
#define BTRFS_HDR_SIZE	  101 /* node header */
#define BTRFS_ITEM_SIZE	  25  /* leaf item: key, data offset, size */
#define BTRFS_PTR_SIZE	  33  /* internal node: key, blockptr, gen */
#define BTRFS_MAX_LEVEL	  8
#define BTRFS_MAX_CHUNKS  4096
#define BTRFS_MAX_ROOTS	  256 /* subvolumes visited (inode number bits) */
#define BTRFS_NCACHE	  16
#define BTRFS_MAX_EXTENT  (128u << 10) /* a compressed extent's sizes */
#define BTRFS_INO_SHIFT	  56	       /* ino = root index << 56 | objectid */
#define BTRFS_SEARCH_READ 64	       /* node reads per search */

/* Item types (the key's middle field). */
enum {
	BTRFS_INODE_ITEM = 1,
	BTRFS_INODE_REF = 12,
	BTRFS_DIR_ITEM = 84,
	BTRFS_DIR_INDEX = 96,
	BTRFS_EXTENT_DATA = 108,
	BTRFS_ROOT_ITEM = 132,
	BTRFS_ROOT_BACKREF = 144,
	BTRFS_CHUNK_ITEM = 228,
};

#define BTRFS_FS_TREE_OBJECTID	     5ULL
#define BTRFS_ROOT_TREE_DIR_OBJECTID 6ULL
#define BTRFS_FIRST_CHUNK_TREE	     256ULL

struct btrfs_key {
	uint64_t objectid;
	uint8_t type;
	uint64_t offset;
};

/* An item copied out of a leaf: data is malloc'd (btrfs_item_free). */
struct btrfs_item {
	struct btrfs_key key;
	uint8_t *data;
	uint32_t size;
};

/* One logical range and where it is on our device: SINGLE, or DUP's
 * two copies (physical2 is 0 for SINGLE). */
struct btrfs_chunk {
	uint64_t logical, length, physical, physical2;
};

/* A tree: the root node's logical address and level. */
struct btrfs_tree {
	uint64_t bytenr;
	uint8_t level;
};

/* A subvolume (an FS tree) we have entered. */
struct btrfs_root {
	uint64_t id;
	uint64_t dirid; /* its top directory's objectid */
	struct btrfs_tree tree;
};

struct btrfs {
	struct fs head;
	uint32_t sectorsize, nodesize;
	uint16_t csum_type;
	uint8_t meta_fsid[16]; /* what node headers carry */
	uint64_t devid;
	struct btrfs_tree root_tree, chunk_tree;
	struct btrfs_chunk *chunks; /* sorted by logical */
	unsigned int nchunks;
	struct btrfs_root roots[BTRFS_MAX_ROOTS];
	unsigned int nroots;
	unsigned int top; /* the subvolume paths start in */
	struct {
		uint64_t bytenr; /* 0: empty (no node sits at 0) */
		uint8_t *buf;
		uint8_t level; /* as checked when read */
	} cache[BTRFS_NCACHE];
	unsigned int cache_next;
	unsigned int budget; /* node reads left in this search */
	/* The last decompressed extent, for reads in small pieces. */
	struct {
		uint64_t ino, disk_bytenr;
		uint8_t *buf;
		size_t len;
	} ext;
};

static inline uint16_t btrfs_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t btrfs_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t btrfs_le64(const uint8_t *p)
{
	return (uint64_t)btrfs_le32(p) | (uint64_t)btrfs_le32(p + 4) << 32;
}

/* btrfs.c */
extern const struct fs_ops btrfs_fs_ops;
void btrfs_log(const struct btrfs *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool btrfs_csum_ok(const struct btrfs *b, const uint8_t *buf, size_t len);

/* btrfs_tree.c */
int btrfs_add_chunk(struct btrfs *b, uint64_t logical, const uint8_t *chunk,
		    size_t len, size_t *used);
int btrfs_read_chunk_tree(struct btrfs *b);
int btrfs_read_logical(struct btrfs *b, uint64_t logical, void *buf,
		       size_t len);
/* The same from copy 0 or 1 (DUP's second); -ENOENT: no such copy. */
int btrfs_read_copy(struct btrfs *b, uint64_t logical, void *buf, size_t len,
		    int copy);
enum btrfs_mode { BTRFS_GE, BTRFS_LE };
/* The first item >= key (GE) or the last <= key (LE) in tree: 0,
 * -ENOENT if there is none, or -errno.  it->data is the caller's. */
int btrfs_search(struct btrfs *b, const struct btrfs_tree *t,
		 const struct btrfs_key *key, enum btrfs_mode mode,
		 struct btrfs_item *it);
/* The item of exactly (objectid, type), the lowest offset >= offset. */
int btrfs_find(struct btrfs *b, const struct btrfs_tree *t, uint64_t objectid,
	       uint8_t type, uint64_t offset, struct btrfs_item *it);
void btrfs_item_free(struct btrfs_item *it);
void btrfs_cache_free(struct btrfs *b);

/* btrfs_file.c */
long btrfs_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf,
		size_t len);
int btrfs_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size);
/* Splits an inode number into its subvolume and objectid. */
int btrfs_ino(struct btrfs *b, uint64_t ino, const struct btrfs_root **r,
	      uint64_t *objectid);
/* The inode's size and mode (INODE_ITEM). */
int btrfs_inode(struct btrfs *b, uint64_t ino, uint64_t *size, uint32_t *mode);

/* btrfs_decomp.c: compression 1 zlib, 2 LZO, 3 zstd; fills out[0..
 * out_len) (zeros after a short stream).  0 or -EIO with a reason. */
int btrfs_decompress(int type, const uint8_t *in, size_t in_len, uint8_t *out,
		     size_t out_len, uint32_t sectorsize, char *err,
		     size_t err_size);

#endif
