/*
 * tpmcmds.c - the TPM 2.0 commands apps/tpm2test sends through
 * tpm2_engine_process, as a guest would (raw buffers), and the in-memory
 * store hook that stands in for the vTPM's disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tpm2/tpm2.h"
#include "tpm2test.h"

uint8_t resp[TPM2_ENGINE_MAX_RESP];
size_t rlen;

/* The in-memory "disk" of the store hook. */
static uint8_t *saved;
static size_t saved_len;
unsigned stores;
unsigned retries;

int mem_load(void *ctx, uint8_t **blob, size_t *len)
{
	(void)ctx;
	*blob = NULL;
	*len = 0;
	if (saved_len) {
		*blob = malloc(saved_len);
		if (!*blob)
			return -1;
		memcpy(*blob, saved, saved_len);
		*len = saved_len;
	}
	return 0;
}

int mem_store(void *ctx, const uint8_t *blob, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	(void)ctx;
	if (!p)
		return -1;
	memcpy(p, blob, len);
	free(saved);
	saved = p;
	saved_len = len;
	stores++;
	return 0;
}

const struct tpm2_nv_ops mem_ops = {NULL, mem_load, mem_store};

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Sends c; the TPM's response code, or -1 (printed) if the engine failed.
 * TPM_RC_RETRY (0x922: the command did not run, e.g. while the TPM tests
 * an algorithm on its first use) is resent, as the TSS does.
 */
long tpm_send(struct cmd *c)
{
	size_t len = cmd_end(c);
	long rc;

	for (int tries = 0; tries < 5; tries++) {
		int err =
		    tpm2_engine_process(c->b, len, resp, &rlen, sizeof(resp));

		if (err) {
			printf("tpm2test: engine error %d\n", err);
			return -1;
		}
		if (rlen < 10 || get32(resp + 2) != rlen) {
			printf("tpm2test: bad response length %zu\n", rlen);
			return -1;
		}
		rc = (long)get32(resp + 6);
		if (rc != 0x922)
			return rc;
		retries++;
	}
	return rc;
}

long get_random(uint16_t n)
{
	struct cmd c;

	cmd_start(&c, ST_NO_SESSIONS, 0x17b);
	put16(&c, n);
	return tpm_send(&c);
}

long pcr_extend(uint32_t pcr, const uint8_t digest[32])
{
	struct cmd c;

	cmd_start(&c, ST_SESSIONS, 0x182);
	put32(&c, pcr);
	put_pw_session(&c);
	put32(&c, 1);	   /* one digest */
	put16(&c, 0x000b); /* SHA-256 */
	putb(&c, digest, 32);
	return tpm_send(&c);
}

/* The SHA-256 bank's PCR pcr into out. */
long pcr_read(uint32_t pcr, uint8_t out[32])
{
	struct cmd c;
	long rc;

	cmd_start(&c, ST_NO_SESSIONS, 0x17e);
	put32(&c, 1);
	put16(&c, 0x000b);
	put8(&c, 3);
	put8(&c, pcr < 8 ? 1u << pcr : 0);
	put8(&c, pcr >= 8 && pcr < 16 ? 1u << (pcr - 8) : 0);
	put8(&c, pcr >= 16 ? 1u << (pcr - 16) : 0);
	rc = tpm_send(&c);
	if (rc == 0 &&
	    (rlen < 62 || get32(resp + 24) != 1 || get16(resp + 28) != 32))
		return -1;
	if (rc == 0)
		memcpy(out, resp + 30, 32);
	return rc;
}

/* CreatePrimary under the owner: RSA-2048 RSASSA or ECC P-256 ECDSA,
 * both SHA-256 signing keys; *handle on success. */
long create_primary(int ecc, uint32_t *handle)
{
	struct cmd c;
	long rc;

	cmd_start(&c, ST_SESSIONS, 0x131);
	put32(&c, RH_OWNER);
	put_pw_session(&c);
	put16(&c, 4); /* inSensitive: empty auth and data */
	put32(&c, 0);
	put16(&c, 24);			  /* inPublic's size */
	put16(&c, ecc ? 0x0023 : 0x0001); /* ECC / RSA */
	put16(&c, 0x000b);		  /* nameAlg SHA-256 */
	put32(&c, 0x00040072);		  /* fixedTPM|fixedParent|
					     sensitiveDataOrigin|
					     userWithAuth|sign */
	put16(&c, 0);			  /* no policy */
	put16(&c, 0x0010);		  /* symmetric: none */
	put16(&c, ecc ? 0x0018 : 0x0014); /* ECDSA / RSASSA */
	put16(&c, 0x000b);		  /* with SHA-256 */
	if (ecc) {
		put16(&c, 0x0003); /* NIST P-256 */
		put16(&c, 0x0010); /* no KDF */
		put16(&c, 0);	   /* unique x */
		put16(&c, 0);	   /* unique y */
	} else {
		put16(&c, 2048);
		put32(&c, 0); /* default exponent */
		put16(&c, 0); /* unique */
	}
	put16(&c, 0); /* outsideInfo */
	put32(&c, 0); /* no creation PCRs */
	rc = tpm_send(&c);
	if (rc == 0)
		*handle = get32(resp + 10);
	return rc;
}

/* Signs digest with key; the TPMT_SIGNATURE is copied to sig/sig_len. */
long sign(uint32_t key, const uint8_t digest[32], uint8_t *sig, size_t *sig_len,
	  size_t sig_max)
{
	struct cmd c;
	long rc;
	uint32_t n;

	cmd_start(&c, ST_SESSIONS, 0x15d);
	put32(&c, key);
	put_pw_session(&c);
	put16(&c, 32);
	putb(&c, digest, 32);
	put16(&c, 0x0010);     /* the key's scheme */
	put16(&c, 0x8024);     /* TPM_ST_HASHCHECK */
	put32(&c, 0x40000007); /* TPM_RH_NULL: no ticket */
	put16(&c, 0);
	rc = tpm_send(&c);
	if (rc != 0)
		return rc;
	n = get32(resp + 10); /* parameterSize */
	if (n > sig_max || 14 + (size_t)n > rlen)
		return -1;
	memcpy(sig, resp + 14, n);
	*sig_len = n;
	return 0;
}

long verify(uint32_t key, const uint8_t digest[32], const uint8_t *sig,
	    size_t sig_len)
{
	struct cmd c;

	cmd_start(&c, ST_NO_SESSIONS, 0x177);
	put32(&c, key);
	put16(&c, 32);
	putb(&c, digest, 32);
	putb(&c, sig, sig_len);
	return tpm_send(&c);
}

long flush_context(uint32_t handle)
{
	struct cmd c;

	cmd_start(&c, ST_NO_SESSIONS, 0x165);
	put32(&c, handle);
	return tpm_send(&c);
}
