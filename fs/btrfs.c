/*
 * btrfs.c - read-only btrfs on one device: the superblock, subvolumes,
 * inodes and directories (btrfs_tree.c maps addresses and searches trees,
 * btrfs_file.c reads file extents, btrfs_decomp.c inflates them).
 *
 * Paths start in the default subvolume (the root tree's "default" entry,
 * which is the top level, id 5, unless `btrfs subvolume set-default`
 * changed it).  On the usual layouts (Ubuntu's @ and @home, Debian's flat
 * one) that is the top level, and paths name subvolumes as directories,
 * "/@/boot/vmlinuz", as GRUB addresses them; a directory entry that is a
 * subvolume is followed into that subvolume's tree, and ".." out of a
 * subvolume's top goes back to where it hangs (ROOT_BACKREF).  An inode
 * number here is the subvolume's index in b->roots (its high 8 bits) and
 * the objectid in that subvolume's tree.
 *
 * The disk is untrusted.  The superblock must carry its magic, its own
 * address, a good crc32c (other checksum types are not verified; said
 * once), sane sector and node sizes, one device, no incompatible feature
 * we do not know; filesystems on several devices or with RAID chunks are
 * refused with a message.  Every item is checked for size before a field
 * of it is read; directory entries must fit their item.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/btrfs_priv.h"

#define BTRFS_MAGIC	   "_BHRfS_M"
#define BTRFS_SUPER_MIRROR (64ULL << 20)
#define SYS_ARRAY_OFF	   0x32b
#define SYS_ARRAY_MAX	   2048
#define INCOMPAT_META_UUID 0x400ULL
#define INCOMPAT_KNOWN	   0x1fffULL /* up to ZONED; not EXTENT_TREE_V2 */
#define ROOT_ITEM_MIN	   239
#define DIR_ITEM_HDR	   30
#define FT_REG		   1
#define FT_DIR		   2
#define FT_SYMLINK	   7
#define S_FMT		   0170000
#define READDIR_MAX	   (1u << 20)
#define OBJECTID_LIMIT	   (1ULL << BTRFS_INO_SHIFT)

void btrfs_log(const struct btrfs *b, const char *fmt, ...)
{
	char prefix[64];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "btrfs %s: ", b->head.bd->name);
	va_start(ap, fmt);
	fs_vmsgf(prefix, fmt, ap);
	va_end(ap);
}

/* A superblock's or node's checksum: its first 4 bytes hold the crc32c
 * of everything after the 32-byte checksum field. */
bool btrfs_csum_ok(const struct btrfs *b, const uint8_t *buf, size_t len)
{
#ifdef FS_FUZZING
	(void)b, (void)buf, (void)len;
	return true;
#else
	if (b->csum_type != 0)
		return true; /* xxhash, sha256, blake2: not verified */
	return ~fs_crc32c(~0u, buf + 32, len - 32) == btrfs_le32(buf);
#endif
}

static int sb_sizes(struct btrfs *b, const uint8_t *sb)
{
	uint64_t total = btrfs_le64(sb + 0x70), ndev = btrfs_le64(sb + 0x88);
	uint64_t incompat = btrfs_le64(sb + 0xbc);

	b->sectorsize = btrfs_le32(sb + 0x90);
	b->nodesize = btrfs_le32(sb + 0x94);
	if (b->sectorsize < 4096 || b->sectorsize > 65536 ||
	    (b->sectorsize & (b->sectorsize - 1)))
		return btrfs_log(b, "superblock: bad sector size %u",
				 b->sectorsize),
		       -EIO;
	if (b->nodesize < b->sectorsize || b->nodesize > 65536 ||
	    (b->nodesize & (b->nodesize - 1)))
		return btrfs_log(b, "superblock: bad node size %u",
				 b->nodesize),
		       -EIO;
	if (ndev != 1)
		return btrfs_log(b,
				 "%llu devices: only single-device "
				 "filesystems are supported",
				 (unsigned long long)ndev),
		       -EIO;
	if (incompat & ~INCOMPAT_KNOWN)
		return btrfs_log(
			   b, "unknown incompatible features %#llx",
			   (unsigned long long)(incompat & ~INCOMPAT_KNOWN)),
		       -EIO;
	if (total > b->head.bd->size)
		return btrfs_log(b,
				 "filesystem (%llu bytes) larger than the "
				 "device",
				 (unsigned long long)total),
		       -EIO;
	memcpy(b->meta_fsid,
	       sb + (incompat & INCOMPAT_META_UUID ? 0x23b : 0x20), 16);
	return 0;
}

