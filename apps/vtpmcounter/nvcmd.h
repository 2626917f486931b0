/*
 * nvcmd.h - the few TPM 2.0 commands apps/vtpmcounter sends (Startup,
 * NV_DefineSpace, NV_Write, NV_Read of one 8-byte ordinary NV index,
 * owner authorisation with the empty password session), built as raw
 * buffers, and a bounds-checked reader of the vTPM's responses.
 *
 * Pure code: no kernel calls, so the host unit test and fuzz target
 * (tests/unit/test_nvcmd.c, tests/fuzz/fuzz_nvcmd.c) compile it as is.
 * Errors are 0 or a negative errno (domlet/errno.h).
 */
#ifndef VTPMCOUNTER_NVCMD_H
#define VTPMCOUNTER_NVCMD_H

#include <stddef.h>
#include <stdint.h>

/* The counter's NV index (owner range) and its size. */
#define NVC_INDEX 0x01500016u
#define NVC_SIZE  8u

/* The largest command built here; callers give buffers this big. */
#define NVC_CMD_MAX 64u

/* TPM 2.0 response codes the client acts on (TPM 2.0 Part 2, 6.6.3). */
#define TPM_RC_SUCCESS		0x000u
#define TPM_RC_INITIALIZE	0x100u /* no TPM2_Startup yet */
#define TPM_RC_NV_UNINITIALIZED 0x14au /* defined, never written */
#define TPM_RC_NV_DEFINED	0x14cu
#define TPM_RC_YIELDED		0x908u
#define TPM_RC_TESTING		0x90au
#define TPM_RC_NV_RATE		0x920u
#define TPM_RC_RETRY		0x922u
#define TPM_RC_NV_UNAVAILABLE	0x923u

/* Each builder fills cmd (NVC_CMD_MAX bytes) and returns its length. */
size_t nvc_startup_clear(uint8_t *cmd);
size_t nvc_define(uint8_t *cmd, uint32_t index);
size_t nvc_write(uint8_t *cmd, uint32_t index, uint64_t value);
size_t nvc_read(uint8_t *cmd, uint32_t index);

/*
 * The response header: a TPM 2.0 tag, a size field equal to len (>= 10).
 * 0 with *rc set, or -EBADMSG.
 */
int nvc_response_rc(const uint8_t *resp, size_t len, uint32_t *rc);
/*
 * A successful NV_Read of NVC_SIZE bytes: header as above with rc 0,
 * tag with sessions, the parameter area inside the response and holding
 * exactly a TPM2B of NVC_SIZE bytes.  0 with *value (big-endian on the
 * TPM), or -EBADMSG.
 */
int nvc_read_value(const uint8_t *resp, size_t len, uint64_t *value);

/* rc says "the handle does not exist" (TPM_RC_HANDLE on any handle). */
int nvc_rc_is_no_handle(uint32_t rc);
/* rc is a warning after which the same command should simply be sent
 * again (TPM_RC_RETRY, _YIELDED, _TESTING, _NV_RATE, _NV_UNAVAILABLE). */
int nvc_rc_is_retry(uint32_t rc);

#endif
