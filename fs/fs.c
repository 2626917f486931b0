/*
 * fs.c - the filesystem dispatcher and path layer: probes each reader
 * (struct fs_ops) in turn, then walks absolute paths component by
 * component through the reader's lookup, following symlinks.
 *
 * Trusts the readers to range-check their own on-disk data; what it
 * bounds itself is what a hostile filesystem could make endless or huge
 * here: symlink chains (8 levels, then -ELOOP), the length of a path
 * after expansion (FS_PATH_MAX) and of a name (255).  fs_write_in_place
 * checks that the reader maps every byte of the file, each piece inside
 * the device, before it writes the first one.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/fs.h"

#define FS_PATH_MAX    4096
#define FS_NAME_MAX    255
#define FS_SYMLINK_MAX 8

void (*fs_log)(const char *msg);

/* The other readers may not be linked in (a weak reference is NULL). */
extern const struct fs_ops ext_fs_ops __attribute__((weak));
extern const struct fs_ops xfs_fs_ops __attribute__((weak));
extern const struct fs_ops btrfs_fs_ops __attribute__((weak));

struct fs_file {
	struct fs *fs;
	uint64_t ino;
	uint64_t size;
};

void fs_vmsgf(const char *prefix, const char *fmt, va_list ap)
{
	char msg[200];
	int n = 0;

	if (!fs_log)
		return;
	if (prefix) {
		n = snprintf(msg, sizeof(msg), "%s", prefix);
		if (n < 0 || (size_t)n >= sizeof(msg))
			n = 0;
	}
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	fs_log(msg);
}

void fs_msgf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fs_vmsgf(NULL, fmt, ap);
	va_end(ap);
}

uint32_t fs_crc32c(uint32_t crc, const void *data, size_t len)
{
	static uint32_t table[256];
	static bool ready;
	const uint8_t *p = data;

	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? (c >> 1) ^ 0x82f63b78 : c >> 1;
			table[i] = c;
		}
		ready = true;
	}
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

int fs_open(struct bdev *bd, struct fs **out)
{
	const struct fs_ops *readers[] = {&ext_fs_ops, &xfs_fs_ops,
					  &btrfs_fs_ops};
	unsigned int i;
	int rc;

	if (!bd || !out)
		return -EINVAL;
	*out = NULL;
	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
		if (!readers[i])
			continue;
		rc = readers[i]->probe(bd, out);
		if (rc != -ENODEV)
			return rc;
	}
	return -ENODEV;
}

void fs_close(struct fs *fs)
{
	if (fs)
		fs->ops->close(fs);
}

const char *fs_type_name(const struct fs *fs)
{
	return fs->type_name;
}

const char *fs_uuid(const struct fs *fs)
{
	return fs->uuid;
}

const char *fs_label(const struct fs *fs)
{
	return fs->label;
}

/*
 * Path walk.  rest holds what is still to walk; a symlink's target is
 * put in front of what follows it, and an absolute target restarts at
 * the root.  The link is resolved relative to the directory holding it.
 */
struct walk {
	struct fs *fs;
	uint64_t dir;
	unsigned int links;
	char rest[FS_PATH_MAX];
	char link[FS_PATH_MAX];
};

/* Replaces the walk's rest by target + "/" + tail. */
static int walk_splice(struct walk *w, const char *tail)
{
	size_t tl = strlen(w->link), rl = strlen(tail);

	if (tl + 1 + rl + 1 > sizeof(w->rest))
		return -ENAMETOOLONG;
	memmove(w->rest + tl + 1, tail, rl + 1);
	memcpy(w->rest, w->link, tl);
	w->rest[tl] = '/';
	return 0;
}

static int walk_symlink(struct walk *w, uint64_t ino, const char *tail)
{
	int rc;

	if (++w->links > FS_SYMLINK_MAX)
		return -ELOOP;
	rc = w->fs->ops->readlink(w->fs, ino, w->link, sizeof(w->link));
	if (rc < 0)
		return rc;
	if (w->link[0] == '\0')
		return -ENOENT;
	if (w->link[0] == '/')
		w->dir = w->fs->ops->root(w->fs);
	return walk_splice(w, tail);
}

