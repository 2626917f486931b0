/*
 * tpm2test - the TPM 2.0 engine (tpm2/: libtpms + OpenSSL's libcrypto)
 * on domlet: start-up with the self-sent TPM2_Startup, GetRandom,
 * PCR_Extend/PCR_Read against a SHA-256 computed here with OpenSSL,
 * RSA-2048 and ECC P-256 primary keys with Sign and VerifySignature
 * (and a refused forgery), NV define/write/read, the state kept by an
 * in-memory store hook and read back after a platform reset, and the
 * TPM 1.2 probe answers Linux's xen-tpmfront needs.  Then rates for the
 * benchmark: GetRandom, PCR_Extend, RSA and ECC sign, in commands per
 * second ("tpm2test: rate NAME N/s").  One verdict line.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/sha.h>
#include <domlet_app.h>
#include <glibc_abi.h>
#include "tpm2test.h"

#define NV_INDEX 0x01500001u
#define PCR	 16 /* resettable, starts at zero */

static const char nv_data[] = "domlet vTPM NV test, 32 bytes..";

/* ports/openssl is no-asm C built with -mno-red-zone, so masking is not
 * needed; kept so the test stays right if the port gains its assembly. */
static void sha256(const void *p, size_t n, uint8_t out[32])
{
	unsigned long f = glibc_abi_enter();

	SHA256(p, n, out);
	glibc_abi_leave(f);
}

static long nv_define(void)
{
	struct cmd c;

	cmd_start(&c, ST_SESSIONS, 0x12a);
	put32(&c, RH_OWNER);
	put_pw_session(&c);
	put16(&c, 0);  /* the index's auth: empty */
	put16(&c, 14); /* TPM2B_NV_PUBLIC */
	put32(&c, NV_INDEX);
	put16(&c, 0x000b);
	put32(&c, 0x02060006); /* owner/auth write and read, no DA */
	put16(&c, 0);
	put16(&c, 32);
	return tpm_send(&c);
}

static long nv_rw(int write)
{
	struct cmd c;

	cmd_start(&c, ST_SESSIONS, write ? 0x137 : 0x14e);
	put32(&c, NV_INDEX); /* authHandle: the index itself */
	put32(&c, NV_INDEX);
	put_pw_session(&c);
	if (write) {
		put16(&c, 32);
		putb(&c, nv_data, 32);
	} else {
		put16(&c, 32);
	}
	put16(&c, 0); /* offset */
	return tpm_send(&c);
}

static bool nv_read_matches(void)
{
	return nv_rw(0) == 0 && rlen >= 48 && get16(resp + 14) == 32 &&
	       !memcmp(resp + 16, nv_data, 32);
}

static void test_pcr(void)
{
	uint8_t digest[32], buf[64], want[32], got[32];

	sha256("domlet", 6, digest);
	app_check(pcr_read(PCR, got) == 0, "pcr read", "rc");
	memset(buf, 0, 32);
	app_check(!memcmp(got, buf, 32), "pcr starts zero", "not zero");
	app_check(pcr_extend(PCR, digest) == 0, "pcr extend", "rc");
	memcpy(buf + 32, digest, 32);
	sha256(buf, 64, want);
	app_check(pcr_read(PCR, got) == 0 && !memcmp(got, want, 32),
		  "pcr value = SHA-256(0^32 || digest)", "mismatch");
}

static void test_key(int ecc, const char *name)
{
	uint8_t digest[32], sig[600];
	size_t sig_len = 0;
	uint32_t key = 0;
	double t = now();
	long rc = create_primary(ecc, &key);
	char what[64];

	snprintf(what, sizeof(what), "%s createprimary (%.2f s)", name,
		 now() - t);
	if (!app_check(rc == 0, what, "rc %#lx", rc))
		return;
	sha256(name, strlen(name), digest);
	rc = sign(key, digest, sig, &sig_len, sizeof(sig));
	snprintf(what, sizeof(what), "%s sign", name);
	app_check(rc == 0, what, "rc %#lx", rc);
	snprintf(what, sizeof(what), "%s verifysignature", name);
	app_check(verify(key, digest, sig, sig_len) == 0, what, "refused");
	digest[0] ^= 1;
	snprintf(what, sizeof(what), "%s forgery refused", name);
	app_check(verify(key, digest, sig, sig_len) > 0, what, "accepted");
	flush_context(key);
}

