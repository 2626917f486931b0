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
 *
 * Uploads (site_upload, only when httpd's upload= names a directory)
 * append a member to the archive in place, so that the disk stays a tar
 * file any tar reads: the data goes after the archive's end, then a new
 * end (two zero blocks) after it, then, as the one write that commits
 * it, the header over the old end's first zero block.  A client that
 * goes away, a write error or a crash before that write leaves the
 * archive as it was.  Later members win, as in tar: a name uploaded
 * again is served from its newest copy.  One upload at a time; another
 * meanwhile gets 503.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "httpd.h"

#define MAX_FILES 4096

static struct site_file *files;
static int nfiles;
static int disk = -1;
static pthread_mutex_t disk_lock = PTHREAD_MUTEX_INITIALIZER;
/* Where the archive's end-of-archive block is (uploads go there), or -1:
 * none found (the archive runs to the device's end or a bad header), so
 * nothing may be appended. */
static int64_t arch_end = -1;
static uint64_t dev_size;
static pthread_mutex_t upload_lock = PTHREAD_MUTEX_INITIALIZER;

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
		if (k == TAR_END) {
			arch_end = (int64_t)off;
			break;
		}
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

int site_load(const char *dev, size_t cache_bytes, bool writable)
{
	static const struct tar_entry builtin = {
	    .name = "/index.html", .size = sizeof(builtin_index) - 1};
	off_t end;

	cache_left = cache_bytes;
	disk = writable ? open(dev, O_RDWR) : -1;
	if (disk < 0) {
		writable = false; /* a read-only disk: no uploads */
		disk = open(dev, O_RDONLY);
	}
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
	end = lseek(disk, 0, SEEK_END);
	dev_size = end > 0 ? (uint64_t)end : 0;
	if (!writable)
		arch_end = -1;
	return nfiles;
}

int64_t site_free_bytes(void)
{
	/* A member's header, and the end's two blocks after it. */
	if (arch_end < 0 || dev_size < (uint64_t)arch_end + 3 * 512)
		return -1;
	return (int64_t)(dev_size - (uint64_t)arch_end - 3 * 512);
}

/* Writes len bytes at off (disk_lock held); 0 or -1. */
static int write_at_locked(uint64_t off, const void *buf, size_t len)
{
	if (lseek(disk, (off_t)off, SEEK_SET) < 0)
		return -1;
	return write(disk, buf, len) == (ssize_t)len ? 0 : -1;
}

static int write_at(uint64_t off, const void *buf, size_t len)
{
	int rc;

	pthread_mutex_lock(&disk_lock);
	rc = write_at_locked(off, buf, len);
	pthread_mutex_unlock(&disk_lock);
	return rc;
}

int site_upload(const char *path, uint64_t size, site_fill_fn fill, void *ctx,
		char *buf, size_t buflen, bool *replaced)
{
	unsigned char hdr[512];
	uint64_t data, blocks = tar_data_blocks(size), done = 0;
	struct tar_entry e;
	int64_t room;
	int rc = 0;

	if (pthread_mutex_trylock(&upload_lock))
		return -503;
	room = site_free_bytes();
	if (room < 0 || blocks > (uint64_t)room || nfiles == MAX_FILES) {
		rc = -507;
		goto out;
	}
	if (tar_make_header(hdr, path, size, (uint64_t)time(NULL))) {
		rc = -400;
		goto out;
	}
	data = (uint64_t)arch_end + 512;
	/* The data, its last block padded with zeros. */
	while (done < blocks) {
		size_t want =
		    blocks - done < buflen ? (size_t)(blocks - done) : buflen;
		size_t real = size - done < want ? (size_t)(size - done) : want;

		if (real && fill(ctx, buf, real)) {
			rc = -1; /* the client went away: nothing changed */
			goto out;
		}
		memset(buf + real, 0, want - real);
		if (write_at(data + done, buf, want)) {
			rc = -500;
			goto out;
		}
		done += want;
	}
	/* The new end, then the header over the old end: the commit. */
	memset(buf, 0, buflen < 1024 ? buflen : 1024);
	pthread_mutex_lock(&disk_lock);
	for (uint64_t z = 0; z < 1024 && !rc;) {
		size_t n = 1024 - z < buflen ? (size_t)(1024 - z) : buflen;

		if (write_at_locked(data + blocks + z, buf, n))
			rc = -500;
		z += n;
	}
	if (!rc && (fsync(disk) ||
		    write_at_locked((uint64_t)arch_end, hdr, sizeof(hdr)) ||
		    fsync(disk)))
		rc = -500;
	pthread_mutex_unlock(&disk_lock);
	if (rc) {
		printf("httpd: upload %s: the disk refused a write: %s\n", path,
		       strerror(errno));
		goto out;
	}
	*replaced = site_find(path) != NULL;
	memset(&e, 0, sizeof(e));
	snprintf(e.name, sizeof(e.name), "%s", path);
	e.size = size;
	arch_end = (int64_t)(data + blocks);
	if (add_file(&e, data))
		printf("httpd: upload %s: stored, but not indexed (out of "
		       "memory)\n",
		       path);
out:
	pthread_mutex_unlock(&upload_lock);
	return rc;
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
	/* The newest member of a name wins, as in tar. */
	for (int i = nfiles; i-- > 0;)
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
