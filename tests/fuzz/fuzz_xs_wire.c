// SOURCES: kernel/lib/xs_wire.c
/*
 * fuzz_xs_wire.c - arbitrary bytes as the xenstored reply stream.  The
 * first byte seeds the chunking; the rest is fed through xs_rx_feed in
 * pseudo-random chunks, and every complete message goes through
 * reply_check, split, parse_perms and parse_watch_event, with their
 * invariants checked (a violation traps, which libFuzzer reports).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <domlet/xs_wire.h>
#include "fuzz.h"

static struct xs_rx rx;

static void check_message(const struct xs_rx *m)
{
	const char *out[16], *path, *token;
	struct xs_perm perms[16], again[16];
	char fmt[16 * 8];
	uint32_t len = m->hdr.len;
	int n, r;

	REQUIRE(len <= XENSTORE_PAYLOAD_MAX && m->body[len] == '\0');
	r = xs_reply_check(m, m->hdr.req_id, m->hdr.type);
	REQUIRE(r <= 0);
	if (m->hdr.type != XS_ERROR)
		REQUIRE(r == 0);
	REQUIRE(xs_reply_check(m, m->hdr.req_id + 1, m->hdr.type) == -EPROTO);

	n = xs_split_strings(m->body, len, out, 16);
	REQUIRE(n == -EBADMSG || n == -E2BIG || (n >= 0 && n <= 16));
	for (int i = 0; i < n; i++) {
		REQUIRE(out[i] >= m->body && out[i] < m->body + len);
		REQUIRE(out[i] + strlen(out[i]) < m->body + len);
	}
	if (xs_parse_watch_event(m->body, len, &path, &token) == 0) {
		REQUIRE(path == m->body);
		REQUIRE(token + strlen(token) < m->body + len);
	}
	n = xs_parse_perms(m->body, len, perms, 16);
	if (n > 0) {
		/* A parsed list formats and parses back to itself. */
		long f = xs_format_perms(fmt, sizeof(fmt), perms, (unsigned)n);
		REQUIRE(f > 0);
		REQUIRE(xs_parse_perms(fmt, (uint32_t)f, again, 16) == n);
		for (int i = 0; i < n; i++)
			REQUIRE(again[i].perm == perms[i].perm &&
				again[i].domid == perms[i].domid);
	}
	r = xs_error_to_errno(m->body, len);
	REQUIRE(r < 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t seed;
	size_t pos = 1;
	int done;

	if (size < 1)
		return 0;
	seed = data[0] * 2654435761u + 1;
	xs_rx_reset(&rx);
	while (pos < size) {
		size_t chunk = 1 + (seed >> 16) % 97;
		long used;

		seed = seed * 1103515245u + 12345u;
		if (chunk > size - pos)
			chunk = size - pos;
		used = xs_rx_feed(&rx, data + pos, chunk, &done);
		if (used < 0) {
			REQUIRE(used == -EBADMSG);
			REQUIRE(rx.hdr.len > XENSTORE_PAYLOAD_MAX);
			return 0;
		}
		REQUIRE((size_t)used <= chunk);
		REQUIRE(done || (size_t)used == chunk);
		pos += (size_t)used;
		if (done) {
			check_message(&rx);
			xs_rx_reset(&rx);
		}
	}
	return 0;
}
