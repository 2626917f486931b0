/*
 * http.c - HTTP/1.x request heads, Range values and content types, for
 * httpd.  Pure and host-tested (see http.h); every byte comes from the
 * network, so the parser bounds each line and field and never reads
 * past the length it was given.
 */
#include <string.h>
#include "http.h"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive: does buf[0..n) equal the lower-case word w? */
static bool word_is(const char *buf, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n && w[i]; i++)
		if (lower((unsigned char)buf[i]) != w[i])
			return false;
	return i == n && !w[i];
}

static bool is_tchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decimal digits only, at most 18 of them; false otherwise. */
static bool parse_u64(const char *s, size_t n, uint64_t *v)
{
	if (n == 0 || n > 18)
		return false;
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return true;
}

/* Decodes the target's path (percent escapes; stops at '?' or '#') into
 * r->path.  Refuses NUL and control bytes and ".." segments. */
static int parse_target(const char *t, size_t n, struct http_req *r)
{
	size_t i = 0, o = 0;

	if (n >= 7 && word_is(t, 7, "http://")) {
		for (i = 7; i < n && t[i] != '/'; i++)
			;
		if (i == n)
			return -400;
	}
	if (i >= n || t[i] != '/')
		return -400;
	for (; i < n && t[i] != '?' && t[i] != '#'; i++) {
		int c = (unsigned char)t[i];

		if (c == '%') {
			int h, l;

			if (i + 2 >= n || (h = hexval(t[i + 1])) < 0 ||
			    (l = hexval(t[i + 2])) < 0)
				return -400;
			c = h * 16 + l;
			i += 2;
		}
		if (c < 0x20 || c == 0x7f)
			return -400;
		if (o + 1 >= HTTP_PATH_MAX)
			return -414;
		r->path[o++] = (char)c;
	}
	r->path[o] = 0;
	/* A ".." segment could only mean escaping the archive's root. */
	for (const char *p = r->path; (p = strstr(p, "..")); p += 2)
		if (p[-1] == '/' && (p[2] == '/' || p[2] == 0))
			return -400;
	return 0;
}

static int parse_request_line(const char *l, size_t n, struct http_req *r)
{
	const char *sp1 = memchr(l, ' ', n), *sp2;
	size_t rest;
	int rc;

	if (!sp1 || sp1 == l)
		return -400;
	for (const char *p = l; p < sp1; p++)
		if (!is_tchar((unsigned char)*p))
			return -400;
	/* Methods are case-sensitive. */
	if (sp1 - l == 3 && !memcmp(l, "GET", 3))
		r->method = HTTP_GET;
	else if (sp1 - l == 4 && !memcmp(l, "HEAD", 4))
		r->method = HTTP_HEAD;
	else if (sp1 - l == 3 && !memcmp(l, "PUT", 3))
		r->method = HTTP_PUT;
	else
		r->method = HTTP_OTHER;
	rest = n - (size_t)(sp1 + 1 - l);
	sp2 = memchr(sp1 + 1, ' ', rest);
	if (!sp2)
		return -400; /* HTTP/0.9 has no version: not served */
	if ((rc = parse_target(sp1 + 1, (size_t)(sp2 - sp1 - 1), r)))
		return rc;
	rest = n - (size_t)(sp2 + 1 - l);
	if (rest != 8 || memcmp(sp2 + 1, "HTTP/", 5))
		return rest >= 5 && !memcmp(sp2 + 1, "HTTP/", 5) ? -505 : -400;
	if (sp2[6] != '1' || sp2[7] != '.' || sp2[8] < '0' || sp2[8] > '9')
		return sp2[6] >= '0' && sp2[6] <= '9' ? -505 : -400;
	r->minor = sp2[8] - '0';
	r->keep_alive = r->minor >= 1;
	return 0;
}

/* Connection: a comma-separated token list. */
static void parse_connection(const char *v, size_t n, struct http_req *r)
{
	size_t i = 0;

	while (i < n) {
		size_t s, e;

		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		s = i;
		while (i < n && v[i] != ',')
			i++;
		e = i;
		while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (word_is(v + s, e - s, "close"))
			r->keep_alive = false;
		else if (word_is(v + s, e - s, "keep-alive"))
			r->keep_alive = true;
	}
}

