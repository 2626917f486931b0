/*
 * engine.c - libtpms as a TPM 2.0 behind tpm2.h: start-up, the NVRAM
 * callbacks, one command at a time with events masked, the state handed
 * to the caller's store hook after each command that changed it.
 *
 * Trusts libtpms and the stored state (the caller's store checks its own
 * integrity: vtpmstate/); the command comes from the guest and only its
 * length is checked here: libtpms parses it.  Answers libtpms gives our
 * own commands (Startup, GetRandom, PCR_Read) are still checked before
 * use.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libtpms/tpm_error.h>
#include <libtpms/tpm_library.h>
#include <libtpms/tpm_nvfilename.h>
#include <glibc_abi.h>
#include "tpm2/tpm12_compat.h"
#include "tpm2/tpm2.h"

#define TPM2_RC_INITIALIZE 0x100 /* Startup when already started */

static struct {
	bool up;
	bool have_ops;
	struct tpm2_nv_ops ops;
	uint8_t *state; /* the last permall blob libtpms gave (or loaded) */
	size_t state_len;
	bool dirty;	     /* state not yet handed to ops.store */
	bool nomem;	     /* storedata could not copy: state lost */
	unsigned char *rbuf; /* libtpms's response buffer, reused */
	uint32_t rbuf_size;
	unsigned char cmd[TPM2_ENGINE_MAX_CMD];
} eng;

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* ---- libtpms callbacks (run with events masked: no blocking) ---- */

static TPM_RESULT cb_nvram_init(void)
{
	return TPM_SUCCESS;
}

static TPM_RESULT cb_load(unsigned char **data, uint32_t *length,
			  uint32_t tpm_number, const char *name)
{
	(void)tpm_number;
	if (strcmp(name, TPM_PERMANENT_ALL_NAME) || !eng.state_len)
		return TPM_RETRY; /* "no such blob": a new TPM */
	*data = malloc(eng.state_len);
	if (!*data)
		return TPM_FAIL;
	memcpy(*data, eng.state, eng.state_len);
	*length = (uint32_t)eng.state_len;
	return TPM_SUCCESS;
}

static TPM_RESULT cb_store(const unsigned char *data, uint32_t length,
			   uint32_t tpm_number, const char *name)
{
	uint8_t *copy;

	(void)tpm_number;
	if (strcmp(name, TPM_PERMANENT_ALL_NAME))
		return TPM_SUCCESS; /* volatile state: not kept (see tpm2.h) */
	copy = malloc(length ? length : 1);
	if (!copy) {
		eng.nomem = true;
		return TPM_FAIL;
	}
	memcpy(copy, data, length);
	free(eng.state);
	eng.state = copy;
	eng.state_len = length;
	eng.dirty = true;
	return TPM_SUCCESS;
}

static TPM_RESULT cb_delete(uint32_t tpm_number, const char *name,
			    TPM_BOOL must_exist)
{
	(void)tpm_number;
	(void)name;
	(void)must_exist;
	return TPM_SUCCESS;
}

static struct libtpms_callbacks callbacks = {
    .sizeOfStruct = sizeof(struct libtpms_callbacks),
    .tpm_nvram_init = cb_nvram_init,
    .tpm_nvram_loaddata = cb_load,
    .tpm_nvram_storedata = cb_store,
    .tpm_nvram_deletename = cb_delete,
};

/* ---- running commands ---- */

/* Hands a changed state to the store hook; events are enabled here. */
static int flush_state(void)
{
	int rc;

	if (eng.nomem) {
		printf("tpm2: out of memory copying the TPM state\n");
		return -EIO;
	}
	if (!eng.dirty || !eng.have_ops)
		return 0;
	rc = eng.ops.store(eng.ops.ctx, eng.state, eng.state_len);
	if (rc) {
		printf("tpm2: storing the TPM state (%zu bytes) failed: %d\n",
		       eng.state_len, rc);
		return -EIO;
	}
	eng.dirty = false;
	return 0;
}

/* cmd (len <= TPM2_ENGINE_MAX_CMD) through libtpms; the response is in
 * eng.rbuf, *rlen bytes (at least a header). */
static int run_raw(const uint8_t *cmd, size_t len, uint32_t *rlen)
{
	unsigned long flags;
	TPM_RESULT rc;

	memcpy(eng.cmd, cmd, len);
	*rlen = 0;
	flags = glibc_abi_enter();
	rc = TPMLIB_Process(&eng.rbuf, rlen, &eng.rbuf_size, eng.cmd,
			    (uint32_t)len);
	glibc_abi_leave(flags);
	if (rc != TPM_SUCCESS || *rlen < 10 || *rlen > eng.rbuf_size) {
		printf("tpm2: TPMLIB_Process failed: %#x\n", (unsigned)rc);
		return -EIO;
	}
	return flush_state();
}

/* Our own command: its TPM response code, or -errno. */
static long run_own(const uint8_t *cmd, size_t len, uint32_t *rlen)
{
	int rc = run_raw(cmd, len, rlen);

	return rc ? rc : (long)get32(eng.rbuf + 6);
}

static int startup_clear(void)
{
	static const uint8_t cmd[12] = {0x80, 0x01, 0, 0,    0, 12,
					0,    0,    1, 0x44, 0, 0};
	uint32_t rlen;
	long rc = run_own(cmd, sizeof(cmd), &rlen);

	if (rc != 0 && rc != TPM2_RC_INITIALIZE) {
		printf("tpm2: TPM2_Startup(CLEAR) failed: %#lx\n", rc);
		return rc < 0 ? (int)rc : -EIO;
	}
	return 0;
}

