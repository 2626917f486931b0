// SOURCES: kernel/lib/xs_wire.c
/*
 * test_xs_wire.c - the xenstore wire code against a hostile xenstored:
 * oversized len, missing NULs, wrong req_id/type, XS_ERROR names, one byte
 * at a time and random chunking of back-to-back messages, and the edge
 * cases of the string-list and permission parsers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <domlet/errno.h>
#include <domlet/xs_wire.h>
#include "check.h"

#define HDR ((uint32_t)sizeof(struct xsd_sockmsg))

static struct xs_rx rx; /* 4 KiB: keep it off the stack */

/* Writes a raw message (no validation at all) into out; returns its size. */
static size_t raw_msg(char *out, uint32_t type, uint32_t req, uint32_t len,
		      const void *payload, size_t plen)
{
	struct xsd_sockmsg h = {type, req, 0, len};

	memcpy(out, &h, HDR);
	memcpy(out + HDR, payload, plen);
	return HDR + plen;
}

/* Feeds a complete message in one go; returns the feed result. */
static long feed_all(const char *msg, size_t n, int *done)
{
	xs_rx_reset(&rx);
	return xs_rx_feed(&rx, msg, n, done);
}

TEST(build_and_feed_roundtrip)
{
	char buf[HDR + 64];
	struct xs_iov parts[] = {{"data/x", 7}, {"hello", 5}};
	int done;
	long n = xs_build_request(buf, sizeof(buf), XS_WRITE, 7, 3, parts, 2);

	CHECK_EQ(n, HDR + 12);
	CHECK_EQ(feed_all(buf, (size_t)n, &done), n);
	CHECK_EQ(done, 1);
	CHECK_EQ(rx.hdr.type, XS_WRITE);
	CHECK_EQ(rx.hdr.req_id, 7);
	CHECK_EQ(rx.hdr.tx_id, 3);
	CHECK_EQ(rx.hdr.len, 12);
	CHECK(memcmp(rx.body, "data/x\0hello", 12) == 0);
	CHECK_EQ(rx.body[12], 0); /* terminated although the peer did not */
	CHECK_EQ(xs_reply_check(&rx, 7, XS_WRITE), 0);
}

TEST(build_limits)
{
	static char big[XENSTORE_PAYLOAD_MAX + 1];
	static char buf[HDR + XENSTORE_PAYLOAD_MAX + 1];
	struct xs_iov max[] = {{big, 4000}, {big, 96}};
	struct xs_iov over[] = {{big, 4000}, {big, 97}};
	struct xs_iov huge[] = {{big, 10}, {big, SIZE_MAX}};

	CHECK_EQ(xs_build_request(buf, sizeof(buf), XS_WRITE, 1, 0, max, 2),
		 HDR + XENSTORE_PAYLOAD_MAX);
	CHECK_EQ(xs_build_request(buf, sizeof(buf), XS_WRITE, 1, 0, over, 2),
		 -E2BIG);
	CHECK_EQ(xs_build_request(buf, sizeof(buf), XS_WRITE, 1, 0, huge, 2),
		 -E2BIG);
	CHECK_EQ(xs_build_request(buf, HDR + 4095, XS_WRITE, 1, 0, max, 2),
		 -E2BIG);
	CHECK_EQ(xs_build_request(buf, HDR - 1, XS_READ, 1, 0, NULL, 0),
		 -E2BIG);
	CHECK_EQ(xs_build_request(buf, HDR, XS_READ, 1, 0, NULL, 0), HDR);
}

