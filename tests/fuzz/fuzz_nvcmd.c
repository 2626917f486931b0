// SOURCES: apps/vtpmcounter/nvcmd.c
// CFLAGS: -I.
/*
 * fuzz_nvcmd.c - apps/vtpmcounter's reader of the vTPM's responses on
 * any bytes: it reads nothing past the response (a heap copy of exactly
 * that length, so ASan sees an overrun), and a value it accepts comes
 * from a response whose size field, parameter area and TPM2B all agree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "apps/vtpmcounter/nvcmd.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *r = malloc(size ? size : 1);
	uint32_t rc;
	uint64_t v;

	if (!r)
		return 0;
	memcpy(r, data, size);
	if (nvc_response_rc(r, size, &rc) == 0)
		REQUIRE(size >= 10);
	if (nvc_read_value(r, size, &v) == 0) {
		REQUIRE(size >= 24);
		REQUIRE(r[0] == 0x80 && r[1] == 2);
		REQUIRE(((uint32_t)r[2] << 24 | (uint32_t)r[3] << 16 |
			 (uint32_t)r[4] << 8 | r[5]) == size);
		REQUIRE(r[14] == 0 && r[15] == NVC_SIZE);
		REQUIRE(v >> 56 == r[16] && (v & 0xff) == r[23]);
	}
	free(r);
	return 0;
}
