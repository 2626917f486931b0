// SOURCES: decomp/decomp.c decomp/lz.c
// CFLAGS: -I.
// LIBS: -lz -lbz2 -llzma -llzo2 -llz4 -lzstd
/*
 * fuzz_decomp.c - decomp_buffer on arbitrary input: the first byte picks
 * the format (enum decomp_fmt, so 0 and out-of-range values too), the
 * rest is the stream, decoded with a 1 MiB limit.  Whatever comes in: no
 * crash, no read outside the input, a result within the limit, and
 * failures with no buffer and a message.  Seeds (each format's CLI on a
 * short text) are written to build/fuzz/corpus/decomp by
 * tests/unit/decomp-fixtures, which test_decomp runs first.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "decomp/decomp.h"
#include "fuzz.h"

#define LIMIT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum decomp_fmt fmt;
	char err[128];
	void *out = (void *)1;
	size_t out_len = 1;
	int rc;

	if (!size)
		return 0;
	fmt = (enum decomp_fmt)(data[0] % 9);
	(void)decomp_detect(data + 1, size - 1);
	rc = decomp_buffer(fmt, data + 1, size - 1, LIMIT, &out, &out_len, err,
			   sizeof(err));
	REQUIRE(memchr(err, '\0', sizeof(err)));
	if (rc) {
		REQUIRE(rc < 0 && !out && !out_len && err[0]);
		return 0;
	}
	REQUIRE(out && out_len <= LIMIT);
	/* All of it is ours to touch (ASan checks). */
	if (out_len)
		memset(out, 0, out_len);
	free(out);
	return 0;
}