TEST(len_too_long_is_sticky)
{
	char msg[HDR];
	int done = 7;
	struct xsd_sockmsg h = {XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1};

	memcpy(msg, &h, HDR);
	CHECK_EQ(feed_all(msg, HDR, &done), -EBADMSG);
	CHECK_EQ(done, 0);
	CHECK_EQ(xs_rx_feed(&rx, "more", 4, &done), -EBADMSG);
	CHECK_EQ(xs_rx_feed(&rx, NULL, 0, &done), -EBADMSG);
	/* Byte by byte: accepted until the header is whole. */
	xs_rx_reset(&rx);
	for (uint32_t i = 0; i < HDR - 1; i++)
		CHECK_EQ(xs_rx_feed(&rx, msg + i, 1, &done), 1);
	CHECK_EQ(xs_rx_feed(&rx, msg + HDR - 1, 1, &done), -EBADMSG);
	h.len = 0xffffffffu;
	memcpy(msg, &h, HDR);
	CHECK_EQ(feed_all(msg, HDR, &done), -EBADMSG);
}

TEST(max_payload_no_nul)
{
	static char msg[HDR + XENSTORE_PAYLOAD_MAX];
	static char payload[XENSTORE_PAYLOAD_MAX];
	const char *out[4];
	int done;

	memset(payload, 'A', sizeof(payload));
	size_t n = raw_msg(msg, XS_READ, 9, XENSTORE_PAYLOAD_MAX, payload,
			   sizeof(payload));
	CHECK_EQ(feed_all(msg, n, &done), (long)n);
	CHECK_EQ(done, 1);
	CHECK_EQ(rx.body[XENSTORE_PAYLOAD_MAX], 0);
	CHECK_EQ(strlen(rx.body), XENSTORE_PAYLOAD_MAX);
	CHECK_EQ(xs_split_strings(rx.body, rx.hdr.len, out, 4), -EBADMSG);
}

TEST(reply_check_mismatches)
{
	char msg[HDR + 32];
	int done;
	size_t n = raw_msg(msg, XS_READ, 5, 3, "ok", 3);

	feed_all(msg, n, &done);
	CHECK_EQ(xs_reply_check(&rx, 5, XS_READ), 0);
	CHECK_EQ(xs_reply_check(&rx, 6, XS_READ), -EPROTO);
	CHECK_EQ(xs_reply_check(&rx, 5, XS_WRITE), -EPROTO);
	CHECK_EQ(xs_reply_check(&rx, 5, XS_ERROR), -EPROTO);
	/* A half-fed message is not checkable. */
	xs_rx_reset(&rx);
	xs_rx_feed(&rx, msg, HDR + 1, &done);
	CHECK_EQ(done, 0);
	CHECK_EQ(xs_reply_check(&rx, 5, XS_READ), -EINVAL);
	xs_rx_reset(&rx);
	CHECK_EQ(xs_reply_check(&rx, 0, 0), -EINVAL);
}

static int error_reply(const char *payload, size_t plen, uint32_t req)
{
	char msg[HDR + 64];
	int done;
	size_t n = raw_msg(msg, XS_ERROR, 4, (uint32_t)plen, payload, plen);

	feed_all(msg, n, &done);
	return xs_reply_check(&rx, req, XS_READ);
}

TEST(error_mapping)
{
	CHECK_EQ(error_reply("ENOENT", 7, 4), -ENOENT);
	CHECK_EQ(error_reply("EACCES", 6, 4), -EACCES); /* no NUL */
	CHECK_EQ(error_reply("EAGAIN", 7, 4), -EAGAIN);
	CHECK_EQ(error_reply("E2BIG", 6, 4), -E2BIG);
	CHECK_EQ(error_reply("EPERM", 6, 4), -EPERM);
	CHECK_EQ(error_reply("EWHAT", 6, 4), -EIO);
	CHECK_EQ(error_reply("", 0, 4), -EIO);
	CHECK_EQ(error_reply("", 1, 4), -EIO);
	CHECK_EQ(error_reply("ENOENTX", 8, 4), -EIO);
	CHECK_EQ(error_reply("ENOEN", 6, 4), -EIO);
	CHECK_EQ(error_reply("EINVAL\0junk", 12, 4), -EINVAL);
	CHECK_EQ(error_reply("ENOENT", 7, 5), -EPROTO); /* wrong req_id */
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]);
	     i++) {
		const char *s = xsd_errors[i].errstring;
		CHECK_EQ(xs_error_to_errno(s, strlen(s)),
			 -xsd_errors[i].errnum);
		CHECK_EQ(xs_error_to_errno(s, strlen(s) + 1),
			 -xsd_errors[i].errnum);
		CHECK_EQ(xs_error_to_errno(s, strlen(s) - 1), -EIO);
	}
}

