// SOURCES: tpm2/tpm12_compat.c
// CFLAGS: -I.
/*
 * test_tpm12_compat.c - the TPM 1.2 answers (tpm2/tpm12_compat.c) to the
 * exact commands Linux 6.1's tpm1-cmd.c builds: the two GetCapability
 * probes xen-tpmfront needs to register /dev/tpm0, PCRRead, GetRandom,
 * ContinueSelfTest, SaveState; and malformed or unknown commands.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "tpm2/tpm12_compat.h"

static uint8_t resp[512];
static int backend_fail;

static int fake_random(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0xab, len);
	return backend_fail ? -EIO : 0;
}

static int fake_pcr(void *ctx, uint32_t pcr, uint8_t d[20])
{
	(void)ctx;
	memset(d, (int)pcr, 20);
	return backend_fail ? -EIO : 0;
}

static const struct tpm12_backend be = {NULL, fake_random, fake_pcr};

static uint32_t g32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* As tpm1_getcap() builds it for a TPM_CAP_PROP subcap. */
static int getcap(uint32_t cap, uint32_t subcap)
{
	uint8_t c[22] = {0x00, 0xc1, 0, 0, 0, 22, 0, 0, 0, 101};

	c[13] = (uint8_t)cap;
	c[17] = 4;
	c[18] = (uint8_t)(subcap >> 24);
	c[19] = (uint8_t)(subcap >> 16);
	c[20] = (uint8_t)(subcap >> 8);
	c[21] = (uint8_t)subcap;
	return tpm12_compat_answer(c, sizeof(c), resp, sizeof(resp), &be);
}

TEST(timeouts_and_durations)
{
	CHECK_EQ(getcap(5, 0x115), 10 + 4 + 16);
	CHECK_EQ(g32(resp + 2), 30);
	CHECK_EQ(g32(resp + 6), 0);
	CHECK(resp[0] == 0 && resp[1] == 0xc4);
	CHECK_EQ(g32(resp + 10), 16);
	CHECK(g32(resp + 14) >= 1000); /* usec, not msec (Linux checks) */
	CHECK_EQ(getcap(5, 0x120), 10 + 4 + 12);
	CHECK_EQ(g32(resp + 10), 12);
	/* Linux rescales a short duration under HZ/100, i.e. 10 ms. */
	CHECK(g32(resp + 14) >= 10000);
	CHECK_EQ(getcap(5, 0x101), 18);
	CHECK_EQ(g32(resp + 14), 24);
	CHECK_EQ(getcap(5, 0x999), 10);
	CHECK_EQ(g32(resp + 6), TPM12_BAD_PARAMETER);
	CHECK_EQ(getcap(4, 0x108), 10); /* CAP_FLAG: not answered */
	CHECK_EQ(g32(resp + 6), TPM12_BAD_PARAMETER);
}

TEST(pcrread_getrandom_selftest)
{
	uint8_t pcr[14] = {0x00, 0xc1, 0, 0, 0, 14, 0, 0, 0, 21, 0, 0, 0, 7};
	uint8_t rnd[14] = {0x00, 0xc1, 0, 0, 0, 14, 0, 0, 0, 70, 0, 0, 1, 0};
	uint8_t st[10] = {0x00, 0xc1, 0, 0, 0, 10, 0, 0, 0, 83};
	uint8_t ss[10] = {0x00, 0xc1, 0, 0, 0, 10, 0, 0, 0, 152};

	CHECK_EQ(tpm12_compat_answer(pcr, 14, resp, sizeof(resp), &be), 30);
	CHECK_EQ(resp[10], 7);
	CHECK_EQ(resp[29], 7);
	/* 256 asked, 128 given, as TPM 1.2 allows; Linux loops. */
	CHECK_EQ(tpm12_compat_answer(rnd, 14, resp, sizeof(resp), &be),
		 10 + 4 + 128);
	CHECK_EQ(g32(resp + 10), 128);
	CHECK_EQ(tpm12_compat_answer(st, 10, resp, sizeof(resp), &be), 10);
	CHECK_EQ(g32(resp + 6), 0);
	CHECK_EQ(tpm12_compat_answer(ss, 10, resp, sizeof(resp), &be), 10);
	CHECK_EQ(g32(resp + 6), 0);
	backend_fail = 1;
	CHECK_EQ(tpm12_compat_answer(pcr, 14, resp, sizeof(resp), &be), 10);
	CHECK_EQ(g32(resp + 6), TPM12_FAIL);
	backend_fail = 0;
	pcr[13] = 24;
	CHECK_EQ(tpm12_compat_answer(pcr, 14, resp, sizeof(resp), &be), 10);
	CHECK_EQ(g32(resp + 6), TPM12_BAD_PARAMETER);
}

TEST(malformed)
{
	uint8_t c[14] = {0x00, 0xc1, 0, 0, 0, 14, 0, 0, 0, 21, 0, 0, 0, 0};
	uint8_t t2[12] = {0x80, 0x01, 0, 0, 0, 12, 0, 0, 1, 0x44, 0, 0};
	uint8_t unk[10] = {0x00, 0xc1, 0, 0, 0, 10, 0, 0, 0, 99};

	CHECK_EQ(tpm12_compat_answer(t2, 12, resp, sizeof(resp), &be), -EINVAL);
	CHECK(!tpm12_is_tpm12(t2, 12));
	CHECK_EQ(tpm12_compat_answer(c, 13, resp, sizeof(resp), &be), 10);
	CHECK_EQ(g32(resp + 6), TPM12_BAD_PARAM_SIZE);
	CHECK_EQ(tpm12_compat_answer(c, 5, resp, sizeof(resp), &be), 10);
	CHECK_EQ(tpm12_compat_answer(c, 14, resp, 20, &be), -ENOSPC);
	CHECK_EQ(tpm12_compat_answer(unk, 10, resp, sizeof(resp), &be), 10);
	CHECK_EQ(g32(resp + 6), TPM12_BAD_ORDINAL);
	c[1] = 0xc2; /* an auth session: not answered */
	CHECK_EQ(tpm12_compat_answer(c, 14, resp, sizeof(resp), &be), 10);
	CHECK_EQ(g32(resp + 6), TPM12_BAD_ORDINAL);
	CHECK_EQ(tpm12_compat_answer(c, 14, resp, sizeof(resp), NULL), 10);
}

int main(void)
{
	RUN(timeouts_and_durations);
	RUN(pcrread_getrandom_selftest);
	RUN(malformed);
	return check_failures ? 1 : 0;
}
