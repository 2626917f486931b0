// SOURCES: apps/httpd/http.c apps/httpd/tar.c
// CFLAGS: -Iapps/httpd
/*
 * test_httpd.c - httpd's pure parts: request heads (complete, partial,
 * pipelined, malformed), keep-alive rules, path decoding and "..",
 * Range values, content types, and tar headers (ustar prefix, GNU
 * base-256 size, bad checksum, end block, long names); uploads: PUT
 * heads, Expect, upload names, and tar_make_header's blocks read back
 * by tar_parse_header and listed by GNU tar.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "http.h"

static int parse(const char *s, struct http_req *r)
{
	return http_parse_request(s, strlen(s), r);
}

TEST(simple_get)
{
	struct http_req r;
	const char *s = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\nGET /b";

	CHECK_EQ(parse(s, &r), (int)(strstr(s, "\r\n\r\n") - s) + 4);
	CHECK_EQ(r.method, HTTP_GET);
	CHECK_EQ(r.minor, 1);
	CHECK(r.keep_alive);
	CHECK_STR(r.path, "/index.html");
	CHECK_STR(r.range, "");
}

TEST(partial_needs_more)
{
	struct http_req r;

	CHECK_EQ(parse("GET / HTTP/1.1\r\nHost: x\r\n", &r), 0);
	CHECK_EQ(parse("GET / HT", &r), 0);
	CHECK_EQ(parse("", &r), 0);
	CHECK_EQ(parse("\r\n\r\n", &r), 0); /* blank lines before a request */
}

TEST(bare_newlines)
{
	struct http_req r;

	CHECK_EQ(parse("HEAD /a HTTP/1.0\nConnection: keep-alive\n\n", &r), 41);
	CHECK_EQ(r.method, HTTP_HEAD);
	CHECK(r.keep_alive);
}

TEST(keep_alive_rules)
{
	struct http_req r;

	CHECK(parse("GET / HTTP/1.0\r\n\r\n", &r) > 0);
	CHECK(!r.keep_alive);
	CHECK(parse("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n", &r) > 0);
	CHECK(!r.keep_alive);
	CHECK(parse("GET / HTTP/1.1\r\nconnection: foo, close \r\n\r\n", &r) >
	      0);
	CHECK(!r.keep_alive);
	CHECK(parse("GET / HTTP/1.0\r\nConnection:keep-alive\r\n\r\n", &r) > 0);
	CHECK(r.keep_alive);
}

TEST(methods)
{
	struct http_req r;

	CHECK(parse("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n", &r) > 0);
	CHECK_EQ(r.method, HTTP_OTHER);
	CHECK_EQ(r.body_len, 5);
	CHECK(parse("get / HTTP/1.1\r\n\r\n", &r) > 0);
	CHECK_EQ(r.method, HTTP_OTHER); /* methods are case-sensitive */
}

TEST(path_decoding)
{
	struct http_req r;

	CHECK(parse("GET /a%20b/c.txt?x=1#f HTTP/1.1\r\n\r\n", &r) > 0);
	CHECK_STR(r.path, "/a b/c.txt");
	CHECK(parse("GET http://host:80/x HTTP/1.1\r\n\r\n", &r) > 0);
	CHECK_STR(r.path, "/x");
	CHECK(parse("GET /a..b/..c HTTP/1.1\r\n\r\n", &r) > 0);
	CHECK_STR(r.path, "/a..b/..c");
}

TEST(bad_requests)
{
	struct http_req r;

	CHECK_EQ(parse("GET /../etc HTTP/1.1\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET /a/%2e%2e HTTP/1.1\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET /a/.. HTTP/1.1\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET /%00 HTTP/1.1\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET /%4 HTTP/1.1\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET x HTTP/1.1\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET /\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET / HTTP/2.0\r\n\r\n", &r), -505);
	CHECK_EQ(parse("GET / HTTP/1.1x\r\n\r\n", &r), -505);
	CHECK_EQ(parse("GET / FTP/1.1\r\n\r\n", &r), -400);
	CHECK_EQ(parse(" / HTTP/1.1\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET / HTTP/1.1\r\nNoColon\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", &r), -400);
	CHECK_EQ(parse("GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", &r),
		 -400);
	CHECK_EQ(parse("GET / HTTP/1.1\r\nContent-Length: 1\r\n"
		       "Content-Length: 2\r\n\r\n",
		       &r),
		 -400);
	CHECK_EQ(
	    parse("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", &r),
	    -501);
}

TEST(long_lines)
{
	static char buf[HTTP_LINE_MAX + 64];
	struct http_req r;

	memset(buf, 'a', sizeof(buf) - 1);
	memcpy(buf, "GET /", 5);
	CHECK_EQ(http_parse_request(buf, sizeof(buf) - 1, &r), -431);
	memcpy(buf + 300, " HTTP/1.1\r\n\r\n", 13);
	CHECK_EQ(http_parse_request(buf, 313, &r), -414);
}

