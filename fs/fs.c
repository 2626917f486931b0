/*
 * fs.c - the filesystem dispatcher and path layer: probes each reader
 * (struct fs_ops) in turn, then walks absolute paths component by
 * component through the reader's lookup, following symlinks.
 *
 * Trusts the readers to range-check their own on-disk data; what it
 * bounds itself is what a hostile filesystem could make endless or huge
 * here: symlink chains (8 levels, then -ELOOP), the length of a path
 * after expansion (FS_PATH_MAX) and of a name (255).
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

void fs_msgf(const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (!fs_log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fs_log(msg);
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
