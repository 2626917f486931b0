/*
 * site.c - the files httpd serves: a tar archive on a block device,
 * indexed once at start (names, offsets, sizes).  A file is read whole
 * into memory on first use while the cache budget (`cache=` KiB) lasts,
 * else from the device per request, so the archive can be larger than
 * memory.  Why a cache: every 16 KiB chunk from the device is one
 * blkfront round trip through dom0, and a 1 MiB transfer spent 98% of
 * its time there (26.1 s reading against 0.4 s writing sockets in
 * tools/bench-httpd); Linux's httpd reads from its page cache.  The
 * device is shared by every connection thread: a mutex keeps each
 * lseek+read pair, and each cache fill, together.  Without a device,
 * one built-in page.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "httpd.h"

#define MAX_FILES 4096

static struct site_file *files;
static int nfiles;
static int disk = -1;
static pthread_mutex_t disk_lock = PTHREAD_MUTEX_INITIALIZER;

static const char builtin_index[] =
    "<!doctype html><title>domlet httpd</title>\n"
    "<p>domlet httpd is running, but has no archive: give the domain a "
    "disk holding a tar file (xvda).\n";

static size_t cache_left; /* bytes the cache may still take */

/* Called with disk_lock held. */
static long read_at_locked(uint64_t off, void *buf, size_t len)
{
	if (lseek(disk, (off_t)off, SEEK_SET) < 0)
		return -1;
	return read(disk, buf, len);
}

static long read_at(uint64_t off, void *buf, size_t len)
{
	long n;

	pthread_mutex_lock(&disk_lock);
	n = read_at_locked(off, buf, len);
	pthread_mutex_unlock(&disk_lock);
	return n;
}

/* Reads f whole into the cache if it fits what is left of the budget;
 * tried once per file (a failed read or malloc leaves it on the disk). */
static void cache_fill(struct site_file *f)
{
	char *mem;

	pthread_mutex_lock(&disk_lock);
	if (!f->cache_tried && f->size <= cache_left) {
		f->cache_tried = true;
		mem = malloc(f->size ? (size_t)f->size : 1);
		if (mem && read_at_locked(f->off, mem, (size_t)f->size) ==
			       (long)f->size) {
			f->cache = mem;
			cache_left -= (size_t)f->size;
		} else {
			free(mem);
		}
	}
	pthread_mutex_unlock(&disk_lock);
}

static int add_file(const struct tar_entry *e, uint64_t off)
{
	struct site_file *f;

	if (nfiles == MAX_FILES) {
		printf("httpd: more than %d files, the rest ignored\n",
		       MAX_FILES);
		return -1;
	}
	if (!files && !(files = calloc(MAX_FILES, sizeof(*files))))
		return -1;
	f = &files[nfiles];
	f->name = strdup(e->name);
	if (!f->name)
		return -1;
	f->off = off;
	f->size = e->size;
	nfiles++;
	return 0;
}

/* Walks the archive's headers; false if the first block is no header. */
static bool index_archive(void)
{
	unsigned char hdr[512];
	char longname[HTTP_PATH_MAX];
	bool have_long = false;
	struct tar_entry e;
	uint64_t off = 0;

	for (;;) {
		enum tar_kind k;

		if (read_at(off, hdr, sizeof(hdr)) != (long)sizeof(hdr))
			break; /* end of the device */
		k = tar_parse_header(hdr, &e);
		if (k == TAR_END)
			break;
		if (k == TAR_BAD) {
			if (off == 0)
				return false;
			printf(
			    "httpd: bad tar header at %llu, stopping there\n",
			    (unsigned long long)off);
			break;
		}
		off += 512;
		if (k == TAR_LONGNAME) {
			size_t n = e.size < sizeof(longname) ? (size_t)e.size
							     : sizeof(longname);

			have_long = read_at(off, longname, n) == (long)n;
			if (have_long)
				tar_set_name(&e, longname, n);
			if (have_long)
				memcpy(longname, e.name, sizeof(e.name));
		} else if (k == TAR_FILE) {
			if (have_long)
				memcpy(e.name, longname, sizeof(e.name));
			have_long = false;
			if (add_file(&e, off))
				break;
		} else {
			have_long = false;
		}
		off += tar_data_blocks(e.size);
	}
	return true;
}

int site_load(const char *dev, size_t cache_bytes)
{
	static const struct tar_entry builtin = {
	    .name = "/index.html", .size = sizeof(builtin_index) - 1};

	cache_left = cache_bytes;
	disk = open(dev, O_RDONLY);
	if (disk < 0) {
		printf("httpd: %s: %s; serving the built-in page\n", dev,
		       strerror(errno));
		add_file(&builtin, 0);
		files[0].mem = builtin_index;
		return nfiles;
	}
	if (!index_archive()) {
		printf("httpd: %s holds no tar archive\n", dev);
		return -1;
	}
	return nfiles;
}

const struct site_file *site_find(const char *path)
{
	char want[HTTP_PATH_MAX + 16];
	size_t n = strlen(path);

	if (n + 11 > sizeof(want))
		return NULL;
	memcpy(want, path, n + 1);
	if (want[n - 1] == '/')
		memcpy(want + n, "index.html", 11);
	for (int i = 0; i < nfiles; i++)
		if (!strcmp(files[i].name, want))
			return &files[i];
	return NULL;
}

const char *site_data(const struct site_file *f)
{
	if (f->mem)
		return f->mem;
	if (!f->cache && !f->cache_tried)
		cache_fill(&files[f - files]); /* f is one of ours */
	return f->cache;
}

long site_read(const struct site_file *f, uint64_t off, void *buf, size_t len)
{
	const char *mem;

	if (off >= f->size)
		return 0;
	if (len > f->size - off)
		len = (size_t)(f->size - off);
	mem = site_data(f);
	if (mem) {
		memcpy(buf, mem + off, len);
		return (long)len;
	}
	return read_at(f->off + off, buf, len);
}
