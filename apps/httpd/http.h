/*
 * http.h - the pure parts of httpd: HTTP/1.x request parsing, Range
 * headers, content types, and ustar archive headers.  Nothing here does
 * I/O; tests/unit/test_httpd.c and tests/fuzz/fuzz_http.c compile these
 * files on the host.  Every input is untrusted client or disk data:
 * lengths are checked, nothing is read past `len`.
 */
#ifndef HTTPD_HTTP_H
#define HTTPD_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* ---- http.c ---- */
#define HTTP_PATH_MAX  256
#define HTTP_RANGE_MAX 64

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_PUT, HTTP_OTHER };

struct http_req {
	enum http_method method;
	int minor;		    /* HTTP/1.minor */
	bool keep_alive;	    /* after this response */
	char path[HTTP_PATH_MAX];   /* decoded, without '?query', "/..." */
	char range[HTTP_RANGE_MAX]; /* the Range value, "" if none */
	uint64_t body_len;	    /* Content-Length of a request body */
	bool has_length;	    /* a Content-Length header came */
	bool expect_continue;	    /* Expect: 100-continue */
};

/*
 * Parses the request head at buf[0..len).  Returns its length (through
 * the blank line) once complete, 0 if more bytes are needed, or a
 * negative HTTP status to answer with: -400 (malformed), -414 (path too
 * long), -431 (a header line too long for HTTP_LINE_MAX), -501
 * (Transfer-Encoding), -505 (not HTTP/1.x), -417 (an Expect other than
 * 100-continue).
 */
#define HTTP_LINE_MAX 4096
int http_parse_request(const char *buf, size_t len, struct http_req *r);

/*
 * A Range value against a file of `size` bytes.  1: one satisfiable range
 * [*first, *last]; 0: ignore it and send the whole file (not "bytes=",
 * several ranges, malformed); -416: unsatisfiable.
 */
int http_parse_range(const char *spec, uint64_t size, uint64_t *first,
		     uint64_t *last);

/*
 * May a PUT of `path` (as http_parse_request decoded it) store a file?
 * prefix is the upload directory ("/uploads/": starts and ends with
 * '/').  0: yes; -403: not under prefix; -400: a name we do not store
 * (empty, a segment that is empty or starts with '.', a trailing '/',
 * a byte other than A-Z a-z 0-9 . _ - /, or longer than a ustar header
 * can name: see tar_make_header).
 */
int http_upload_name(const char *prefix, const char *path);

/* The Content-Type for a path, by its extension. */
const char *http_content_type(const char *path);

/* Reason phrase for a status code. */
const char *http_reason(int status);

/* ---- tar.c ---- */
enum tar_kind { TAR_END, TAR_FILE, TAR_SKIP, TAR_LONGNAME, TAR_BAD };

struct tar_entry {
	char name[HTTP_PATH_MAX]; /* "/dir/file", leading "./" removed */
	uint64_t size;		  /* bytes of data after the header */
};

/*
 * One 512-byte header block.  TAR_FILE: a regular file (name, size);
 * TAR_SKIP: another kind whose `size` data bytes are skipped; TAR_LONGNAME:
 * a GNU 'L' record whose data (size bytes) names the next entry; TAR_END:
 * an all-zero block; TAR_BAD: checksum or field error.
 */
enum tar_kind tar_parse_header(const unsigned char *hdr, struct tar_entry *e);
/* Names the entry from a GNU long-name record's data (n bytes). */
void tar_set_name(struct tar_entry *e, const char *raw, size_t n);
/* Bytes the data of a `size`-byte entry occupies (512-byte blocks). */
uint64_t tar_data_blocks(uint64_t size);
/*
 * Writes the ustar header of a regular file (mode 0644, owner 0, mtime
 * in seconds) named by path ("/dir/file", stored without its leading
 * '/', split into the prefix and name fields when longer than 100
 * bytes) into hdr[512].  Sizes past the octal field's 8 GiB use GNU
 * base-256, as tar_parse_header reads them.  0, or -1 if the name does
 * not fit the two fields.
 */
int tar_make_header(unsigned char *hdr, const char *path, uint64_t size,
		    uint64_t mtime);

#endif
