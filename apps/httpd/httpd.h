/*
 * httpd.h - the static-file web server appliance, grouped by file.
 * http.h holds the pure parsers; this is the part that does I/O.
 */
#ifndef HTTPD_HTTPD_H
#define HTTPD_HTTPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "http.h"

/* ---- site.c: the files served ---- */
struct site_file {
	char *name;   /* "/dir/file" */
	uint64_t off; /* of its data on the device */
	uint64_t size;
	const char *mem; /* built-in file: its bytes (no device) */
	char *cache;	 /* its bytes once read whole (site_read) */
	bool cache_tried;
};
/* Indexes the tar archive on dev; without one, a built-in page.  Files
 * are then cached in memory whole on first use while they fit in
 * cache_bytes in all.  Returns the number of files, or -1 (a device that
 * is there but no archive). */
int site_load(const char *dev, size_t cache_bytes, bool writable);
/* The file for a request path ("/" and ".../" mean .../index.html). */
const struct site_file *site_find(const char *path);
/* All of f's bytes if they are in memory (built in, or cached now if
 * the budget allows), else NULL: then site_read reads the disk. */
const char *site_data(const struct site_file *f);
/* Up to len bytes of f from off; the count, or -1 (errno). */
long site_read(const struct site_file *f, uint64_t off, void *buf, size_t len);
/* Bytes an upload's data may take now, or -1: no uploads (read-only, or
 * no end-of-archive block to append at). */
int64_t site_free_bytes(void);
/* Fills buf with exactly n bytes of the upload's body; 0, or -1 when the
 * client is gone. */
typedef int (*site_fill_fn)(void *ctx, char *buf, size_t n);
/*
 * Appends path (checked by http_upload_name) with size bytes from fill
 * to the archive, through buf (buflen: a multiple of 512, >= 1024), and
 * serves it from then on.  0 (*replaced: an older member had the name),
 * -1 (fill failed: the client is gone, the archive is unchanged), or a
 * negative HTTP status: -503 (another upload is running), -507 (it does
 * not fit the device), -400, -500 (a write failed; the archive ends
 * where it did).
 */
int site_upload(const char *path, uint64_t size, site_fill_fn fill, void *ctx,
		char *buf, size_t buflen, bool *replaced);

/* ---- conn.c: one connection, one thread ---- */
struct httpd_stats {
	unsigned long conns, active, peak, requests, errors, aborted;
	unsigned long status[6]; /* by class: [2] 2xx ... [5] 5xx */
	/* Time file bodies spent in site_read and in socket writes, summed
	 * over connections (where a slow large-file transfer goes). */
	uint64_t read_ns, write_ns, body_bytes;
	unsigned long uploads;
	uint64_t upload_bytes;
};
extern struct httpd_stats stats;
/* upload=: the directory ("/uploads/") PUT may store files in; NULL:
 * uploads are off (the default), PUT gets 405. */
extern const char *upload_dir;
/* Starts a detached thread serving fd; closes fd if it cannot. */
void conn_start(int fd);

#endif
