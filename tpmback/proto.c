/*
 * proto.c - tpmback's pure protocol code (tb_proto.h): the shared page's
 * request and response, and strict xenstore number parsing.
 *
 * Trust: everything in the page is the frontend's and may change while
 * we read it; see tb_proto.h.  Only locals decide anything here.
 */
#include <domlet/errno.h>
#include <stdbool.h>
#include <string.h>
#include "tpmback/tb_proto.h"

/* enum tpmif_state (xen/io/tpmif.h), spelled out so host code needs no
 * Xen headers. */
#define ST_IDLE	  0
#define ST_SUBMIT 1
#define ST_FINISH 2
#define ST_CANCEL 3

/* Field offsets of struct tpmif_shared_page. */
#define OFF_LENGTH   0
#define OFF_STATE    4
#define OFF_LOCALITY 5
#define OFF_NR_EXTRA 7

static uint8_t rd8(const volatile void *page, size_t off)
{
	return ((const volatile uint8_t *)page)[off];
}

/* The length is one aligned 32-bit load, so it cannot tear. */
static uint32_t rd32(const volatile void *page, size_t off)
{
	return *(const volatile uint32_t *)((const volatile uint8_t *)page +
					    off);
}

int tb_read_request(const volatile void *page, uint8_t *cmd, size_t cmd_max,
		    struct tb_req *req, const char **why)
{
	uint8_t state, nr_extra;
	uint32_t len;

	req->kind = TB_REQ_NONE;
	req->len = 0;
	req->locality = 0;
	*why = NULL;
	state = rd8(page, OFF_STATE);
	if (state == ST_IDLE || state == ST_FINISH)
		return 0;
	if (state == ST_CANCEL) {
		req->kind = TB_REQ_CANCEL;
		return 0;
	}
	if (state != ST_SUBMIT) {
		*why = "state is not one of IDLE/SUBMIT/FINISH/CANCEL";
		return -EPROTO;
	}
	/* The frontend wrote length and data before SUBMIT: read them only
	 * after the state (pairs with its write barrier). */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	nr_extra = rd8(page, OFF_NR_EXTRA);
	len = rd32(page, OFF_LENGTH);
	req->locality = rd8(page, OFF_LOCALITY);
	if (nr_extra != 0) {
		*why = "nr_extra_pages is not 0 (multi-page packets are not "
		       "offered)";
		return -EPROTO;
	}
	if (len < TB_TPM_HDR) {
		*why = "command length is shorter than a TPM header";
		return -EPROTO;
	}
	if (len > TB_MAX_DATA || len > cmd_max) {
		*why = "command length runs past the shared page";
		return -EPROTO;
	}
	/* One copy out of shared memory; only the copy is used. */
	memcpy(cmd, (const uint8_t *)page + TB_HDR_SIZE, len);
	req->kind = TB_REQ_COMMAND;
	req->len = len;
	return 0;
}

int tb_write_response(volatile void *page, const uint8_t *resp, size_t len)
{
	volatile uint8_t *p = page;

	if (len > TB_MAX_DATA)
		return -EINVAL;
	memcpy((uint8_t *)p + TB_HDR_SIZE, resp, len);
	*(volatile uint32_t *)(p + OFF_LENGTH) = (uint32_t)len;
	/* The frontend reads the response once it sees FINISH. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	p[OFF_STATE] = ST_FINISH;
	return 0;
}

void tb_write_state(volatile void *page, uint8_t state)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	((volatile uint8_t *)page)[OFF_STATE] = state;
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, (uint16_t)(v >> 16));
	put_be16(p + 2, (uint16_t)v);
}

void tb_error_response(const uint8_t *cmd, size_t len, uint8_t out[TB_TPM_HDR])
{
	uint16_t tag = len >= 2 ? (uint16_t)(cmd[0] << 8 | cmd[1]) : 0;
	/* TPM_ST_NO_SESSIONS/TPM_ST_SESSIONS: a TPM 2.0 command. */
	bool v2 = tag == 0x8001 || tag == 0x8002;

	put_be16(out, v2 ? 0x8001 : 0x00c4); /* TPM_TAG_RSP_COMMAND */
	put_be32(out + 2, TB_TPM_HDR);
	put_be32(out + 6, v2 ? 0x101 : 0x9); /* TPM_RC_FAILURE / TPM_FAIL */
}

int tb_parse_uint(const char *s, unsigned long max, unsigned long *val)
{
	unsigned long v = 0;
	const char *p;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -EINVAL;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		if (v > (max - (unsigned long)(*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*val = v;
	return 0;
}

bool tb_needs_reset(unsigned long owner, unsigned long gen)
{
	return owner != 0 && owner != gen;
}