static void test_nv_and_reset(void)
{
	unsigned before = stores;
	uint8_t got[32], zero[32] = {0};

	app_check(get_random(16) == 0 && stores == before,
		  "no store after GetRandom", "stored");
	app_check(nv_define() == 0 && stores > before, "nv define (stored)",
		  "rc or no store");
	app_check(nv_rw(1) == 0, "nv write", "rc");
	app_check(nv_read_matches(), "nv read", "data differs");
	app_check(tpm2_engine_reset() == 0, "platform reset", "failed");
	app_check(nv_read_matches(), "nv read after reset", "lost");
	app_check(pcr_read(PCR, got) == 0 && !memcmp(got, zero, 32),
		  "pcr zero after reset", "kept");
}

static void test_tpm12(void)
{
	static const uint8_t timeouts[22] = {0x00, 0xc1, 0, 0, 0, 22,  0, 0,
					     0,	   101,	 0, 0, 0, 5,   0, 0,
					     0,	   4,	 0, 0, 1, 0x15};
	static const uint8_t pcr0[14] = {0x00, 0xc1, 0,	 0, 0, 14, 0,
					 0,    0,    21, 0, 0, 0,  0};
	int rc = tpm2_engine_process(timeouts, sizeof(timeouts), resp, &rlen,
				     sizeof(resp));

	app_check(rc == 0 && rlen == 30 && get32(resp + 6) == 0 &&
		      get32(resp + 10) == 16,
		  "tpm1.2 GetCapability TIS_TIMEOUT", "rc %d len %zu", rc,
		  rlen);
	rc = tpm2_engine_process(pcr0, sizeof(pcr0), resp, &rlen, sizeof(resp));
	app_check(rc == 0 && rlen == 30 && get32(resp + 6) == 0,
		  "tpm1.2 PCRRead (SHA-1 bank)", "rc %d len %zu rc12 %u", rc,
		  rlen, rlen >= 10 ? get32(resp + 6) : 0);
}

/* Runs one command kind for about `secs` (at least 3 times). */
static void rate(const char *name, long (*op)(void *), void *arg, double secs)
{
	double t0 = now(), t;
	unsigned n = 0;
	long rc = 0;

	do {
		rc = op(arg);
		n++;
		t = now() - t0;
	} while (rc == 0 && (t < secs || n < 3));
	if (app_check(rc == 0, name, "rc %#lx after %u", rc, n))
		printf("tpm2test: rate %s %.1f/s (%u in %.2f s)\n", name, n / t,
		       n, t);
}

static long op_random(void *arg)
{
	(void)arg;
	return get_random(32);
}

static long op_extend(void *arg)
{
	return pcr_extend(PCR, arg);
}

static long op_sign(void *arg)
{
	static const uint8_t digest[32] = {1, 2, 3};
	uint8_t sig[600];
	size_t n;

	return sign(*(uint32_t *)arg, digest, sig, &n, sizeof(sig));
}

static void rates(void)
{
	uint8_t digest[32] = {7};
	uint32_t rsa = 0, ecc = 0;

	rate("getrandom", op_random, NULL, 3);
	rate("pcrextend", op_extend, digest, 3);
	if (create_primary(0, &rsa) == 0)
		rate("rsa2048-sign", op_sign, &rsa, 5);
	if (create_primary(1, &ecc) == 0)
		rate("eccp256-sign", op_sign, &ecc, 5);
}

int main(void)
{
	double t = now();
	int rc;

	app_test_begin("tpm2test");
	rc = tpm2_engine_init(&mem_ops);
	printf("tpm2test: engine up in %.2f s, state %u stores\n", now() - t,
	       stores);
	if (!app_check(rc == 0, "engine init + TPM2_Startup", "%d", rc))
		return app_verdict();
	app_check(get_random(32) == 0 && rlen == 44 && get16(resp + 10) == 32,
		  "getrandom 32", "rc or length");
	test_pcr();
	test_key(0, "rsa2048");
	test_key(1, "eccp256");
	test_nv_and_reset();
	test_tpm12();
	rates();
	printf("tpm2test: %u TPM_RC_RETRY answers resent\n", retries);
	return app_verdict();
}
