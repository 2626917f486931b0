/* blktest.h - shared pieces of the blk boot test (apps/blktest). */
#ifndef BLKTEST_H
#define BLKTEST_H

#include <domlet/kernel.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t fill;
};
void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_hex(struct sha256 *s, char out[65]); /* ends s */

#endif