/* Resolves path to *ino; follow: also follow a symlink as the last
 * component. */
static int walk(struct fs *fs, const char *path, bool follow, uint64_t *ino)
{
	struct walk *w;
	struct fs_stat st;
	const char *p, *name;
	size_t len;
	uint64_t child;
	int rc;

	if (!fs || !path)
		return -EINVAL;
	if (strlen(path) >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->fs = fs;
	w->dir = fs->ops->root(fs);
	strcpy(w->rest, path);
	p = w->rest;
	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0') {
			*ino = w->dir;
			rc = 0;
			break;
		}
		name = p;
		len = strcspn(p, "/");
		p += len;
		if (len > FS_NAME_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
		if (len == 1 && name[0] == '.')
			continue;
		rc = fs->ops->stat(fs, w->dir, &st);
		if (!rc && st.type != FS_DIR)
			rc = -ENOTDIR;
		if (!rc)
			rc = fs->ops->lookup(fs, w->dir, name, len, &child);
		if (!rc)
			rc = fs->ops->stat(fs, child, &st);
		if (rc)
			break;
		while (*p == '/')
			p++;
		if (st.type == FS_LNK && (follow || *p)) {
			rc = walk_symlink(w, child, p);
			if (rc)
				break;
			p = w->rest;
			continue;
		}
		if (*p && st.type != FS_DIR) {
			rc = -ENOTDIR;
			break;
		}
		w->dir = child;
	}
	free(w);
	return rc;
}

int fs_stat(struct fs *fs, const char *path, struct fs_stat *st)
{
	uint64_t ino;
	int rc = walk(fs, path, true, &ino);

	return rc ? rc : fs->ops->stat(fs, ino, st);
}

struct readdir_ctx {
	int (*fn)(void *arg, const char *name, enum fs_type type);
	void *arg;
	char name[FS_NAME_MAX + 1];
};

/* Hands the caller a NUL-terminated name, without "." and "..". */
static int readdir_cb(void *arg, const char *name, size_t len,
		      enum fs_type type)
{
	struct readdir_ctx *c = arg;

	/* No path could name such an entry: a corrupt directory. */
	if (len == 0 || len > FS_NAME_MAX || memchr(name, '\0', len) ||
	    memchr(name, '/', len)) {
		fs_msgf("fs: directory entry with an impossible name skipped");
		return 0;
	}
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	memcpy(c->name, name, len);
	c->name[len] = '\0';
	return c->fn(c->arg, c->name, type);
}

int fs_readdir(struct fs *fs, const char *path,
	       int (*fn)(void *arg, const char *name, enum fs_type type),
	       void *arg)
{
	struct readdir_ctx *c;
	struct fs_stat st;
	uint64_t ino;
	int rc = walk(fs, path, true, &ino);

	if (!rc)
		rc = fs->ops->stat(fs, ino, &st);
	if (!rc && st.type != FS_DIR)
		rc = -ENOTDIR;
	if (rc)
		return rc;
	c = malloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fn = fn;
	c->arg = arg;
	rc = fs->ops->readdir(fs, ino, readdir_cb, c);
	free(c);
	return rc < 0 ? rc : 0;
}

int fs_file_open(struct fs *fs, const char *path, struct fs_file **out)
{
	struct fs_stat st;
	struct fs_file *f;
	uint64_t ino;
	int rc = walk(fs, path, true, &ino);

	if (!rc)
		rc = fs->ops->stat(fs, ino, &st);
	if (!rc && st.type == FS_DIR)
		rc = -EISDIR;
	else if (!rc && st.type != FS_REG)
		rc = -EINVAL;
	if (rc)
		return rc;
	f = malloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->fs = fs;
	f->ino = ino;
	f->size = st.size;
	*out = f;
	return 0;
}

uint64_t fs_file_size(const struct fs_file *f)
{
	return f->size;
}

