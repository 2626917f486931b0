/*
 * nvcmd.c - the commands of nvcmd.h, byte by byte (big-endian, as on the
 * wire), and the reader of their responses.
 *
 * Trust: a response comes from the vTPM, another domain.  Its size field
 * must equal what tpmfront delivered, and every inner length (parameter
 * area, TPM2B) is checked against the bytes that are there before it is
 * used; anything else is -EBADMSG, never a value.
 */
#include <domlet/errno.h>
#include "nvcmd.h"

#define ST_NO_SESSIONS	   0x8001u
#define ST_SESSIONS	   0x8002u
#define TPM_RH_OWNER	   0x40000001u
#define TPM_RS_PW	   0x40000009u
#define TPM_ALG_SHA256	   0x000bu
#define TPM_CC_NV_DEFINE   0x0000012au
#define TPM_CC_NV_WRITE	   0x00000137u
#define TPM_CC_STARTUP	   0x00000144u
#define TPM_CC_NV_READ	   0x0000014eu
#define TPM_SU_CLEAR	   0x0000u
#define TPMA_NV_OWNERWRITE (1u << 1)
#define TPMA_NV_OWNERREAD  (1u << 17)
#define TPMA_NV_NO_DA	   (1u << 25)

struct builder {
	uint8_t *b;
	size_t n;
};

static void put8(struct builder *c, uint8_t v)
{
	if (c->n < NVC_CMD_MAX) /* never reached: the commands are fixed */
		c->b[c->n++] = v;
}

static void put16(struct builder *c, uint16_t v)
{
	put8(c, (uint8_t)(v >> 8));
	put8(c, (uint8_t)v);
}

static void put32(struct builder *c, uint32_t v)
{
	put16(c, (uint16_t)(v >> 16));
	put16(c, (uint16_t)v);
}

static void start(struct builder *c, uint8_t *cmd, uint16_t tag, uint32_t cc)
{
	c->b = cmd;
	c->n = 0;
	put16(c, tag);
	put32(c, 0); /* the size, written by end() */
	put32(c, cc);
}

/* Owner authorisation: the empty password session (TPM_RS_PW). */
static void put_owner_pw(struct builder *c)
{
	put32(c, 9); /* authorizationSize */
	put32(c, TPM_RS_PW);
	put16(c, 0); /* nonceCaller */
	put8(c, 0);  /* sessionAttributes */
	put16(c, 0); /* hmac: the empty password */
}

static size_t end(struct builder *c)
{
	c->b[2] = (uint8_t)(c->n >> 24);
	c->b[3] = (uint8_t)(c->n >> 16);
	c->b[4] = (uint8_t)(c->n >> 8);
	c->b[5] = (uint8_t)c->n;
	return c->n;
}

size_t nvc_startup_clear(uint8_t *cmd)
{
	struct builder c;

	start(&c, cmd, ST_NO_SESSIONS, TPM_CC_STARTUP);
	put16(&c, TPM_SU_CLEAR);
	return end(&c);
}

size_t nvc_define(uint8_t *cmd, uint32_t index)
{
	struct builder c;

	start(&c, cmd, ST_SESSIONS, TPM_CC_NV_DEFINE);
	put32(&c, TPM_RH_OWNER);
	put_owner_pw(&c);
	put16(&c, 0);	  /* auth: none */
	put16(&c, 14);	  /* TPM2B_NV_PUBLIC size */
	put32(&c, index); /* nvIndex */
	put16(&c, TPM_ALG_SHA256);
	/* An ordinary index (TPM_NT_ORDINARY = 0), not ORDERLY: every
	 * write reaches NV (the vTPM's disk) before it is answered. */
	put32(&c, TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD | TPMA_NV_NO_DA);
	put16(&c, 0); /* authPolicy: none */
	put16(&c, NVC_SIZE);
	return end(&c);
}

size_t nvc_write(uint8_t *cmd, uint32_t index, uint64_t value)
{
	struct builder c;

	start(&c, cmd, ST_SESSIONS, TPM_CC_NV_WRITE);
	put32(&c, TPM_RH_OWNER);
	put32(&c, index);
	put_owner_pw(&c);
	put16(&c, NVC_SIZE);
	put32(&c, (uint32_t)(value >> 32));
	put32(&c, (uint32_t)value);
	put16(&c, 0); /* offset */
	return end(&c);
}

size_t nvc_read(uint8_t *cmd, uint32_t index)
{
	struct builder c;

	start(&c, cmd, ST_SESSIONS, TPM_CC_NV_READ);
	put32(&c, TPM_RH_OWNER);
	put32(&c, index);
	put_owner_pw(&c);
	put16(&c, NVC_SIZE);
	put16(&c, 0); /* offset */
	return end(&c);
}

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int nvc_response_rc(const uint8_t *resp, size_t len, uint32_t *rc)
{
	uint32_t tag;

	if (len < 10 || get32(resp + 2) != len)
		return -EBADMSG;
	tag = get16(resp);
	if (tag != ST_NO_SESSIONS && tag != ST_SESSIONS)
		return -EBADMSG;
	*rc = get32(resp + 6);
	return 0;
}

/*
 * NV_Read's response: header (10) | parameterSize (4) | TPM2B_MAX_NV_BUFFER
 * (2 + n) | the session's response area (the rest, not needed here).
 */
int nvc_read_value(const uint8_t *resp, size_t len, uint64_t *value)
{
	uint32_t rc, params;

	if (nvc_response_rc(resp, len, &rc) || rc != TPM_RC_SUCCESS ||
	    get16(resp) != ST_SESSIONS || len < 14)
		return -EBADMSG;
	params = get32(resp + 10);
	if (params > len - 14 || params != 2 + NVC_SIZE ||
	    get16(resp + 14) != NVC_SIZE)
		return -EBADMSG;
	*value = (uint64_t)get32(resp + 16) << 32 | get32(resp + 20);
	return 0;
}

/* Format-one codes (bit 7) with the parameter bit (6) clear name a
 * handle; TPM_RC_HANDLE is error 0x0b. */
int nvc_rc_is_no_handle(uint32_t rc)
{
	return (rc & 0xc0u) == 0x80u && (rc & 0x3fu) == 0x0bu;
}

int nvc_rc_is_retry(uint32_t rc)
{
	return rc == TPM_RC_RETRY || rc == TPM_RC_YIELDED ||
	       rc == TPM_RC_TESTING || rc == TPM_RC_NV_RATE ||
	       rc == TPM_RC_NV_UNAVAILABLE;
}
