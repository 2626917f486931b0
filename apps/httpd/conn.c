/*
 * conn.c - one HTTP/1.1 connection per thread.
 *
 * Why a thread per connection: domlet's threads are cheap (a 32 KiB
 * stack, cooperative switches), blocking reads and writes keep the
 * request loop straight-line, and the glue's poll() would rescan every
 * socket on each wake-up, which a 100-connection poll loop would pay
 * for on every packet.  Buffers are on the heap (stacks are small).
 *
 * A connection serves requests until the client or an error closes it,
 * the request says "Connection: close", or it idles for IDLE_SECS.
 * Pipelined requests are kept in the buffer and served in order.
 */
#include <errno.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "httpd.h"

#define REQ_BUF	  (HTTP_LINE_MAX + 1024)
#define OUT_BUF	  2048 /* a response head, and a small body with it */
#define IO_BUF	  (16 * 1024)
#define IDLE_SECS 30

/* A connection thread's stack: its buffers are in struct conn, and the
 * deepest path (printf of an error, lwIP's socket calls) needs a few KiB;
 * 16 KiB (the default is 28) lets 100 connections fit in an 8 MiB domain.
 * An overflow hits the guard page below it (a crash, never corruption). */
#define CONN_STACK (16 * 1024)

struct httpd_stats stats;
const char *upload_dir;

/* Files in memory go out straight from there; the io buffer for disk
 * reads is only allocated by a connection that needs one, so a hundred
 * connections to cached files cost 100 x ~7 KiB, not 100 x ~23 KiB. */