long fs_file_read(struct fs_file *f, uint64_t off, void *buf, size_t len)
{
	if (off >= f->size)
		return 0;
	if (len > f->size - off)
		len = (size_t)(f->size - off);
	if (len > 0x40000000)
		len = 0x40000000; /* keeps the count inside a long */
	return f->fs->ops->read(f->fs, f->ino, off, buf, len);
}

int fs_file_map(struct fs_file *f, uint64_t off, uint64_t *dev_off,
		uint64_t *len)
{
	uint64_t d, n;
	int rc;

	if (!f || !dev_off || !len || off >= f->size)
		return -EINVAL;
	if (!f->fs->ops->map)
		return -EOPNOTSUPP;
	rc = f->fs->ops->map(f->fs, f->ino, off, &d, &n);
	if (rc)
		return rc;
	/* The reader checked its blocks; this is only belt and braces
	 * against a reader bug sending a write outside the device. */
	if (n == 0 || d > f->fs->bd->size || n > f->fs->bd->size - d) {
		fs_msgf("fs: %s: inode %llu maps outside the device",
			f->fs->bd->name, (unsigned long long)f->ino);
		return -EIO;
	}
	if (n > f->size - off)
		n = f->size - off;
	*dev_off = d;
	*len = n;
	return 0;
}

/* Maps [0, len) of f piece by piece; writes them if data is not NULL.
 * Each step advances by at least one byte, so this ends. */
static int write_pieces(struct fs_file *f, const char *path,
			const unsigned char *data, size_t len)
{
	uint64_t off = 0, dev_off, n;
	int rc;

	while (off < len) {
		rc = fs_file_map(f, off, &dev_off, &n);
		if (rc) {
			fs_msgf("fs: %s: byte %llu cannot be written in place "
				"(%d)",
				path, (unsigned long long)off, rc);
			return rc;
		}
		if (data && (rc = bdev_write(f->fs->bd, dev_off, data + off,
					     (size_t)n))) {
			fs_msgf("fs: %s: write of %llu bytes at %llu on %s "
				"failed (%d)",
				path, (unsigned long long)n,
				(unsigned long long)dev_off, f->fs->bd->name,
				rc);
			return rc;
		}
		off += n;
	}
	return 0;
}

int fs_write_in_place(struct fs *fs, const char *path, const void *data,
		      size_t len)
{
	struct fs_file *f;
	int rc;

	if (!fs || !path || (!data && len))
		return -EINVAL;
	if (!fs->bd->write) {
		fs_msgf("fs: %s: %s is read-only", path, fs->bd->name);
		return -EROFS;
	}
	if (!fs->ops->map) {
		fs_msgf("fs: %s: %s files cannot be written in place", path,
			fs->type_name);
		return -EOPNOTSUPP;
	}
	rc = fs_file_open(fs, path, &f);
	if (rc) {
		fs_msgf("fs: %s: not a regular file to rewrite (%d)", path, rc);
		return rc;
	}
	if (f->size != len) {
		fs_msgf("fs: %s: %llu bytes, not the %zu to write", path,
			(unsigned long long)f->size, len);
		rc = -EINVAL;
	}
	/* All mapped first, so a refusal writes nothing. */
	if (!rc)
		rc = write_pieces(f, path, NULL, len);
	if (!rc)
		rc = write_pieces(f, path, data, len);
	fs_file_close(f);
	return rc;
}

void fs_file_close(struct fs_file *f)
{
	free(f);
}

int fs_read_all(struct fs *fs, const char *path, size_t max, void **data,
		size_t *len)
{
	struct fs_file *f;
	size_t got = 0;
	char *buf;
	long n;
	int rc = fs_file_open(fs, path, &f);

	if (rc)
		return rc;
	if (f->size > max || f->size >= SIZE_MAX) {
		fs_file_close(f);
		return -EFBIG;
	}
	buf = malloc((size_t)f->size + 1);
	if (!buf) {
		fs_file_close(f);
		return -ENOMEM;
	}
	while (got < f->size) {
		n = fs_file_read(f, got, buf + got, (size_t)f->size - got);
		if (n <= 0) {
			rc = n < 0 ? (int)n : -EIO;
			break;
		}
		got += (size_t)n;
	}
	fs_file_close(f);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
}