/* A stream of three messages, back to back, including an empty one. */
static size_t make_stream(char *s)
{
	size_t n = 0;

	n += raw_msg(s + n, XS_READ, 1, 6, "first", 6);
	n += raw_msg(s + n, XS_WATCH_EVENT, 0, 8, "a/b\0tok", 8);
	n += raw_msg(s + n, XS_WRITE, 3, 0, "", 0);
	return n;
}

/* Feeds the stream in chunks of at most `chunk` (0: random) bytes and
 * checks the three messages come out intact and in order. */
static void feed_stream(size_t chunk, unsigned int seed)
{
	char s[256];
	size_t n = make_stream(s), pos = 0;
	int got = 0, done;

	srand(seed);
	xs_rx_reset(&rx);
	while (pos < n) {
		size_t c = chunk ? chunk : 1 + (size_t)rand() % 20;
		if (c > n - pos)
			c = n - pos;
		long used = xs_rx_feed(&rx, s + pos, c, &done);
		CHECK(used >= 0 && (size_t)used <= c);
		pos += (size_t)used;
		if (!done) {
			CHECK_EQ(used, c); /* not done: everything was taken */
			continue;
		}
		switch (got++) {
		case 0:
			CHECK_EQ(xs_reply_check(&rx, 1, XS_READ), 0);
			CHECK_STR(rx.body, "first");
			break;
		case 1: {
			const char *path, *token;
			CHECK_EQ(rx.hdr.type, XS_WATCH_EVENT);
			CHECK_EQ(xs_parse_watch_event(rx.body, rx.hdr.len,
						      &path, &token),
				 0);
			CHECK_STR(path, "a/b");
			CHECK_STR(token, "tok");
			break;
		}
		case 2:
			CHECK_EQ(xs_reply_check(&rx, 3, XS_WRITE), 0);
			CHECK_EQ(rx.hdr.len, 0);
			CHECK_EQ(rx.body[0], 0);
			break;
		}
		xs_rx_reset(&rx);
	}
	CHECK_EQ(got, 3);
}

TEST(stream_one_byte_at_a_time)
{
	feed_stream(1, 0);
}
TEST(stream_whole)
{
	feed_stream(1000, 0);
}

TEST(stream_random_chunks)
{
	for (unsigned int seed = 1; seed < 500; seed++)
		feed_stream(0, seed);
}

TEST(split_strings)
{
	const char *out[3];

	CHECK_EQ(xs_split_strings("a\0bc\0", 5, out, 3), 2);
	CHECK_STR(out[0], "a");
	CHECK_STR(out[1], "bc");
	CHECK_EQ(xs_split_strings("", 0, out, 3), 0);
	CHECK_EQ(xs_split_strings("", 0, NULL, 0), 0);
	CHECK_EQ(xs_split_strings("\0", 1, out, 3), 1);
	CHECK_STR(out[0], "");
	CHECK_EQ(xs_split_strings("a\0\0b\0", 5, out, 3), 3);
	CHECK_STR(out[1], "");
	CHECK_STR(out[2], "b");
	CHECK_EQ(xs_split_strings("a\0b", 3, out, 3), -EBADMSG);
	CHECK_EQ(xs_split_strings("ab", 2, out, 3), -EBADMSG);
	CHECK_EQ(xs_split_strings("a\0b\0c\0d\0", 8, out, 3), -E2BIG);
	CHECK_EQ(xs_split_strings("a\0b\0c\0", 6, out, 3), 3);
	CHECK_EQ(xs_split_strings("a\0", 2, out, 0), -E2BIG);
}

