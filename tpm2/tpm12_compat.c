/*
 * tpm12_compat.c - the TPM 1.2 answers a TPM 2.0 vTPM gives Linux's TPM
 * 1.2 driver (see tpm12_compat.h for which commands and why).
 *
 * Answered: GetCapability (ordinal 101) CAP_PROPERTY for TIS_TIMEOUT,
 * TIS_DURATION, PCR count and manufacturer; Startup (153) and SaveState
 * (152) as successes (the TPM 2.0 engine is started by its own
 * TPM2_Startup and saves its state after every change); ContinueSelfTest
 * (83); PCRRead (21) of the SHA-1 bank and GetRandom (70) through the
 * backend.  Everything else: TPM_BAD_ORDINAL.
 *
 * Trusts nothing in cmd: the header's size must equal len, and each
 * ordinal's parameters must be exactly as long as it defines.
 */
#include <errno.h>
#include <string.h>
#include "tpm12_compat.h"

#define ORD_PCRREAD	      21
#define ORD_GET_RANDOM	      70
#define ORD_CONTINUE_SELFTEST 83
#define ORD_GET_CAPABILITY    101
#define ORD_SAVESTATE	      152
#define ORD_STARTUP	      153

#define CAP_PROPERTY	      5
#define CAP_PROP_PCR	      0x101
#define CAP_PROP_MANUFACTURER 0x103
#define CAP_PROP_TIS_TIMEOUT  0x115
#define CAP_PROP_TIS_DURATION 0x120

#define MAX_RANDOM 128 /* bytes per GetRandom answer */

/* Microseconds.  Timeouts: TIS A-D; durations: short, medium, long.  A
 * TPM 2.0 creating an RSA key can take seconds, so they are generous. */
static const uint32_t tis_timeouts[4] = {750000, 2000000, 750000, 750000};
static const uint32_t durations[3] = {2000000, 20000000, 120000000};

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* A response header for `body` bytes after it; returns the total. */
static int header(uint8_t *resp, uint32_t rc, size_t body)
{
	resp[0] = TPM12_TAG_RSP_COMMAND >> 8;
	resp[1] = TPM12_TAG_RSP_COMMAND & 0xff;
	put32(resp + 2, (uint32_t)(TPM12_HEADER_SIZE + body));
	put32(resp + 6, rc);
	return (int)(TPM12_HEADER_SIZE + body);
}

int tpm12_is_tpm12(const uint8_t *cmd, size_t len)
{
	uint16_t tag;

	if (!cmd || len < 2)
		return 0;
	tag = (uint16_t)(cmd[0] << 8 | cmd[1]);
	return tag >= 0x00c1 && tag <= 0x00c3;
}

/* Body: u32 size, then size bytes of values. */
static int get_capability(const uint8_t *p, size_t n, uint8_t *resp)
{
	uint8_t *b = resp + TPM12_HEADER_SIZE;
	size_t count = 0;

	if (n != 12 || get32(p + 4) != 4)
		return header(resp, TPM12_BAD_PARAM_SIZE, 0);
	if (get32(p) != CAP_PROPERTY)
		return header(resp, TPM12_BAD_PARAMETER, 0);
	switch (get32(p + 8)) {
	case CAP_PROP_TIS_TIMEOUT:
		for (; count < 4; count++)
			put32(b + 4 + 4 * count, tis_timeouts[count]);
		break;
	case CAP_PROP_TIS_DURATION:
		for (; count < 3; count++)
			put32(b + 4 + 4 * count, durations[count]);
		break;
	case CAP_PROP_PCR:
		put32(b + 4, 24);
		count = 1;
		break;
	case CAP_PROP_MANUFACTURER:
		memcpy(b + 4, "DOML", 4);
		count = 1;
		break;
	default:
		return header(resp, TPM12_BAD_PARAMETER, 0);
	}
	put32(b, (uint32_t)(4 * count));
	return header(resp, TPM12_SUCCESS, 4 + 4 * count);
}

static int pcr_read(const uint8_t *p, size_t n, uint8_t *resp,
		    const struct tpm12_backend *be)
{
	uint32_t pcr;

	if (n != 4)
		return header(resp, TPM12_BAD_PARAM_SIZE, 0);
	pcr = get32(p);
	if (pcr >= 24)
		return header(resp, TPM12_BAD_PARAMETER, 0);
	if (!be || !be->pcr_read_sha1 ||
	    be->pcr_read_sha1(be->ctx, pcr, resp + TPM12_HEADER_SIZE))
		return header(resp, TPM12_FAIL, 0);
	return header(resp, TPM12_SUCCESS, 20);
}

static int get_random(const uint8_t *p, size_t n, uint8_t *resp,
		      const struct tpm12_backend *be)
{
	uint32_t want;

	if (n != 4)
		return header(resp, TPM12_BAD_PARAM_SIZE, 0);
	want = get32(p);
	if (want > MAX_RANDOM)
		want = MAX_RANDOM; /* 1.2 allows fewer bytes than asked */
	if (want &&
	    (!be || !be->get_random ||
	     be->get_random(be->ctx, resp + TPM12_HEADER_SIZE + 4, want)))
		return header(resp, TPM12_FAIL, 0);
	put32(resp + TPM12_HEADER_SIZE, want);
	return header(resp, TPM12_SUCCESS, 4 + want);
}

int tpm12_compat_answer(const uint8_t *cmd, size_t len, uint8_t *resp,
			size_t resp_max, const struct tpm12_backend *be)
{
	const uint8_t *params = cmd + TPM12_HEADER_SIZE;
	size_t n;

	if (!tpm12_is_tpm12(cmd, len))
		return -EINVAL;
	if (!resp || resp_max < TPM12_HEADER_SIZE + 4 + MAX_RANDOM)
		return -ENOSPC;
	if (len < TPM12_HEADER_SIZE || get32(cmd + 2) != len)
		return header(resp, TPM12_BAD_PARAM_SIZE, 0);
	if (cmd[1] != (TPM12_TAG_RQU_COMMAND & 0xff))
		return header(resp, TPM12_BAD_ORDINAL, 0); /* auth sessions */
	n = len - TPM12_HEADER_SIZE;
	switch (get32(cmd + 6)) {
	case ORD_GET_CAPABILITY:
		return get_capability(params, n, resp);
	case ORD_PCRREAD:
		return pcr_read(params, n, resp, be);
	case ORD_GET_RANDOM:
		return get_random(params, n, resp, be);
	case ORD_STARTUP:
		return header(resp,
			      n == 2 ? TPM12_SUCCESS : TPM12_BAD_PARAM_SIZE, 0);
	case ORD_CONTINUE_SELFTEST:
	case ORD_SAVESTATE:
		return header(resp,
			      n == 0 ? TPM12_SUCCESS : TPM12_BAD_PARAM_SIZE, 0);
	default:
		return header(resp, TPM12_BAD_ORDINAL, 0);
	}
}