/* ---- the TPM 1.2 answers' backend ---- */

static int be_random(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t cmd[12] = {0x80, 0x01, 0, 0,	0, 12,
			   0,	 0,    1, 0x7b, 0, (uint8_t)len};
	uint32_t rlen;

	(void)ctx;
	if (len > 128 || run_own(cmd, sizeof(cmd), &rlen) != 0 ||
	    rlen < 12 + len ||
	    ((size_t)eng.rbuf[10] << 8 | eng.rbuf[11]) != len)
		return -EIO;
	memcpy(buf, eng.rbuf + 12, len);
	return 0;
}

static int be_pcr_sha1(void *ctx, uint32_t pcr, uint8_t digest[20])
{
	/* TPM2_PCR_Read: one selection, SHA-1 (0x0004), 3 bitmap bytes. */
	uint8_t cmd[20] = {0x80, 0x01, 0, 0, 0, 20, 0, 0, 1, 0x7e,
			   0,	 0,    0, 1, 0, 4,  3, 0, 0, 0};
	uint32_t rlen;

	(void)ctx;
	if (pcr >= 24)
		return -EINVAL;
	cmd[17 + pcr / 8] = (uint8_t)(1u << (pcr % 8));
	/* header, update counter, the selection echoed (10), count, size */
	if (run_own(cmd, sizeof(cmd), &rlen) != 0 || rlen < 50 ||
	    get32(eng.rbuf + 24) != 1 || eng.rbuf[28] != 0 ||
	    eng.rbuf[29] != 20)
		return -EIO;
	memcpy(digest, eng.rbuf + 30, 20);
	return 0;
}

static const struct tpm12_backend tpm12_be = {NULL, be_random, be_pcr_sha1};

/* ---- the API ---- */

static int start(void)
{
	unsigned long flags;
	TPM_RESULT rc;
	const char *step = "TPMLIB_ChooseTPMVersion";

	flags = glibc_abi_enter();
	rc = TPMLIB_ChooseTPMVersion(TPMLIB_TPM_VERSION_2);
	if (rc == TPM_SUCCESS) {
		step = "TPMLIB_RegisterCallbacks";
		rc = TPMLIB_RegisterCallbacks(&callbacks);
	}
	if (rc == TPM_SUCCESS) {
		step = "TPMLIB_MainInit";
		rc = TPMLIB_MainInit();
	}
	glibc_abi_leave(flags);
	if (rc != TPM_SUCCESS) {
		printf("tpm2: %s failed: %#x\n", step, (unsigned)rc);
		return -EIO;
	}
	eng.up = true;
	if (flush_state()) /* a new TPM's first state */
		return -EIO;
	return startup_clear();
}

int tpm2_engine_init(const struct tpm2_nv_ops *ops)
{
	uint8_t *blob = NULL;
	size_t len = 0;
	int rc;

	if (eng.up)
		return -EBUSY;
	rc = glibc_abi_init();
	if (rc)
		return rc;
	eng.have_ops = ops && ops->load && ops->store;
	if (eng.have_ops) {
		eng.ops = *ops;
		rc = eng.ops.load(eng.ops.ctx, &blob, &len);
		if (rc) {
			printf("tpm2: loading the TPM state failed: %d\n", rc);
			return rc;
		}
	}
	free(eng.state);
	eng.state = blob;
	eng.state_len = blob ? len : 0;
	eng.dirty = eng.nomem = false;
	return start();
}

int tpm2_engine_process(const uint8_t *cmd, size_t len, uint8_t *resp,
			size_t *resp_len, size_t resp_max)
{
	uint32_t rlen;
	int rc;

	if (!eng.up)
		return -ENODEV;
	if (!cmd || !resp || !resp_len)
		return -EINVAL;
	if (len < 10 || len > TPM2_ENGINE_MAX_CMD)
		return -EMSGSIZE;
	if (tpm12_is_tpm12(cmd, len)) {
		rc = tpm12_compat_answer(cmd, len, resp, resp_max, &tpm12_be);
		if (rc < 0)
			return rc;
		*resp_len = (size_t)rc;
		return 0;
	}
	rc = flush_state(); /* a store that failed before: retry first */
	if (!rc)
		rc = run_raw(cmd, len, &rlen);
	if (rc)
		return rc;
	if (rlen > resp_max)
		return -ENOSPC;
	memcpy(resp, eng.rbuf, rlen);
	*resp_len = rlen;
	return 0;
}

int tpm2_engine_reset(void)
{
	unsigned long flags;

	if (eng.up) {
		if (flush_state())
			return -EIO;
		flags = glibc_abi_enter();
		TPMLIB_Terminate();
		glibc_abi_leave(flags);
		eng.up = false;
	}
	return start();
}

void tpm2_engine_stop(void)
{
	unsigned long flags;

	if (eng.up) {
		flags = glibc_abi_enter();
		TPMLIB_Terminate();
		glibc_abi_leave(flags);
		eng.up = false;
	}
	free(eng.state);
	free(eng.rbuf);
	eng.state = eng.rbuf = NULL;
	eng.state_len = 0;
	eng.rbuf_size = 0;
}
