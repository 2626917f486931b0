/*
 * tb_proto.h - the pure half of tpmback (tpmback/proto.c): reading a
 * request out of the tpmif shared page, writing a response into it, and
 * parsing the frontend's xenstore values.  No kernel calls, so host unit
 * tests and the fuzz target (tests/fuzz/fuzz_tpmback.c) compile it as is.
 *
 * Trust: the page belongs to the frontend (the guest) and may change
 * under us at any moment.  Each shared field is read once into a local,
 * the state before the rest (the frontend writes data, then length,
 * then state), and the command is copied out of the page before anyone
 * looks at it.  Xen's xen/io/tpmif.h is the protocol (version 2).
 */
#ifndef TPMBACK_TB_PROTO_H
#define TPMBACK_TB_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TB_PAGE_SIZE 4096u
/* struct tpmif_shared_page without extra pages: length(4) state(1)
 * locality(1) pad(1) nr_extra_pages(1); the packet follows at once. */
#define TB_HDR_SIZE 8u
#define TB_MAX_DATA (TB_PAGE_SIZE - TB_HDR_SIZE) /* 4088 */
/* A TPM 1.2 or 2.0 packet starts with tag(2) size(4) code(4). */
#define TB_TPM_HDR 10u

enum tb_req_kind {
	TB_REQ_NONE,	/* IDLE or FINISH: nothing asked (spurious event) */
	TB_REQ_COMMAND, /* SUBMIT: a command, copied out */
	TB_REQ_CANCEL,	/* CANCEL: nothing in progress, answer IDLE */
};

struct tb_req {
	enum tb_req_kind kind;
	uint32_t len;	  /* command bytes copied to cmd (TB_REQ_COMMAND) */
	uint8_t locality; /* as the frontend wrote it (not interpreted) */
};

/*
 * Reads the request in `page` (TB_PAGE_SIZE bytes) once.  0 with *req
 * filled and, for a command, its bytes in cmd[0..len) (cmd_max must be
 * >= TB_MAX_DATA); or -EPROTO with *why naming the violation: a state
 * outside enum tpmif_state, nr_extra_pages != 0 (we offer no multi-page
 * packets), a length shorter than a TPM header or past the page.
 */
int tb_read_request(const volatile void *page, uint8_t *cmd, size_t cmd_max,
		    struct tb_req *req, const char **why);

/* Writes resp (len <= TB_MAX_DATA, else nothing is written and -EINVAL)
 * and its length, then, behind a release fence, state FINISH. */
int tb_write_response(volatile void *page, const uint8_t *resp, size_t len);
/* Sets only the state byte (IDLE after a cancel). */
void tb_write_state(volatile void *page, uint8_t state);

/*
 * A 10-byte TPM error response to cmd (which may be any bytes): TPM 2.0's
 * TPM_RC_FAILURE when the command's tag is a 2.0 tag (0x8001/0x8002),
 * else TPM 1.2's TPM_FAIL with tag TPM_TAG_RSP_COMMAND.  Sent when the
 * TPM engine could not answer, so the frontend is never left waiting.
 */
void tb_error_response(const uint8_t *cmd, size_t len, uint8_t out[TB_TPM_HDR]);

/*
 * Whether the device instance `gen` (tpmback numbers each one it learns
 * of from 1; a device removed and re-created is a new instance) must
 * have a platform reset before it connects.  `owner` is the instance
 * the TPM's state belongs to: the last one that connected, 0 if none
 * has yet (the TPM is as it started).  Another instance is another
 * guest: reset.  The same one reconnecting (a bootloader handing over
 * to its kernel in the same domain, a driver reload) keeps the state,
 * as a real TPM does.
 */
bool tb_needs_reset(unsigned long owner, unsigned long gen);

/* Decimal, no sign, no leading zeros, <= max: 0, -EINVAL or -ERANGE. */
int tb_parse_uint(const char *s, unsigned long max, unsigned long *val);

#endif
