// SOURCES: apps/httpd/http.c apps/httpd/tar.c
// CFLAGS: -Iapps/httpd
/*
 * fuzz_http.c - arbitrary bytes as an HTTP request head (httpd's parser
 * reads client data), as a Range value against a size from the input,
 * and as a tar header block.  Invariants: a complete head's length is
 * within the input, the path starts with '/' and is NUL-terminated in
 * its buffer, a range lies inside the file, a file's name starts '/',
 * and a path http_upload_name accepts survives tar_make_header and
 * tar_parse_header unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "http.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_req r;
	struct tar_entry e;
	unsigned char hdr[512] = {0};
	int rc = http_parse_request((const char *)data, size, &r);

	REQUIRE(rc <= (int)size);
	if (rc > 0) {
		uint64_t first, last, fsize = size * 7919u;

		REQUIRE(r.path[0] == '/');
		REQUIRE(memchr(r.path, 0, sizeof(r.path)));
		REQUIRE(memchr(r.range, 0, sizeof(r.range)));
		if (http_parse_range(r.range, fsize, &first, &last) == 1)
			REQUIRE(first <= last && last < fsize);
		REQUIRE(http_content_type(r.path) != NULL);
		/* A name the upload check accepts makes a header that reads
		 * back as the same file. */
		if (http_upload_name("/up/", r.path) == 0) {
			unsigned char h[512];

			REQUIRE(tar_make_header(h, r.path, size, 1) == 0);
			REQUIRE(tar_parse_header(h, &e) == TAR_FILE);
			REQUIRE(!strcmp(e.name, r.path) && e.size == size);
		}
	}
	memcpy(hdr, data, size < sizeof(hdr) ? size : sizeof(hdr));
	if (tar_parse_header(hdr, &e) == TAR_FILE) {
		REQUIRE(e.name[0] == '/');
		REQUIRE(memchr(e.name, 0, sizeof(e.name)));
	}
	return 0;
}
