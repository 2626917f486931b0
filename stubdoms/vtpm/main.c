/*
 * vtpm - the vTPM 2.0 stub domain: one guest's TPM, served over Xen's
 * tpmif (tpmback/) from libtpms (tpm2/), its state on the vTPM's own disk
 * (vtpmstate/).
 *
 * The guest's xl config says vtpm=["backend=<this domain's name>"]; this
 * domain's own config gives it one disk for the state (the first vbd, or
 * extra="disk=xvdb").  Start-up: open the disk and load the newest intact
 * state (a blank disk is formatted: a new TPM is manufactured and stored),
 * start libtpms with TPM2_Startup(CLEAR), then serve the frontend until
 * `xl shutdown`.  Every command that changes persistent state is stored
 * before its response goes back (tpm2.h); a store that fails withholds
 * the response (the guest sees a TPM failure) and is tried again before
 * the next command.  A frontend of another domain connecting (a guest
 * rebooted or replaced) is a platform reset; the same domain
 * reconnecting (pvgrub handing over to Linux) is not (tpmback.h).
 *
 * Refusals, each one "vtpm: error: ..." line and a crash (exit code 2),
 * so the toolstack sees the domain did not start: no disk, a disk whose
 * backend cannot order writes, a disk too small, a state disk whose slots
 * are both corrupt (never reset silently: the guest's keys would be gone).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/sha.h>
#include <domlet_app.h>
#include "blkfront/blkfront.h"
#include "libc-glue/kapi.h"
#include "tpm2/tpm2.h"
#include "tpmback/tpmback.h"
#include "vtpmstate/vtpmstate.h"

#define STATE_BLOB "permall" /* libtpms's whole permanent state */

