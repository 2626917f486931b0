/*
 * tpm2test.h - what apps/tpm2test's files share: the commands
 * (tpmcmds.c) and the in-memory state store.
 */
#ifndef TPM2TEST_H
#define TPM2TEST_H

#include <stddef.h>
#include <stdint.h>
#include "tpm2/tpm2.h"
#include "cmd.h"

extern uint8_t resp[TPM2_ENGINE_MAX_RESP]; /* the last response */
extern size_t rlen;
extern unsigned stores;	 /* calls of the store hook */
extern unsigned retries; /* TPM_RC_RETRY answers resent */
extern const struct tpm2_nv_ops mem_ops;

double now(void);
/* Each: the TPM response code, or -1 if the engine or the answer failed. */
long tpm_send(struct cmd *c);
long get_random(uint16_t n);
long pcr_extend(uint32_t pcr, const uint8_t digest[32]);
long pcr_read(uint32_t pcr, uint8_t out[32]);
long create_primary(int ecc, uint32_t *handle);
long sign(uint32_t key, const uint8_t digest[32], uint8_t *sig, size_t *sig_len,
	  size_t sig_max);
long verify(uint32_t key, const uint8_t digest[32], const uint8_t *sig,
	    size_t sig_len);
long flush_context(uint32_t handle);

#endif
