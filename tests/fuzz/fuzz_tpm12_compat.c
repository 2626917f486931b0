// SOURCES: tpm2/tpm12_compat.c
// CFLAGS: -I.
/*
 * fuzz_tpm12_compat.c - tpm2/tpm12_compat.c on any guest command: either
 * "not TPM 1.2" (-EINVAL) or a well-formed 1.2 response whose size field
 * equals the returned length and fits the buffer; the response buffer is
 * the smallest allowed, on the heap, so ASan sees any overrun.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tpm2/tpm12_compat.h"
#include "fuzz.h"

static int rnd(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	REQUIRE(len <= 128);
	memset(buf, 1, len);
	return 0;
}

static int pcr(void *ctx, uint32_t i, uint8_t d[20])
{
	(void)ctx;
	REQUIRE(i < 24);
	memset(d, 2, 20);
	return i == 5 ? -EIO : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tpm12_backend be = {NULL, rnd, pcr};
	size_t max = TPM12_HEADER_SIZE + 4 + 128;
	uint8_t *cmd = malloc(size ? size : 1), *resp = malloc(max);
	int n;

	memcpy(cmd, data, size);
	n = tpm12_compat_answer(cmd, size, resp, max, &be);
	if (!tpm12_is_tpm12(cmd, size)) {
		REQUIRE(n == -EINVAL);
	} else {
		REQUIRE(n >= TPM12_HEADER_SIZE && (size_t)n <= max);
		REQUIRE(resp[0] == 0 && resp[1] == 0xc4);
		REQUIRE(((uint32_t)resp[2] << 24 | (uint32_t)resp[3] << 16 |
			 (uint32_t)resp[4] << 8 | resp[5]) == (uint32_t)n);
	}
	free(cmd);
	free(resp);
	return 0;
}