static struct vtpmstate state;
static unsigned long stores, store_errors;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void __attribute__((noreturn)) refuse(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static void refuse(const char *fmt, ...)
{
	va_list ap;

	printf("vtpm: error: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\nvtpm: not started: crashing the domain\n");
	fflush(stdout);
	exit(2);
}

/* ---- the state: libtpms's permall blob in vtpmstate ---- */

static int nv_load(void *ctx, uint8_t **blob, size_t *len)
{
	return vtpmstate_get_blob(ctx, STATE_BLOB, blob, len);
}

static int nv_store(void *ctx, const uint8_t *blob, size_t len)
{
	struct vtpmstate_blob b = {STATE_BLOB, blob, len};
	int rc = vtpmstate_store_blobs(ctx, &b, 1);

	if (rc) {
		store_errors++;
		printf("vtpm: storing the state (%zu bytes) failed: %s\n", len,
		       state.msg);
		return rc;
	}
	stores++;
	return 0;
}

/* The state disk: `disk=NAME` or the first vbd. */
static void open_state(const char *name)
{
	static struct vtpm_disk d;
	unsigned int ids[1];
	char idname[16];
	struct blkfront *bf;
	int rc;

	if (!name) {
		rc = blkfront_list(ids, 1);
		if (rc <= 0)
			refuse(
			    "no disk for the TPM state: give this domain one "
			    "(disk=[\"...,xvda,w\"]) in its xl config");
		snprintf(idname, sizeof(idname), "%u", ids[0]);
		name = idname;
	}
	rc = (int)kerr(blkfront_open(name, &bf));
	if (rc)
		refuse("state disk %s: cannot connect: %s", name,
		       strerror(-rc));
	rc = vtpmstate_blkfront(&d, bf);
	if (rc == -EOPNOTSUPP)
		refuse("state disk %s: its backend offers neither flush nor "
		       "barrier, so writes could land out of order and a kill "
		       "could tear the state",
		       blkfront_info(bf)->name);
	if (rc == -EROFS)
		refuse("state disk %s is read-only", blkfront_info(bf)->name);
	if (rc)
		refuse("state disk %s: %s", blkfront_info(bf)->name,
		       strerror(-rc));
	rc = vtpmstate_open(&state, &d, SHA256);
	if (rc == -EBADMSG)
		refuse("state disk %s: %s; refusing to start a new TPM over "
		       "it (the guest's keys and NV data would be gone). To "
		       "start afresh on purpose, zero the disk's first 8 KiB",
		       blkfront_info(bf)->name, state.msg);
	if (rc == -ENOSPC)
		refuse("state disk %s: %llu bytes, at least %u needed",
		       blkfront_info(bf)->name,
		       (unsigned long long)d.sectors * d.sector_size,
		       VTPMSTATE_MIN_DISK);
	if (rc)
		refuse("state disk %s: %s", blkfront_info(bf)->name, state.msg);
	printf("vtpm: state disk %s (%llu sectors of %u bytes): %s, slot %u "
	       "seq %llu%s%s\n",
	       blkfront_info(bf)->name, (unsigned long long)d.sectors,
	       d.sector_size,
	       state.found == VTPMSTATE_FORMATTED ? "blank, formatted"
						  : "state loaded",
	       state.slot, (unsigned long long)state.seq,
	       state.msg[0] ? ": " : "", state.msg);
}

/* ---- serving the frontend ---- */

static int handle(void *ctx, const uint8_t *cmd, size_t len, uint8_t *resp,
		  size_t resp_max, size_t *resp_len)
{
	int rc;

	(void)ctx;
	rc = tpm2_engine_process(cmd, len, resp, resp_len, resp_max);
	if (rc)
		printf("vtpm: command %#x (%zu bytes) not answered: %s\n",
		       len >= 10 ? (unsigned)(cmd[6] << 24 | cmd[7] << 16 |
					      cmd[8] << 8 | cmd[9])
				 : 0u,
		       len, strerror(-rc));
	return rc;
}

static void reset(void *ctx)
{
	int rc;

	(void)ctx;
	rc = tpm2_engine_reset();
	if (rc)
		printf("vtpm: platform reset failed: %s\n", strerror(-rc));
	else
		printf("vtpm: new guest: platform reset (PCRs cleared, NV "
		       "kept)\n");
}

static void *stopper(void *arg)
{
	(void)arg;
	while (app_wait_stop(0))
		;
	tpmback_stop();
	return NULL;
}

int main(int argc, char **argv)
{
	const char *disk = getenv("disk");
	struct tpmback_ops ops = {handle, reset, NULL};
	struct tpm2_nv_ops nv = {&state, nv_load, nv_store};
	struct tpmback_stats st;
	pthread_t t;
	double t0 = now();
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "disk=", 5))
			disk = argv[i] + 5;
		else
			printf("vtpm: ignoring unknown option '%s'\n", argv[i]);
	}
	open_state(disk);
	rc = tpm2_engine_init(&nv);
	if (rc)
		refuse("the TPM did not start: %s", strerror(-rc));
	printf("vtpm: TPM 2.0 up in %.2f s (%s)\n", now() - t0,
	       state.found == VTPMSTATE_FORMATTED ? "a new TPM, manufactured"
						  : "from the stored state");
	rc = (int)kerr(tpmback_init(&ops));
	if (rc)
		refuse("tpmback: %s", strerror(-rc));
	if (pthread_create(&t, NULL, stopper, NULL))
		refuse("no thread for xl shutdown");
	printf("vtpm: ready: serving backend/vtpm\n");
	fflush(stdout);
	rc = (int)kerr(tpmback_run(0));
	tpmback_get_stats(&st);
	tpmback_shutdown();
	tpm2_engine_stop();
	vtpmstate_close(&state);
	printf("vtpm: stats connects=%lu commands=%lu failed=%lu resets=%lu "
	       "violations=%lu refused=%lu stores=%lu store_errors=%lu\n",
	       st.connects, st.commands, st.failed, st.resets, st.violations,
	       st.refused, stores, store_errors);
	if (rc != -ECANCELED) {
		printf("vtpm: error: tpmback stopped: %s\n", strerror(-rc));
		return 2;
	}
	printf("vtpm: stopped\n");
	return 0;
}
