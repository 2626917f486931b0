/*
 * tpm12_compat.h - answers to the TPM 1.2 commands Linux's TPM 1.2 driver
 * sends a vTPM (tpm2/tpm12_compat.c).
 *
 * Linux's xen-tpmfront registers a TPM 1.2 chip: at probe (6.1:
 * tpm_get_timeouts, drivers/char/tpm/tpm1-cmd.c) it sends
 * TPM_GetCapability(TPM_CAP_PROPERTY, TIS_TIMEOUT) and (..., TIS_DURATION)
 * with tag 0x00C1 and fails the probe, with no /dev/tpm0, unless both
 * succeed.  Its hwrng reads TPM_GetRandom, suspend sends TPM_SaveState,
 * sysfs files PCRRead and a few more capabilities.  A TPM 2.0 answers
 * every 0x00C1 command with TPM_RC_BAD_TAG, so the engine answers these
 * itself; tpm2-tools never send tag 0x00C1.
 *
 * Pure: the command is untrusted (it comes from the guest) and every
 * field is checked; host-tested and fuzzed.
 */
#ifndef TPM2_TPM12_COMPAT_H
#define TPM2_TPM12_COMPAT_H

#include <stddef.h>
#include <stdint.h>

#define TPM12_TAG_RQU_COMMAND 0x00c1
#define TPM12_TAG_RSP_COMMAND 0x00c4
#define TPM12_HEADER_SIZE     10

/* TPM 1.2 return codes used here (TPM Main Part 2, section 16). */
#define TPM12_SUCCESS	     0
#define TPM12_BAD_PARAMETER  3
#define TPM12_FAIL	     9
#define TPM12_BAD_ORDINAL    10
#define TPM12_BAD_PARAM_SIZE 25
#define TPM12_BADTAG	     30

/* What the answers need from the TPM 2.0 behind them. */
struct tpm12_backend {
	void *ctx;
	/* len random bytes into buf (len <= 128).  0 or -errno. */
	int (*get_random)(void *ctx, uint8_t *buf, size_t len);
	/* PCR pcr (< 24) of the SHA-1 bank.  0 or -errno. */
	int (*pcr_read_sha1)(void *ctx, uint32_t pcr, uint8_t digest[20]);
};

/* True if cmd (len bytes) carries a TPM 1.2 request tag (0x00C1-0x00C3). */
int tpm12_is_tpm12(const uint8_t *cmd, size_t len);

/*
 * The answer to the TPM 1.2 command cmd (len bytes) in resp (at most
 * resp_max bytes, >= 64): its length, or -EINVAL if cmd is not a TPM 1.2
 * command, -ENOSPC if resp_max is too small.  Unsupported ordinals get
 * TPM_BAD_ORDINAL, malformed ones TPM_BAD_PARAM_SIZE or
 * TPM_BAD_PARAMETER, a failing backend TPM_FAIL: a response is always
 * written when the result is positive.
 */
int tpm12_compat_answer(const uint8_t *cmd, size_t len, uint8_t *resp,
			size_t resp_max, const struct tpm12_backend *be);

#endif
