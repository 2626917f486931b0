/*
 * vtpmstatetest - vtpmstate on a real blkfront disk, for the boot
 * scenario tests/boot/vtpmstate (dom0 destroys it at random moments).
 *
 * extra= "format": open xvda (formatting a blank disk), print what was
 * found and the verdict, power off.  "store": load the state, then store
 * states N+1, N+2, ... forever, printing "acked N" after each store has
 * returned (and waiting until xenconsoled has read the line, so dom0
 * sees every acknowledgement before the next store starts) until dom0
 * destroys the domain.  "check": load and print, then the verdict.
 *
 * A state is two named blobs: "counter" (8 bytes) and "permall", 20 to
 * 120 KiB of bytes derived from the counter, so a loaded state is
 * checked whole: "loaded N ok", or "CORRUPT" if its blobs disagree.
 * SHA-256 is OpenSSL's (ports/openssl), as in the vTPM stub domain.
 */
#include <errno.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blkfront/blkfront.h"
#include "vtpmstate/vtpmstate.h"

/* kernel/console.c (domlet/kernel.h, which apps/ libc code does not
 * include): returns once xenconsoled has read the console ring. */
void console_flush(void);

static uint8_t *payload, *filler;

static size_t filler_len(uint64_t n)
{
	return 20000 + (size_t)(n * 7919 % 100000);
}

static void fill(uint8_t *p, size_t len, uint64_t n)
{
	uint64_t x = n * 0x9e3779b97f4a7c15ull + 1;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (uint8_t)x;
	}
}

static size_t encode(uint64_t n)
{
	uint8_t ctr[8];
	struct vtpmstate_blob b[2] = {{"counter", ctr, sizeof(ctr)},
				      {"permall", filler, filler_len(n)}};

	for (int i = 0; i < 8; i++)
		ctr[i] = (uint8_t)(n >> (8 * i));
	fill(filler, filler_len(n), n);
	return vtpmstate_blobs_encode(payload, VTPMSTATE_MAX_PAYLOAD, b, 2);
}

/* The counter of a loaded state, or -1 if it is not one of ours whole. */
static long long decode(const void *buf, size_t len)
{
	const void *c, *f;
	size_t clen, flen;
	uint64_t n = 0;

	if (len == 0)
		return 0; /* a formatted disk: counter 0 */
	if (vtpmstate_blobs_find(buf, len, "counter", &c, &clen) ||
	    vtpmstate_blobs_find(buf, len, "permall", &f, &flen) || clen != 8)
		return -1;
	for (int i = 0; i < 8; i++)
		n |= (uint64_t)((const uint8_t *)c)[i] << (8 * i);
	if (flen != filler_len(n))
		return -1;
	fill(filler, flen, n);
	return memcmp(f, filler, flen) == 0 ? (long long)n : -1;
}

static int open_state(struct vtpmstate *s, long long *n)
{
	static struct vtpm_disk d;
	struct blkfront *bf;
	const void *buf;
	size_t len;
	int rc;

	rc = blkfront_open("xvda", &bf);
	if (rc) {
		printf("vtpmstatetest: blkfront_open xvda: %d\n", rc);
		return rc;
	}
	rc = vtpmstate_blkfront(&d, bf);
	if (rc) {
		printf("vtpmstatetest: xvda unusable for state (%d)%s\n", rc,
		       rc == -EOPNOTSUPP ? ": backend offers neither flush "
					   "nor barrier, writes not ordered"
					 : "");
		return rc;
	}
	rc = vtpmstate_open(s, &d, SHA256);
	if (rc) {
		printf("vtpmstatetest: vtpmstate_open: %d: %s\n", rc, s->msg);
		return rc;
	}
	vtpmstate_load(s, &buf, &len);
	*n = decode(buf, len);
	printf("vtpmstatetest: %s, slot %u seq %llu, %zu bytes%s%s\n",
	       s->found == VTPMSTATE_FORMATTED ? "formatted" : "loaded",
	       s->slot, (unsigned long long)s->seq, len, s->msg[0] ? ": " : "",
	       s->msg);
	if (*n < 0)
		printf("vtpmstatetest: loaded CORRUPT state\n");
	else
		printf("vtpmstatetest: loaded %lld ok\n", *n);
	fflush(stdout);
	return *n < 0 ? -EBADMSG : 0;
}

static int store_forever(struct vtpmstate *s, long long n)
{
	for (;;) {
		size_t len = encode((uint64_t)++n);
		int rc = vtpmstate_store(s, payload, len);

		if (rc) {
			printf("vtpmstatetest: store %lld: %d: %s\n", n, rc,
			       s->msg);
			return rc;
		}
		printf("acked %lld\n", n);
		fflush(stdout);
		console_flush();
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "check";
	struct vtpmstate s;
	long long n;
	int rc;

	payload = malloc(VTPMSTATE_MAX_PAYLOAD);
	filler = malloc(VTPMSTATE_MAX_PAYLOAD);
	if (!payload || !filler) {
		printf("VERDICT: FAIL vtpmstatetest: no memory\n");
		return 1;
	}
	rc = open_state(&s, &n);
	if (!rc && strcmp(mode, "store") == 0)
		rc = store_forever(&s, n);
	if (rc) {
		printf("VERDICT: FAIL vtpmstatetest %s: %d\n", mode, rc);
		return 1;
	}
	printf("VERDICT: PASS vtpmstatetest %s: counter %lld\n", mode, n);
	vtpmstate_close(&s);
	return 0;
}
