/*
 * fs.h - read-only filesystem readers (ext2/3/4, XFS, btrfs), the whole
 * public API.  A filesystem is opened on a struct bdev (disk/disk.h) by
 * probing each reader in turn; files are then found by absolute path
 * ("/boot/grub/grub.cfg"), following symlinks (bounded: -ELOOP), and read
 * at any offset.
 *
 * The disk is untrusted: every on-disk number is range-checked before it
 * is used (block numbers inside the device, lengths inside their block,
 * directory records inside their block, extent trees of bounded depth,
 * no cycles).  A violation gives -EIO (or -EUCLEAN where the host has it)
 * and a message through the log hook naming the structure, never a crash
 * or an endless loop.  Nothing is ever written, except by
 * fs_write_in_place: GRUB's save_env, which overwrites a file's existing
 * data blocks and nothing else.
 */
#ifndef FS_FS_H
#define FS_FS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "disk/disk.h"

struct fs;
struct fs_file;

enum fs_type { FS_DIR = 1, FS_REG, FS_LNK, FS_OTHER };

struct fs_stat {
	enum fs_type type;
	uint64_t size;
	uint64_t ino;
};

/* Messages about bad or odd on-disk data ("ext4: dirty journal, ignored")
 * go here; NULL discards them.  Set before fs_open. */
extern void (*fs_log)(const char *msg);

/* Probes ext, then XFS, then btrfs.  -ENODEV: no filesystem recognised;
 * -EIO etc.: recognised but unusable (the message says why). */
int fs_open(struct bdev *bd, struct fs **out);
void fs_close(struct fs *fs);

const char *fs_type_name(const struct fs *fs); /* "ext4", "xfs", ... */
/* Lower-case, dashed UUID as blkid prints it ("" if none). */
const char *fs_uuid(const struct fs *fs);
const char *fs_label(const struct fs *fs); /* "" if none */

int fs_stat(struct fs *fs, const char *path, struct fs_stat *st);

/* Calls fn for each entry of directory path ("." and ".." skipped);
 * fn returns non-zero to stop.  0 or -errno. */
int fs_readdir(struct fs *fs, const char *path,
	       int (*fn)(void *arg, const char *name, enum fs_type type),
	       void *arg);

int fs_file_open(struct fs *fs, const char *path, struct fs_file **out);
uint64_t fs_file_size(const struct fs_file *f);
/* Reads up to len bytes at off; returns the count (0 at the end) or
 * -errno.  Holes read as zeros. */
long fs_file_read(struct fs_file *f, uint64_t off, void *buf, size_t len);
void fs_file_close(struct fs_file *f);

/*
 * Where file byte off lives: its byte offset on the filesystem's bdev
 * (*dev_off) and how many bytes from there are contiguous on the device
 * (*len: to the end of that extent or block run, never past the file's
 * size).  -ENOENT if that byte has no block of its own that could be
 * overwritten in place: a hole, an unwritten/uninitialised extent,
 * inline data (ext4 inline_data, XFS local format), or a file whose
 * blocks the reader will not vouch for (encrypted, verity, reflinked,
 * realtime).  -EINVAL if off is not below the size; -EOPNOTSUPP if the
 * reader cannot map (btrfs).
 */
int fs_file_map(struct fs_file *f, uint64_t off, uint64_t *dev_off,
		uint64_t *len);

/*
 * Overwrites regular file path with data, in place, as GRUB's save_env
 * rewrites grubenv: len must equal the file's size and every byte must
 * be mapped (fs_file_map), then the data goes to those blocks through
 * bdev_write.  Nothing else changes: no allocation, no inode (times,
 * size) or journal update, so a journal replay could in principle put
 * back an older copy (GRUB takes the same risk).  Refuses before writing
 * anything, with a message through fs_log: -EROFS (read-only bdev),
 * -EINVAL (another length, not a regular file), -ENOENT (missing, hole,
 * inline, ...), -EOPNOTSUPP (reader cannot map).  A write error midway
 * leaves the file partly rewritten.
 */
int fs_write_in_place(struct fs *fs, const char *path, const void *data,
		      size_t len);

/* The whole file into a malloc'd buffer (plus a NUL after it); -EFBIG if
 * it is larger than max. */
int fs_read_all(struct fs *fs, const char *path, size_t max, void **data,
		size_t *len);

/*
 * What each reader provides (fs/ext.c, fs/xfs.c, fs/btrfs.c); fs/fs.c
 * does paths, symlinks and dispatch on top.  Inode numbers are the
 * reader's own.
 */
struct fs_ops {
	const char *name;
	int (*probe)(struct bdev *bd, struct fs **out); /* -ENODEV: not mine */
	void (*close)(struct fs *fs);
	uint64_t (*root)(struct fs *fs);
	int (*lookup)(struct fs *fs, uint64_t dir, const char *name,
		      size_t namelen, uint64_t *ino);
	int (*stat)(struct fs *fs, uint64_t ino, struct fs_stat *st);
	int (*readdir)(struct fs *fs, uint64_t dir,
		       int (*fn)(void *arg, const char *name, size_t namelen,
				 enum fs_type type),
		       void *arg);
	long (*read)(struct fs *fs, uint64_t ino, uint64_t off, void *buf,
		     size_t len);
	/* A symlink's target into buf (NUL-terminated); its length. */
	int (*readlink)(struct fs *fs, uint64_t ino, char *buf, size_t size);
	/* Optional (NULL: -EOPNOTSUPP).  Byte off (below the file's size)
	 * of regular file ino to its byte offset on fs->bd and the count of
	 * contiguous bytes from there (>= 1, may run past the file's end:
	 * fs.c clamps); -ENOENT if it cannot be overwritten in place. */
	int (*map)(struct fs *fs, uint64_t ino, uint64_t off, uint64_t *dev_off,
		   uint64_t *len);
};

/* For the readers: a printf-style message through fs_log (dropped if
 * fs_log is NULL), e.g. fs_msgf("ext4: inode %u: bad extent", ino). */
/* fs_msgf with a prefix ("xfs hd0,gpt2: "), for a reader's own wrapper. */
void fs_vmsgf(const char *prefix, const char *fmt, va_list ap);
/* CRC32C (Castagnoli) without the final inversion, as XFS and btrfs use
 * it (their callers seed and invert as their formats say). */
uint32_t fs_crc32c(uint32_t crc, const void *data, size_t len);
void fs_msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Every reader's struct fs starts with this. */
struct fs {
	const struct fs_ops *ops;
	struct bdev *bd;
	char type_name[8];
	char uuid[37];
	char label[64];
};

#endif