TEST(range_header)
{
	struct http_req r;

	CHECK(parse("GET / HTTP/1.1\r\nRange:  bytes=1-2 \r\n\r\n", &r) > 0);
	CHECK_STR(r.range, "bytes=1-2");
}

TEST(ranges)
{
	uint64_t a, b;

	CHECK_EQ(http_parse_range("bytes=0-99", 1000, &a, &b), 1);
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 99);
	CHECK_EQ(http_parse_range("bytes=990-2000", 1000, &a, &b), 1);
	CHECK_EQ(b, 999);
	CHECK_EQ(http_parse_range("bytes=500-", 1000, &a, &b), 1);
	CHECK_EQ(a, 500);
	CHECK_EQ(b, 999);
	CHECK_EQ(http_parse_range("bytes=-10", 1000, &a, &b), 1);
	CHECK_EQ(a, 990);
	CHECK_EQ(http_parse_range("bytes=-5000", 1000, &a, &b), 1);
	CHECK_EQ(a, 0);
	CHECK_EQ(http_parse_range("bytes=1000-", 1000, &a, &b), -416);
	CHECK_EQ(http_parse_range("bytes=-0", 1000, &a, &b), -416);
	CHECK_EQ(http_parse_range("bytes=0-0", 0, &a, &b), -416);
	CHECK_EQ(http_parse_range("bytes=5-4", 1000, &a, &b), 0);
	CHECK_EQ(http_parse_range("bytes=0-1,5-6", 1000, &a, &b), 0);
	CHECK_EQ(http_parse_range("items=0-1", 1000, &a, &b), 0);
	CHECK_EQ(http_parse_range("bytes=x-1", 1000, &a, &b), 0);
	CHECK_EQ(http_parse_range("bytes=99999999999999999999-", 10, &a, &b),
		 0);
}

TEST(content_types)
{
	CHECK_STR(http_content_type("/a/index.HTML"),
		  "text/html; charset=utf-8");
	CHECK_STR(http_content_type("/x.png"), "image/png");
	CHECK_STR(http_content_type("/dir.d/file"), "application/octet-stream");
	CHECK_STR(http_content_type("/noext"), "application/octet-stream");
}