static void sb_names(struct btrfs *b, const uint8_t *sb)
{
	const uint8_t *u = sb + 0x20;
	size_t i;

	snprintf(b->head.uuid, sizeof(b->head.uuid),
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
	for (i = 0; i < sizeof(b->head.label) - 1 && sb[0x12b + i]; i++)
		b->head.label[i] = (char)sb[0x12b + i];
	b->head.label[i] = 0;
	strcpy(b->head.type_name, "btrfs");
}

/* The system chunk array: (key, chunk item) pairs that map the chunk
 * tree itself. */
static int sb_sys_chunks(struct btrfs *b, const uint8_t *sb)
{
	uint32_t size = btrfs_le32(sb + 0xa0), pos = 0;
	const uint8_t *a = sb + SYS_ARRAY_OFF;
	size_t used;
	int rc;

	if (size > SYS_ARRAY_MAX)
		return btrfs_log(b, "system chunk array of %u bytes", size),
		       -EIO;
	while (pos < size) {
		if (size - pos < 17 || a[pos + 8] != BTRFS_CHUNK_ITEM)
			return btrfs_log(b, "system chunk array: bad key"),
			       -EIO;
		rc = btrfs_add_chunk(b, btrfs_le64(a + pos + 9), a + pos + 17,
				     size - pos - 17, &used);
		if (rc < 0)
			return rc;
		pos += 17 + (uint32_t)used;
	}
	return 0;
}

static int sb_read(struct btrfs *b, const uint8_t *sb, uint64_t off)
{
	int rc;

	b->csum_type = btrfs_le16(sb + 0xc4);
	if (b->csum_type > 3)
		return btrfs_log(b, "unknown checksum type %u", b->csum_type),
		       -EIO;
	if (b->csum_type != 0)
		btrfs_log(b, "checksum type %u: checksums not verified",
			  b->csum_type);
	if (!btrfs_csum_ok(b, sb, BTRFS_SUPER_SIZE))
		return btrfs_log(b, "superblock: bad checksum"), -EIO;
	if (btrfs_le64(sb + 0x30) != off)
		return btrfs_log(b, "superblock: wrong address"), -EIO;
	if ((rc = sb_sizes(b, sb)) < 0)
		return rc;
	sb_names(b, sb);
	b->devid = btrfs_le64(sb + 0xc9);
	b->root_tree = (struct btrfs_tree){btrfs_le64(sb + 0x50), sb[0xc6]};
	b->chunk_tree = (struct btrfs_tree){btrfs_le64(sb + 0x58), sb[0xc7]};
	if (btrfs_le64(sb + 0x60) != 0)
		btrfs_log(b, "log tree not replayed (not cleanly unmounted)");
	b->chunks = calloc(BTRFS_MAX_CHUNKS, sizeof(b->chunks[0]));
	if (!b->chunks)
		return -ENOMEM;
	if ((rc = sb_sys_chunks(b, sb)) < 0)
		return rc;
	return btrfs_read_chunk_tree(b);
}

/* The index in b->roots of subvolume id, reading its ROOT_ITEM the first
 * time. */
static int root_open(struct btrfs *b, uint64_t id, unsigned int *idx)
{
	struct btrfs_item it;
	struct btrfs_root *r;
	int rc;

	for (unsigned int i = 0; i < b->nroots; i++)
		if (b->roots[i].id == id)
			return *idx = i, 0;
	if (b->nroots >= BTRFS_MAX_ROOTS)
		return btrfs_log(b, "more than %u subvolumes visited",
				 BTRFS_MAX_ROOTS),
		       -EIO;
	rc = btrfs_find(b, &b->root_tree, id, BTRFS_ROOT_ITEM, 0, &it);
	if (rc == -ENOENT)
		btrfs_log(b, "subvolume %llu: no root item",
			  (unsigned long long)id);
	if (rc < 0)
		return rc == -ENOENT ? -EIO : rc;
	r = &b->roots[b->nroots];
	if (it.size >= ROOT_ITEM_MIN) {
		r->id = id;
		r->dirid = btrfs_le64(it.data + 168);
		r->tree.bytenr = btrfs_le64(it.data + 176);
		r->tree.level = it.data[238];
	}
	btrfs_item_free(&it);
	if (r->id != id || r->tree.level >= BTRFS_MAX_LEVEL ||
	    r->dirid >= OBJECTID_LIMIT)
		return btrfs_log(b, "subvolume %llu: bad root item",
				 (unsigned long long)id),
		       -EIO;
	*idx = b->nroots++;
	return 0;
}

/* Finds name among the entries packed in a DIR_ITEM; its location key
 * and file type. */
static int dir_match(struct btrfs *b, const struct btrfs_item *it,
		     const char *name, size_t len, struct btrfs_key *loc,
		     uint8_t *ft)
{
	uint32_t pos = 0;

	while (pos < it->size) {
		const uint8_t *d = it->data + pos;
		uint32_t nl, dl;
		if (it->size - pos < DIR_ITEM_HDR)
			break;
		dl = btrfs_le16(d + 25);
		nl = btrfs_le16(d + 27);
		if (nl + dl > it->size - pos - DIR_ITEM_HDR)
			break;
		if (nl == len && memcmp(d + DIR_ITEM_HDR, name, len) == 0) {
			loc->objectid = btrfs_le64(d);
			loc->type = d[8];
			loc->offset = btrfs_le64(d + 9);
			*ft = d[29];
			return 0;
		}
		pos += DIR_ITEM_HDR + nl + dl;
	}
	if (pos < it->size)
		btrfs_log(b, "dir item %llu: entry outside its item",
			  (unsigned long long)it->key.objectid);
	return pos < it->size ? -EIO : -ENOENT;
}

static int dir_find(struct btrfs *b, const struct btrfs_tree *t, uint64_t dir,
		    const char *name, size_t len, struct btrfs_key *loc,
		    uint8_t *ft)
{
	uint32_t hash = fs_crc32c(~1u, name, len);
	struct btrfs_item it;
	int rc = btrfs_find(b, t, dir, BTRFS_DIR_ITEM, hash, &it);

	if (rc == 0 && it.key.offset != hash)
		rc = -ENOENT;
	if (rc == 0)
		rc = dir_match(b, &it, name, len, loc, ft);
	btrfs_item_free(&it);
	return rc;
}

static uint64_t make_ino(unsigned int idx, uint64_t objectid)
{
	return (uint64_t)idx << BTRFS_INO_SHIFT | objectid;
}

int btrfs_ino(struct btrfs *b, uint64_t ino, const struct btrfs_root **r,
	      uint64_t *objectid)
{
	uint64_t idx = ino >> BTRFS_INO_SHIFT;

	if (idx >= b->nroots)
		return -EINVAL;
	*r = &b->roots[idx];
	*objectid = ino & (OBJECTID_LIMIT - 1);
	return 0;
}

static void btrfs_close(struct fs *fs)
{
	struct btrfs *b = (struct btrfs *)fs;

	if (!b)
		return;
	btrfs_cache_free(b);
	free(b->chunks);
	free(b->ext.buf);
	free(b);
}

/* The default subvolume: the root tree's "default" entry, else 5. */
static int open_default(struct btrfs *b)
{
	struct btrfs_key loc = {BTRFS_FS_TREE_OBJECTID, 0, 0};
	uint8_t ft;
	int rc = dir_find(b, &b->root_tree, BTRFS_ROOT_TREE_DIR_OBJECTID,
			  "default", 7, &loc, &ft);

	if (rc < 0 && rc != -ENOENT)
		return rc;
	if (rc == -ENOENT || loc.objectid == 0)
		loc.objectid = BTRFS_FS_TREE_OBJECTID;
	return root_open(b, loc.objectid, &b->top);
}

/* Whether the superblock at off is whole: magic, address, checksum. */
static bool sb_good(struct btrfs *b, const uint8_t *sb, uint64_t off)
{
	b->csum_type = btrfs_le16(sb + 0xc4);
	return memcmp(sb + 0x40, BTRFS_MAGIC, 8) == 0 &&
	       btrfs_le64(sb + 0x30) == off && b->csum_type <= 3 &&
	       btrfs_csum_ok(b, sb, BTRFS_SUPER_SIZE);
}

/* The primary superblock, or its first mirror (64 MiB) if the primary is
 * damaged and the mirror is whole; the offset of the one chosen. */
static uint64_t sb_choose(struct btrfs *b, uint8_t *sb)
{
	uint8_t *m;
	uint64_t moff = BTRFS_SUPER_MIRROR;

	if (sb_good(b, sb, BTRFS_SUPER_OFF) ||
	    b->head.bd->size < moff + BTRFS_SUPER_SIZE ||
	    !(m = malloc(BTRFS_SUPER_SIZE)))
		return BTRFS_SUPER_OFF;
	if (bdev_read(b->head.bd, moff, m, BTRFS_SUPER_SIZE) == 0 &&
	    sb_good(b, m, moff)) {
		btrfs_log(b, "primary superblock damaged: using the copy at "
			     "64 MiB");
		memcpy(sb, m, BTRFS_SUPER_SIZE);
	} else {
		moff = BTRFS_SUPER_OFF;
	}
	free(m);
	return moff;
}

static int btrfs_probe(struct bdev *bd, struct fs **out)
{
	struct btrfs *b;
	uint8_t *sb;
	int rc;

	if (bd->size < BTRFS_SUPER_OFF + BTRFS_SUPER_SIZE)
		return -ENODEV;
	sb = malloc(BTRFS_SUPER_SIZE);
	b = calloc(1, sizeof(*b));
	rc = sb && b ? bdev_read(bd, BTRFS_SUPER_OFF, sb, BTRFS_SUPER_SIZE)
		     : -ENOMEM;
	if (rc == 0 && memcmp(sb + 0x40, BTRFS_MAGIC, 8) != 0)
		rc = -ENODEV;
	if (rc == 0) {
		b->head.ops = &btrfs_fs_ops;
		b->head.bd = bd;
		rc = sb_read(b, sb, sb_choose(b, sb));
	}
	if (rc == 0)
		rc = open_default(b);
	free(sb);
	if (rc < 0) {
		if (b)
			b->head.bd = bd;
		btrfs_close(b ? &b->head : NULL);
		return rc;
	}
	*out = &b->head;
	return 0;
}

static uint64_t btrfs_root_ino(struct fs *fs)
{
	struct btrfs *b = (struct btrfs *)fs;

	return make_ino(b->top, b->roots[b->top].dirid);
}

int btrfs_inode(struct btrfs *b, uint64_t ino, uint64_t *size, uint32_t *mode)
{
	const struct btrfs_root *r;
	struct btrfs_item it;
	uint64_t obj;
	int rc = btrfs_ino(b, ino, &r, &obj);

	if (rc == 0)
		rc = btrfs_find(b, &r->tree, obj, BTRFS_INODE_ITEM, 0, &it);
	if (rc == -ENOENT)
		btrfs_log(b, "inode %llu: no inode item",
			  (unsigned long long)obj);
	if (rc < 0)
		return rc == -ENOENT ? -EIO : rc;
	if (it.size < 160 || it.key.offset != 0) {
		btrfs_item_free(&it);
		return btrfs_log(b, "inode %llu: bad inode item",
				 (unsigned long long)obj),
		       -EIO;
	}
	*size = btrfs_le64(it.data + 16);
	*mode = btrfs_le32(it.data + 52);
	btrfs_item_free(&it);
	return 0;
}

static int btrfs_stat(struct fs *fs, uint64_t ino, struct fs_stat *st)
{
	uint64_t size;
	uint32_t mode;
	int rc = btrfs_inode((struct btrfs *)fs, ino, &size, &mode);

	if (rc < 0)
		return rc;
	switch (mode & S_FMT) {
	case 0040000:
		st->type = FS_DIR;
		break;
	case 0100000:
		st->type = FS_REG;
		break;
	case 0120000:
		st->type = FS_LNK;
		break;
	default:
		st->type = FS_OTHER;
	}
	st->size = size;
	st->ino = ino;
	return 0;
}

/* "..": the INODE_REF's parent, or out of a subvolume's top directory to
 * the directory it hangs in (ROOT_BACKREF in the root tree). */
static int lookup_parent(struct btrfs *b, uint64_t dir, uint64_t *ino)
{
	const struct btrfs_root *r;
	struct btrfs_item it;
	uint64_t obj, parent, pdir;
	unsigned int idx;
	int rc;

	if (dir == btrfs_root_ino(&b->head) || btrfs_ino(b, dir, &r, &obj))
		return *ino = dir, 0;
	if (obj != r->dirid) {
		rc = btrfs_find(b, &r->tree, obj, BTRFS_INODE_REF, 0, &it);
		if (rc < 0)
			return rc == -ENOENT ? -EIO : rc;
		parent = it.key.offset;
		btrfs_item_free(&it);
		*ino = make_ino((unsigned int)(dir >> BTRFS_INO_SHIFT),
				parent & (OBJECTID_LIMIT - 1));
		return 0;
	}
	rc = btrfs_find(b, &b->root_tree, r->id, BTRFS_ROOT_BACKREF, 0, &it);
	if (rc == -ENOENT)
		return *ino = dir, 0; /* the top level */
	if (rc < 0)
		return rc;
	parent = it.key.offset;
	pdir = it.size >= 8 ? btrfs_le64(it.data) : OBJECTID_LIMIT;
	btrfs_item_free(&it);
	if (pdir >= OBJECTID_LIMIT)
		return btrfs_log(b, "subvolume %llu: bad back reference",
				 (unsigned long long)r->id),
		       -EIO;
	if ((rc = root_open(b, parent, &idx)) < 0)
		return rc;
	*ino = make_ino(idx, pdir);
	return 0;
}

static int btrfs_lookup(struct fs *fs, uint64_t dir, const char *name,
			size_t len, uint64_t *ino)
{
	struct btrfs *b = (struct btrfs *)fs;
	const struct btrfs_root *r;
	struct btrfs_key loc;
	uint64_t obj;
	unsigned int idx;
	uint8_t ft;
	int rc;

	if (len == 2 && name[0] == '.' && name[1] == '.')
		return lookup_parent(b, dir, ino);
	if ((rc = btrfs_ino(b, dir, &r, &obj)) < 0)
		return rc;
	if ((rc = dir_find(b, &r->tree, obj, name, len, &loc, &ft)) < 0)
		return rc;
	if (loc.type == BTRFS_ROOT_ITEM) {
		if ((rc = root_open(b, loc.objectid, &idx)) < 0)
			return rc;
		*ino = make_ino(idx, b->roots[idx].dirid);
		return 0;
	}
	if (loc.type != BTRFS_INODE_ITEM || loc.objectid >= OBJECTID_LIMIT)
		return btrfs_log(b, "dir %llu: entry with bad location",
				 (unsigned long long)obj),
		       -EIO;
	*ino = make_ino((unsigned int)(dir >> BTRFS_INO_SHIFT), loc.objectid);
	return 0;
}

static enum fs_type ft_type(uint8_t ft)
{
	return ft == FT_REG	  ? FS_REG
	       : ft == FT_DIR	  ? FS_DIR
	       : ft == FT_SYMLINK ? FS_LNK
				  : FS_OTHER;
}

/* The directory's DIR_INDEX items, in index (creation) order. */
static int btrfs_readdir(struct fs *fs, uint64_t dir,
			 int (*fn)(void *arg, const char *name, size_t namelen,
				   enum fs_type type),
			 void *arg)
{
	struct btrfs *b = (struct btrfs *)fs;
	const struct btrfs_root *r;
	struct btrfs_item it;
	uint64_t obj, next = 0;
	int rc;

	if ((rc = btrfs_ino(b, dir, &r, &obj)) < 0)
		return rc;
	for (unsigned int n = 0; n < READDIR_MAX; n++) {
		rc = btrfs_find(b, &r->tree, obj, BTRFS_DIR_INDEX, next, &it);
		if (rc == -ENOENT)
			return 0;
		if (rc < 0)
			return rc;
		uint32_t nl = it.size >= DIR_ITEM_HDR ? btrfs_le16(it.data + 27)
						      : UINT32_MAX;
		if (nl == 0 || nl > 255 || nl > it.size - DIR_ITEM_HDR) {
			btrfs_item_free(&it);
			return btrfs_log(b, "dir %llu: bad index entry",
					 (unsigned long long)obj),
			       -EIO;
		}
		rc = fn(arg, (const char *)it.data + DIR_ITEM_HDR, nl,
			ft_type(it.data[29]));
		next = it.key.offset + 1;
		btrfs_item_free(&it);
		if (rc || next == 0)
			return 0;
	}
	return btrfs_log(b, "dir %llu: too many entries",
			 (unsigned long long)obj),
	       -EIO;
}

const struct fs_ops btrfs_fs_ops = {
    .name = "btrfs",
    .probe = btrfs_probe,
    .close = btrfs_close,
    .root = btrfs_root_ino,
    .lookup = btrfs_lookup,
    .stat = btrfs_stat,
    .readdir = btrfs_readdir,
    .read = btrfs_read,
    .readlink = btrfs_readlink,
};
