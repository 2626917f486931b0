// SOURCES: libc-glue/lwip/tso.c
// CFLAGS: -I.
/*
 * fuzz_tso.c - libc-glue/lwip/tso.c on arbitrary frames: tso_parse only
 * ever reports headers inside the bytes it was given and lengths that
 * add up, and a batch built from a stream of such frames never claims a
 * frame over max_frame, more than TSO_MAX_SEGS segments or a segment
 * above its gso_size.  Each frame is its own heap buffer, so ASan sees a
 * read past `have`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "libc-glue/lwip/tso.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tso_batch b = {.nseg = 0};
	size_t max_frame = 65535;

	if (size >= 1)
		max_frame = 1000 + (size_t)data[0] * 256, data++, size--;
	/* Records: a 2-byte length claim, a 1-byte count of header bytes
	 * present, then those bytes. */
	while (size >= 3) {
		size_t len = (size_t)data[0] << 8 | data[1];
		size_t have = data[2] < size - 3 ? data[2] : size - 3;
		uint8_t *f = malloc(have ? have : 1);
		struct tso_frame t;

		memcpy(f, data + 3, have);
		data += 3 + have, size -= 3 + have;
		if (have > len)
			have = len;
		if (tso_parse(f, have, len, &t) == 0) {
			uint8_t h[TSO_HDR_MAX];

			REQUIRE(t.l4 + 20 <= t.hdrlen && t.hdrlen <= have);
			REQUIRE(t.hdrlen <= TSO_HDR_MAX);
			REQUIRE(t.hdrlen + t.paylen == len);
			memcpy(h, f, t.hdrlen);
			tso_fixup(h, &t, t.paylen, t.flags);
			if (!tso_join(&b, f, &t, max_frame) &&
			    tso_startable(&t, max_frame))
				tso_start(&b, f, &t);
		}
		if (b.nseg) {
			REQUIRE(b.nseg <= TSO_MAX_SEGS);
			REQUIRE(b.first.hdrlen + b.paylen <= max_frame);
			REQUIRE(b.paylen <= (size_t)b.mss * b.nseg);
		}
		free(f);
	}
	return 0;
}