struct conn {
	int fd;
	size_t have; /* bytes in req */
	char *io;    /* IO_BUF bytes, for bodies read from the disk */
	char req[REQ_BUF];
	char out[OUT_BUF];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Writes all of buf; 0, or -1 once the peer is gone. */
static int send_all(struct conn *c, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(c->fd, buf, len);

		if (n <= 0) {
			stats.aborted++;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int head(struct conn *c, int status, const char *type, uint64_t length,
		bool keep, const char *extra)
{
	stats.status[status / 100 < 6 ? status / 100 : 5]++;
	return snprintf(c->out, OUT_BUF,
			"HTTP/1.1 %d %s\r\nServer: domlet-httpd\r\n"
			"Content-Type: %s\r\nContent-Length: %llu\r\n"
			"%sConnection: %s\r\n\r\n",
			status, http_reason(status), type,
			(unsigned long long)length, extra,
			keep ? "keep-alive" : "close");
}

static int send_error(struct conn *c, int status, bool keep, bool body)
{
	char msg[64];
	int m =
	    snprintf(msg, sizeof(msg), "%d %s\n", status, http_reason(status));
	int n = head(c, status, "text/plain; charset=utf-8", (uint64_t)m, keep,
		     status != 405 ? ""
		     : upload_dir  ? "Allow: GET, HEAD, PUT\r\n"
				   : "Allow: GET, HEAD\r\n");

	if (body) {
		memcpy(c->out + n, msg, (size_t)m);
		n += m;
	}
	return send_all(c, c->out, (size_t)n);
}

/* The head in c->out (n bytes), then len bytes of body from memory: a
 * small body joins the head in one write (one segment). */
static int send_mem(struct conn *c, const char *body, size_t n, uint64_t len)
{
	uint64_t t0 = now_ns();
	int rc;

	if (len <= OUT_BUF - n) {
		memcpy(c->out + n, body, (size_t)len);
		rc = send_all(c, c->out, n + (size_t)len);
	} else {
		rc = send_all(c, c->out, n);
		if (rc == 0)
			rc = send_all(c, body, (size_t)len);
	}
	if (rc == 0) {
		stats.write_ns += now_ns() - t0;
		stats.body_bytes += len;
	}
	return rc;
}

/* Head and body; a body from the disk goes through c->io, the first
 * data in the head's segment.  0, or -1 if the connection must close. */
static int send_file(struct conn *c, const struct http_req *r,
		     const struct site_file *f)
{
	uint64_t first = 0, last = f->size ? f->size - 1 : 0, left;
	const char *mem;
	char extra[96] = "Accept-Ranges: bytes\r\n";
	int status = 200, rr = 0;
	size_t n;

	if (r->range[0])
		rr = http_parse_range(r->range, f->size, &first, &last);
	if (rr < 0) {
		snprintf(extra, sizeof(extra),
			 "Content-Range: bytes */%llu\r\n",
			 (unsigned long long)f->size);
		n = (size_t)head(c, 416, "text/plain", 0, r->keep_alive, extra);
		return send_all(c, c->out, n);
	}
	if (rr > 0) {
		status = 206;
		snprintf(extra, sizeof(extra),
			 "Content-Range: bytes %llu-%llu/%llu\r\n",
			 (unsigned long long)first, (unsigned long long)last,
			 (unsigned long long)f->size);
	}
	left = f->size ? last - first + 1 : 0;
	n = (size_t)head(c, status, http_content_type(f->name), left,
			 r->keep_alive, extra);
	if (r->method == HTTP_HEAD)
		return send_all(c, c->out, n);
	mem = site_data(f);
	if (mem)
		return send_mem(c, mem + first, n, left);
	if (!c->io && !(c->io = malloc(IO_BUF))) {
		printf("httpd: no memory for a disk read buffer\n");
		stats.errors++;
		return -1;
	}
	memcpy(c->io, c->out, n);
	do {
		size_t want = IO_BUF - n < left ? IO_BUF - n : (size_t)left;
		uint64_t t0 = now_ns(), t1;
		long got = want ? site_read(f, first, c->io + n, want) : 0;

		t1 = now_ns();
		stats.read_ns += t1 - t0;
		if (got < 0 || (size_t)got != want) {
			printf("httpd: %s: read failed at %llu\n", f->name,
			       (unsigned long long)first);
			stats.errors++;
			return -1; /* the length is promised: close */
		}
		if (send_all(c, c->io, n + want))
			return -1;
		stats.write_ns += now_ns() - t1;
		stats.body_bytes += want;
		first += want;
		left -= want;
		n = 0;
	} while (left);
	return 0;
}

/* Drops a request body of len bytes (part may be in c->req already). */
static int skip_body(struct conn *c, uint64_t len)
{
	size_t in = c->have < len ? c->have : (size_t)len;

	memmove(c->req, c->req + in, c->have - in);
	c->have -= in;
	len -= in;
	while (len) {
		ssize_t n = read(c->fd, c->out, len < OUT_BUF ? len : OUT_BUF);

		if (n <= 0)
			return -1;
		len -= (uint64_t)n;
	}
	return 0;
}

/* site_fill_fn: the body's bytes, first those already in c->req. */
static int fill_body(void *ctx, char *buf, size_t n)
{
	struct conn *c = ctx;
	size_t in = c->have < n ? c->have : n;

	memcpy(buf, c->req, in);
	memmove(c->req, c->req + in, c->have - in);
	c->have -= in;
	while (in < n) {
		ssize_t got = read(c->fd, buf + in, n - in);

		if (got <= 0)
			return -1;
		in += (size_t)got;
	}
	stats.upload_bytes += n;
	return 0;
}

/*
 * PUT path: stores the body as an archive member (site_upload).  The
 * request is judged before any of its body is read; a refused one is
 * answered and the connection closed (its body is not wanted).  0, or
 * -1 to close.
 */
static int put_file(struct conn *c, struct http_req *r)
{
	int status = upload_dir ? http_upload_name(upload_dir, r->path) : -405;
	int64_t room = site_free_bytes();
	bool replaced = false;
	size_t n;

	if (!status && !r->has_length)
		status = -411;
	if (!status &&
	    (room < 0 || tar_data_blocks(r->body_len) > (uint64_t)room))
		status = -507;
	if (status) {
		send_error(c, -status, false, true);
		return -1;
	}
	if (r->expect_continue &&
	    send_all(c, "HTTP/1.1 100 Continue\r\n\r\n", 25))
		return -1;
	if (!c->io && !(c->io = malloc(IO_BUF))) {
		printf("httpd: no memory for an upload buffer\n");
		stats.errors++;
		return -1;
	}
	status = site_upload(r->path, r->body_len, fill_body, c, c->io, IO_BUF,
			     &replaced);
	if (status == -1) {
		stats.aborted++;
		return -1;
	}
	if (status == -500)
		stats.errors++;
	if (status) {
		/* Unread body bytes may remain: close after the answer. */
		send_error(c, -status, false, true);
		return -1;
	}
	stats.uploads++;
	printf("httpd: stored %s (%llu bytes%s)\n", r->path,
	       (unsigned long long)r->body_len,
	       replaced ? ", replacing an older copy" : "");
	n = (size_t)head(c, replaced ? 204 : 201, "text/plain", 0,
			 r->keep_alive, "");
	return send_all(c, c->out, n);
}

/* Serves one request from c->req; 0 to read the next, -1 to close. */
static int serve_one(struct conn *c)
{
	struct http_req r;
	const struct site_file *f;
	int rc;

	while ((rc = http_parse_request(c->req, c->have, &r)) == 0) {
		ssize_t n;

		if (c->have == REQ_BUF) {
			rc = -431;
			break;
		}
		n = read(c->fd, c->req + c->have, REQ_BUF - c->have);
		if (n <= 0)
			return -1; /* closed, reset or idle */
		c->have += (size_t)n;
	}
	if (rc < 0) {
		send_error(c, -rc, false, true);
		return -1;
	}
	stats.requests++;
	c->have -= (size_t)rc;
	memmove(c->req, c->req + rc, c->have);
	if (r.method == HTTP_PUT)
		return put_file(c, &r) || !r.keep_alive ? -1 : 0;
	if (r.body_len && skip_body(c, r.body_len))
		return -1;
	if (r.method == HTTP_OTHER)
		rc = send_error(c, 405, r.keep_alive, true);
	else if (!(f = site_find(r.path)))
		rc = send_error(c, 404, r.keep_alive, r.method == HTTP_GET);
	else
		rc = send_file(c, &r, f);
	return rc || !r.keep_alive ? -1 : 0;
}

static void *conn_main(void *arg)
{
	struct conn *c = arg;
	struct timeval idle = {IDLE_SECS, 0};
	int one = 1;

	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof(idle));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	while (serve_one(c) == 0)
		;
	close(c->fd);
	free(c->io);
	free(c);
	stats.active--;
	return NULL;
}

void conn_start(int fd)
{
	struct conn *c = malloc(sizeof(*c));
	pthread_attr_t attr;
	pthread_t t;
	int e;

	if (!c) {
		stats.errors++;
		close(fd);
		return;
	}
	c->fd = fd;
	c->have = 0;
	c->io = NULL;
	stats.conns++;
	if (++stats.active > stats.peak)
		stats.peak = stats.active;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, CONN_STACK);
	e = pthread_create(&t, &attr, conn_main, c);
	if (e) {
		printf("httpd: no thread for a connection: %s\n", strerror(e));
		stats.errors++;
		stats.active--;
		send_error(c, 503, false, true);
		close(fd);
		free(c);
	}
	pthread_attr_destroy(&attr);
}
