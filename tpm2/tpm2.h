/*
 * tpm2.h - a TPM 2.0 engine for a stub domain: libtpms (Debian's
 * libtpms.a) on OpenSSL 3.0's libcrypto (ports/openssl), with the state
 * kept where the caller says (tpm2/engine.c).
 *
 * State.  libtpms hands over its whole permanent state (NV indices,
 * persistent keys, seeds, hierarchy auth; its "permall" blob) through
 * its nvram_storedata callback, from inside the command, every time the
 * command has changed it, and only then.  The engine copies that blob
 * and, once libtpms has returned, calls ops->store with it before the
 * command's response is handed back: so a response the guest sees always
 * follows a stored state ("written after every command that changes
 * persistent state").  TPMLIB_GetState would need a call and a compare
 * after every command; the callback says exactly when.  Volatile state
 * (PCRs, sessions, loaded objects) is not stored: a vTPM that restarts
 * is a platform reset (TPM2_Startup(CLEAR)), as on real hardware.
 *
 * Start-up.  Linux's xen-tpmfront never sends TPM2_Startup, so
 * tpm2_engine_init and tpm2_engine_reset send TPM2_Startup(CLEAR)
 * themselves.  TPM 1.2 commands (tag 0x00C1, which Linux's 1.2 driver
 * sends while registering the chip) are answered by tpm2/tpm12_compat.c.
 *
 * Threads.  One thread at a time; libtpms runs with events masked
 * (<glibc_abi.h>: red zone), so a command holds the vCPU until it is
 * done (an RSA-2048 key creation can take a second or more).  The ops are
 * called with events enabled and may block (disk I/O).
 */
#ifndef TPM2_TPM2_H
#define TPM2_TPM2_H

#include <stddef.h>
#include <stdint.h>

/* Largest command and response (tpmif's 4,088 fits). */
#define TPM2_ENGINE_MAX_CMD  4096
#define TPM2_ENGINE_MAX_RESP 4096

struct tpm2_nv_ops {
	void *ctx;
	/* The stored state: *blob (malloc'd, the engine frees it) and
	 * *len; *blob = NULL, *len = 0 when nothing is stored yet (a new
	 * TPM is manufactured and stored).  0 or -errno. */
	int (*load)(void *ctx, uint8_t **blob, size_t *len);
	/* Stores the whole state blob, durably, before returning.  0 or
	 * -errno (the command's response is then withheld: -EIO). */
	int (*store)(void *ctx, const uint8_t *blob, size_t len);
};

/*
 * Loads the state (ops NULL: a fresh TPM kept in memory only), starts
 * libtpms as a TPM 2.0 and sends TPM2_Startup(CLEAR).  0 or -errno (the
 * step that failed is printed).
 */
int tpm2_engine_init(const struct tpm2_nv_ops *ops);

/*
 * Runs one command (untrusted: from the guest) of len bytes (10 ..
 * TPM2_ENGINE_MAX_CMD) and writes its response, at most resp_max bytes,
 * to resp with its length in *resp_len.  TPM errors are responses, so
 * this returns 0 for them; -EMSGSIZE for a bad length, -ENOSPC if the
 * response does not fit, -EIO if the state could not be stored or
 * libtpms failed, -ENODEV before init.
 */
int tpm2_engine_process(const uint8_t *cmd, size_t len, uint8_t *resp,
			size_t *resp_len, size_t resp_max);

/*
 * Platform reset (the frontend reconnected, the guest rebooted):
 * TPMLIB_Terminate, start again from the last stored state,
 * TPM2_Startup(CLEAR).  PCRs and sessions start fresh; NV and persistent
 * objects stay.  0 or -errno.
 */
int tpm2_engine_reset(void);

/* TPMLIB_Terminate and free everything; init may follow. */
void tpm2_engine_stop(void);

#endif