static int parse_header(const char *l, size_t n, struct http_req *r,
			bool *seen_len)
{
	const char *colon = memchr(l, ':', n), *v;
	size_t name_len, vn;
	uint64_t cl;

	if (!colon || colon == l)
		return -400;
	name_len = (size_t)(colon - l);
	for (size_t i = 0; i < name_len; i++)
		if (!is_tchar((unsigned char)l[i]))
			return -400; /* includes space before the colon */
	v = colon + 1;
	vn = n - name_len - 1;
	while (vn && (*v == ' ' || *v == '\t'))
		v++, vn--;
	while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
		vn--;
	if (word_is(l, name_len, "connection")) {
		parse_connection(v, vn, r);
	} else if (word_is(l, name_len, "range")) {
		if (vn < HTTP_RANGE_MAX) {
			memcpy(r->range, v, vn);
			r->range[vn] = 0;
		}
	} else if (word_is(l, name_len, "content-length")) {
		if (!parse_u64(v, vn, &cl) || (*seen_len && cl != r->body_len))
			return -400;
		r->body_len = cl;
		*seen_len = true;
		r->has_length = true;
	} else if (word_is(l, name_len, "transfer-encoding")) {
		return -501;
	} else if (word_is(l, name_len, "expect")) {
		if (!word_is(v, vn, "100-continue"))
			return -417;
		r->expect_continue = true;
	}
	return 0;
}

int http_parse_request(const char *buf, size_t len, struct http_req *r)
{
	size_t pos = 0;
	bool first = true, seen_len = false;
	int rc;

	memset(r, 0, sizeof(*r));
	/* Robustness (RFC 9112 2.2): empty lines before a request. */
	while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n'))
		pos++;
	for (;;) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end, n;

		if (!nl)
			return len - pos >= HTTP_LINE_MAX ? -431 : 0;
		end = (size_t)(nl - buf);
		n = end - pos;
		if (n && buf[end - 1] == '\r')
			n--;
		if (n >= HTTP_LINE_MAX)
			return -431;
		if (first)
			rc = parse_request_line(buf + pos, n, r);
		else if (n == 0)
			return (int)(end + 1);
		else
			rc = parse_header(buf + pos, n, r, &seen_len);
		if (rc)
			return rc;
		first = false;
		pos = end + 1;
	}
}

int http_upload_name(const char *prefix, const char *path)
{
	size_t pn = strlen(prefix), seg = 0;
	const char *p;

	if (strncmp(path, prefix, pn))
		return -403;
	p = path + pn;
	if (!*p)
		return -400;
	for (; *p; p++) {
		int c = (unsigned char)*p;

		if (c == '/') {
			if (seg == 0)
				return -400; /* "//" */
			seg = 0;
			continue;
		}
		if (seg == 0 && c == '.')
			return -400; /* ".", "..", hidden names */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return -400;
		seg++;
	}
	if (seg == 0)
		return -400; /* a trailing '/' names a directory */
	{
		unsigned char hdr[512];

		if (tar_make_header(hdr, path, 0, 0))
			return -400;
	}
	return 0;
}

int http_parse_range(const char *spec, uint64_t size, uint64_t *first,
		     uint64_t *last)
{
	const char *dash;
	uint64_t a, b;
	size_t n;

	if (strncmp(spec, "bytes=", 6) || strchr(spec, ','))
		return 0;
	spec += 6;
	n = strlen(spec);
	dash = memchr(spec, '-', n);
	if (!dash)
		return 0;
	if (dash == spec) { /* suffix: the last b bytes */
		if (!parse_u64(dash + 1, n - 1, &b))
			return 0;
		if (b == 0 || size == 0)
			return -416;
		*first = b >= size ? 0 : size - b;
		*last = size - 1;
		return 1;
	}
	if (!parse_u64(spec, (size_t)(dash - spec), &a))
		return 0;
	if (dash[1] == 0) {
		b = UINT64_MAX;
	} else if (!parse_u64(dash + 1, n - (size_t)(dash - spec) - 1, &b) ||
		   b < a) {
		return 0;
	}
	if (a >= size)
		return -416;
	*first = a;
	*last = b >= size ? size - 1 : b;
	return 1;
}

const char *http_content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {"html", "text/html; charset=utf-8"},
	    {"htm", "text/html; charset=utf-8"},
	    {"txt", "text/plain; charset=utf-8"},
	    {"css", "text/css"},
	    {"js", "text/javascript"},
	    {"json", "application/json"},
	    {"xml", "application/xml"},
	    {"svg", "image/svg+xml"},
	    {"png", "image/png"},
	    {"jpg", "image/jpeg"},
	    {"jpeg", "image/jpeg"},
	    {"gif", "image/gif"},
	    {"ico", "image/x-icon"},
	    {"webp", "image/webp"},
	    {"pdf", "application/pdf"},
	    {"wasm", "application/wasm"},
	    {"gz", "application/gzip"},
	    {"tar", "application/x-tar"},
	};
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot && (!slash || dot > slash)) {
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (word_is(dot + 1, strlen(dot + 1), types[i].ext))
				return types[i].type;
	}
	return "application/octet-stream";
}

const char *http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 206:
		return "Partial Content";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 403:
		return "Forbidden";
	case 405:
		return "Method Not Allowed";
	case 411:
		return "Length Required";
	case 414:
		return "URI Too Long";
	case 416:
		return "Range Not Satisfiable";
	case 417:
		return "Expectation Failed";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	case 505:
		return "HTTP Version Not Supported";
	case 507:
		return "Insufficient Storage";
	default:
		return "Error";
	}
}
