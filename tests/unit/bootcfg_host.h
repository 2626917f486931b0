/*
 * bootcfg_host.h - a fake struct bootcfg_host for the bootcfg tests: a
 * few files in memory (device + path + contents), search answers by
 * UUID, label or file, save_env writes back into the file, and print
 * collects every line for the tests to look at.
 */
#ifndef TEST_BOOTCFG_HOST_H
#define TEST_BOOTCFG_HOST_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/bootcfg.h"

#define FH_FILES 16

struct fake_host {
	struct {
		char dev[32], path[128];
		char *data;
		size_t len;
	} f[FH_FILES];
	int n;
	struct {
		const char *kind, *value, *dev;
	} found[8];
	int n_found;
	char log[16384];
	int saves;
	struct bootcfg_host h;
};

static __attribute__((unused)) int fh_lookup(struct fake_host *fh,
					     const char *dev, const char *path)
{
	for (int i = 0; i < fh->n; i++)
		if (!strcmp(fh->f[i].dev, dev) && !strcmp(fh->f[i].path, path))
			return i;
	return -1;
}

static __attribute__((unused)) int
fh_read(void *ctx, const char *dev, const char *path, char **data, size_t *len)
{
	struct fake_host *fh = ctx;
	int i = fh_lookup(fh, dev, path);

	if (i < 0)
		return -ENOENT;
	*data = malloc(fh->f[i].len + 1);
	memcpy(*data, fh->f[i].data, fh->f[i].len);
	(*data)[fh->f[i].len] = 0;
	*len = fh->f[i].len;
	return 0;
}

static __attribute__((unused)) int fh_stat(void *ctx, const char *dev,
					   const char *path, int *is_dir,
					   uint64_t *size)
{
	struct fake_host *fh = ctx;
	int i = fh_lookup(fh, dev, path);

	if (i < 0)
		return -ENOENT;
	*is_dir = 0;
	*size = fh->f[i].len;
	return 0;
}

static __attribute__((unused)) int fh_search(void *ctx, const char *kind,
					     const char *value, char *dev,
					     size_t size)
{
	struct fake_host *fh = ctx;

	for (int i = 0; i < fh->n_found; i++)
		if (!strcmp(fh->found[i].kind, kind) &&
		    !strcmp(fh->found[i].value, value)) {
			snprintf(dev, size, "%s", fh->found[i].dev);
			return 0;
		}
	return -ENOENT;
}

static __attribute__((unused)) int fh_save(void *ctx, const char *dev,
					   const char *path, const char *data,
					   size_t len)
{
	struct fake_host *fh = ctx;
	int i = fh_lookup(fh, dev, path);

	if (i < 0 || len != fh->f[i].len)
		return -EINVAL;
	memcpy(fh->f[i].data, data, len);
	fh->saves++;
	return 0;
}

/* Every file whose path is DIR/NAME on dev. */
static __attribute__((unused)) int fh_list(void *ctx, const char *dev,
					   const char *dir, char ***names,
					   unsigned int *n)
{
	struct fake_host *fh = ctx;
	size_t dl = strlen(dir);

	*names = calloc(FH_FILES, sizeof(char *));
	*n = 0;
	for (int i = 0; i < fh->n; i++)
		if (!strcmp(fh->f[i].dev, dev) &&
		    !strncmp(fh->f[i].path, dir, dl) &&
		    fh->f[i].path[dl] == '/' &&
		    !strchr(fh->f[i].path + dl + 1, '/'))
			(*names)[(*n)++] = strdup(fh->f[i].path + dl + 1);
	if (*n == 0) {
		free(*names);
		return -ENOENT;
	}
	return 0;
}

static __attribute__((unused)) void fh_print(void *ctx, const char *line)
{
	struct fake_host *fh = ctx;
	size_t used = strlen(fh->log);

	snprintf(fh->log + used, sizeof(fh->log) - used, "%s\n", line);
}

static __attribute__((unused)) void fh_init(struct fake_host *fh, bool writable)
{
	memset(fh, 0, sizeof(*fh));
	fh->h.ctx = fh;
	fh->h.read_file = fh_read;
	fh->h.stat = fh_stat;
	fh->h.search = fh_search;
	fh->h.save_env = writable ? fh_save : NULL;
	fh->h.print = fh_print;
	fh->h.list_dir = fh_list;
}

static __attribute__((unused)) void fh_add(struct fake_host *fh,
					   const char *dev, const char *path,
					   const char *data, size_t len)
{
	int i = fh->n++;

	snprintf(fh->f[i].dev, sizeof(fh->f[i].dev), "%s", dev);
	snprintf(fh->f[i].path, sizeof(fh->f[i].path), "%s", path);
	fh->f[i].data = malloc(len + 1);
	memcpy(fh->f[i].data, data, len);
	fh->f[i].data[len] = 0;
	fh->f[i].len = len;
}

/* A grubenv block, as grub-editenv writes it: 1024 bytes. */
static __attribute__((unused)) void fh_add_grubenv(struct fake_host *fh,
						   const char *dev,
						   const char *path,
						   const char *vars)
{
	char blk[1024];
	size_t n =
	    snprintf(blk, sizeof(blk), "# GRUB Environment Block\n%s", vars);

	memset(blk + n, '#', sizeof(blk) - n);
	fh_add(fh, dev, path, blk, sizeof(blk));
}

static __attribute__((unused)) void fh_found(struct fake_host *fh,
					     const char *kind,
					     const char *value, const char *dev)
{
	fh->found[fh->n_found].kind = kind;
	fh->found[fh->n_found].value = value;
	fh->found[fh->n_found++].dev = dev;
}

static __attribute__((unused)) void fh_free(struct fake_host *fh)
{
	for (int i = 0; i < fh->n; i++)
		free(fh->f[i].data);
}

#endif