TEST(watch_event)
{
	const char *p = NULL, *t = NULL;

	CHECK_EQ(xs_parse_watch_event("p/q\0tk\0", 7, &p, &t), 0);
	CHECK_STR(p, "p/q");
	CHECK_STR(t, "tk");
	CHECK_EQ(xs_parse_watch_event("p\0t\0extra\0", 10, &p, &t), 0);
	CHECK_STR(t, "t");
	CHECK_EQ(xs_parse_watch_event("p\0\0", 3, &p, &t), 0);
	CHECK_STR(t, "");
	CHECK_EQ(xs_parse_watch_event("p\0tk", 4, &p, &t), -EBADMSG);
	CHECK_EQ(xs_parse_watch_event("path", 4, &p, &t), -EBADMSG);
	CHECK_EQ(xs_parse_watch_event("p\0", 2, &p, &t), -EBADMSG);
	CHECK_EQ(xs_parse_watch_event("", 0, &p, &t), -EBADMSG);
}

TEST(parse_perms)
{
	struct xs_perm pm[3];

	CHECK_EQ(xs_parse_perms("n0\0r5\0", 6, pm, 3), 2);
	CHECK_EQ(pm[0].perm, 'n');
	CHECK_EQ(pm[0].domid, 0);
	CHECK_EQ(pm[1].perm, 'r');
	CHECK_EQ(pm[1].domid, 5);
	CHECK_EQ(xs_parse_perms("b65535\0w12\0", 11, pm, 3), 2);
	CHECK_EQ(pm[0].domid, 65535);
	CHECK_EQ(pm[1].perm, 'w');
	CHECK_EQ(xs_parse_perms("b65536\0", 7, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("r99999999999999999999999\0", 25, pm, 3),
		 -EBADMSG);
	CHECK_EQ(xs_parse_perms("x0\0", 3, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("R0\0", 3, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("r\0", 2, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("r5a\0", 4, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("r-1\0", 4, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("r 1\0", 4, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("r5", 2, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("r5\0\0", 4, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("", 0, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("\0", 1, pm, 3), -EBADMSG);
	CHECK_EQ(xs_parse_perms("n0\0r1\0r2\0r3\0", 12, pm, 3), -E2BIG);
}

TEST(format_perms)
{
	struct xs_perm in[] = {{0, 'n'}, {65535, 'b'}, {42, 'r'}};
	struct xs_perm back[3];
	char buf[32];
	const char want[] = "n0\0b65535\0r42\0";

	CHECK_EQ(xs_format_perms(buf, sizeof(buf), in, 3), sizeof(want) - 1);
	CHECK(memcmp(buf, want, sizeof(want) - 1) == 0);
	CHECK_EQ(xs_parse_perms(buf, sizeof(want) - 1, back, 3), 3);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(back[i].perm, in[i].perm);
		CHECK_EQ(back[i].domid, in[i].domid);
	}
	CHECK_EQ(xs_format_perms(buf, sizeof(want) - 1, in, 3),
		 sizeof(want) - 1);
	CHECK_EQ(xs_format_perms(buf, sizeof(want) - 2, in, 3), -E2BIG);
	CHECK_EQ(xs_format_perms(buf, 0, in, 1), -E2BIG);
	CHECK_EQ(xs_format_perms(buf, sizeof(buf), in, 0), 0);
	in[1].perm = 'x';
	CHECK_EQ(xs_format_perms(buf, sizeof(buf), in, 3), -EINVAL);
}

int main(void)
{
	RUN(build_and_feed_roundtrip);
	RUN(build_limits);
	RUN(len_too_long_is_sticky);
	RUN(max_payload_no_nul);
	RUN(reply_check_mismatches);
	RUN(error_mapping);
	RUN(stream_one_byte_at_a_time);
	RUN(stream_whole);
	RUN(stream_random_chunks);
	RUN(split_strings);
	RUN(watch_event);
	RUN(parse_perms);
	RUN(format_perms);
	return CHECK_DONE();
}