/* A ustar header with a valid checksum. */
static void make_header(unsigned char *h, const char *name, const char *prefix,
			const char *size, char type)
{
	unsigned int sum = 0;

	memset(h, 0, 512);
	memcpy(h, name, strlen(name));
	memcpy(h + 124, size, strlen(size));
	h[156] = (unsigned char)type;
	memcpy(h + 257,
	       "ustar\0"
	       "00",
	       8);
	if (prefix)
		memcpy(h + 345, prefix, strlen(prefix));
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

TEST(tar_headers)
{
	unsigned char h[512];
	struct tar_entry e;

	make_header(h, "./dir/file.txt", NULL, "00000001750", '0');
	CHECK_EQ(tar_parse_header(h, &e), TAR_FILE);
	CHECK_STR(e.name, "/dir/file.txt");
	CHECK_EQ(e.size, 1000);
	CHECK_EQ(tar_data_blocks(e.size), 1024);
	CHECK_EQ(tar_data_blocks(0), 0);

	make_header(h, "file", "some/prefix", "1", 0);
	CHECK_EQ(tar_parse_header(h, &e), TAR_FILE);
	CHECK_STR(e.name, "/some/prefix/file");

	make_header(h, "dir/", NULL, "0", '5');
	CHECK_EQ(tar_parse_header(h, &e), TAR_SKIP);
	make_header(h, "././@LongLink", NULL, "200", 'L');
	CHECK_EQ(tar_parse_header(h, &e), TAR_LONGNAME);
	CHECK_EQ(e.size, 128);
	tar_set_name(&e, "./long/name\0junk", 16);
	CHECK_STR(e.name, "/long/name");

	make_header(h, "x", NULL, "1", '0');
	h[0] = 'y'; /* checksum now wrong */
	CHECK_EQ(tar_parse_header(h, &e), TAR_BAD);
	make_header(h, "x", NULL, "12z", '0');
	CHECK_EQ(tar_parse_header(h, &e), TAR_BAD);
	memset(h, 0, 512);
	CHECK_EQ(tar_parse_header(h, &e), TAR_END);
}

TEST(tar_base256_and_full_fields)
{
	unsigned char h[512], size[12] = {0x80};
	struct tar_entry e;
	unsigned int sum = 0;
	char name[101];

	memset(name, 'n', 100);
	name[100] = 0;
	make_header(h, name, NULL, "", '0');
	size[9] = 0x01; /* 65536 */
	memcpy(h + 124, size, 12);
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	CHECK_EQ(tar_parse_header(h, &e), TAR_FILE);
	CHECK_EQ(e.size, 65536);
	CHECK_EQ(strlen(e.name), 101); /* "/" + a name filling its field */
}

TEST(put_requests)
{
	struct http_req r;

	CHECK(parse("PUT /up/a.txt HTTP/1.1\r\nContent-Length: 12\r\n"
		    "Expect: 100-continue\r\n\r\n",
		    &r) > 0);
	CHECK_EQ(r.method, HTTP_PUT);
	CHECK(r.has_length && r.body_len == 12 && r.expect_continue);
	CHECK(parse("PUT /up/a HTTP/1.1\r\n\r\n", &r) > 0);
	CHECK(!r.has_length && !r.expect_continue);
	CHECK_EQ(parse("PUT /up/a HTTP/1.1\r\nExpect: magic\r\n\r\n", &r),
		 -417);
	CHECK_EQ(parse("PUT /up/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
		       "\r\n",
		       &r),
		 -501);
	CHECK(!strcmp(http_reason(201), "Created") &&
	      !strcmp(http_reason(507), "Insufficient Storage") &&
	      !strcmp(http_reason(411), "Length Required"));
}

TEST(upload_names)
{
	char longname[300];

	CHECK_EQ(http_upload_name("/up/", "/up/a.txt"), 0);
	CHECK_EQ(http_upload_name("/up/", "/up/dir/b-1_2.tar.gz"), 0);
	CHECK_EQ(http_upload_name("/up/", "/index.html"), -403);
	CHECK_EQ(http_upload_name("/up/", "/upx/a"), -403);
	CHECK_EQ(http_upload_name("/up/", "/up/"), -400);
	CHECK_EQ(http_upload_name("/up/", "/up/dir/"), -400);
	CHECK_EQ(http_upload_name("/up/", "/up//a"), -400);
	CHECK_EQ(http_upload_name("/up/", "/up/.hidden"), -400);
	CHECK_EQ(http_upload_name("/up/", "/up/a/../b"), -400);
	CHECK_EQ(http_upload_name("/up/", "/up/a b"), -400);
	CHECK_EQ(http_upload_name("/up/", "/up/a\\b"), -400);
	/* 120 bytes with no '/' in the last 101: no ustar split exists */
	memset(longname, 'x', sizeof(longname));
	memcpy(longname, "/up/", 4);
	longname[124] = 0;
	CHECK_EQ(http_upload_name("/up/", longname), -400);
	/* with one: prefix "up/xxx", name the rest */
	longname[60] = '/';
	CHECK_EQ(http_upload_name("/up/", longname), 0);
}

/* tar_make_header's blocks read back through tar_parse_header, and GNU
 * tar lists an archive made of them with the right names and sizes. */
TEST(tar_make_header)
{
	static unsigned char img[512 * 8];
	struct tar_entry e;
	char name[200], line[256];
	FILE *p;
	int fd, found = 0;

	CHECK_EQ(tar_make_header(img, "/up/a.txt", 5, 1700000000), 0);
	CHECK_EQ(tar_parse_header(img, &e), TAR_FILE);
	CHECK_STR(e.name, "/up/a.txt");
	CHECK_EQ(e.size, 5);
	memcpy(img + 512, "hello", 5);
	memset(name, 'n', sizeof(name));
	memcpy(name, "/up/", 4);
	name[80] = '/';
	name[170] = 0;
	CHECK_EQ(tar_make_header(img + 1024, name, 0, 0), 0);
	CHECK_EQ(tar_parse_header(img + 1024, &e), TAR_FILE);
	CHECK_STR(e.name, name);
	CHECK_EQ(tar_make_header(img + 2048, "/up/big", 9ull << 30, 0), 0);
	CHECK_EQ(tar_parse_header(img + 2048, &e), TAR_FILE);
	CHECK_EQ(e.size, 9ull << 30);
	CHECK_EQ(tar_make_header(img + 2048, "", 1, 0), -1);
	/* a.txt and the long name, then the end (two zero blocks) */
	memset(img + 2048, 0, sizeof(img) - 2048);
	fd = creat("/tmp/test_httpd_mk.tar", 0600);
	CHECK(fd >= 0 && write(fd, img, sizeof(img)) == (ssize_t)sizeof(img));
	close(fd);
	p = popen("tar -tvf /tmp/test_httpd_mk.tar 2>&1", "r");
	CHECK(p != NULL);
	while (p && fgets(line, sizeof(line), p)) {
		if (strstr(line, " 5 ") && strstr(line, "up/a.txt"))
			found |= 1;
		if (strstr(line, name + 1))
			found |= 2;
	}
	CHECK(p && pclose(p) == 0);
	CHECK_EQ(found, 3);
	unlink("/tmp/test_httpd_mk.tar");
}

int main(void)
{
	RUN(simple_get);
	RUN(partial_needs_more);
	RUN(bare_newlines);
	RUN(keep_alive_rules);
	RUN(methods);
	RUN(path_decoding);
	RUN(bad_requests);
	RUN(long_lines);
	RUN(range_header);
	RUN(ranges);
	RUN(content_types);
	RUN(tar_headers);
	RUN(tar_base256_and_full_fields);
	RUN(put_requests);
	RUN(upload_names);
	RUN(tar_make_header);
	return CHECK_DONE();
}
