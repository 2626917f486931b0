/*
 * measure.c - measured boot: when the guest has a vTPM (device/vtpm/0),
 * what pvgrub runs and reads is extended into it before the hand-over,
 * as GRUB 2's tpm module does on real hardware, so the guest's own
 * attestation sees the boot chain it would see there.
 *
 *   PCR 8  each grub.cfg command line as run ("grub_cmd: LINE", the
 *          words after expansion) and the kernel command line
 *          ("kernel_cmdline: PATH ARGS", as GRUB's linux builds it);
 *          the digest is SHA-256 of LINE or of PATH ARGS, the prefix
 *          only names the event, as in GRUB
 *   PCR 9  each file read: config files (grub.cfg, sourced files, BLS
 *          entries, menu.lst; not grubenv, which GRUB does not
 *          measure), the kernel and the initrds; SHA-256 of the bytes
 *          as stored on the disk
 *
 * Each is one TPM2_PCR_Extend of the sha256 bank (password session,
 * empty auth), and one console line, the event log:
 *   pvgrub: tpm: pcr 9 sha256 <64 hex> file (hd0,msdos1)/boot/vmlinuz-...
 *   pvgrub: tpm: pcr 8 sha256 <64 hex> grub_cmd: set timeout=0
 * (all are EV_IPL events in GRUB's terms).  Before the hand-over the
 * connection is closed; the kernel's tpmfront connects anew in the same
 * domain, and tpmback keeps the TPM's state for it (tpmback.h).
 *
 * No device/vtpm/0: nothing is measured, nothing said.  A vTPM that does
 * not connect, or an extend that fails: one warning, and the boot goes
 * on unmeasured from there (a guest that needs the PCRs will find them
 * wrong, as with GRUB on a machine whose TPM fails; pvgrub refusing to
 * boot would not make them right).  Text from the guest's config is
 * printed with control characters as '?'.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
/* The low-level calls: SHA256() is EVP in OpenSSL 3 and would bring
 * the provider machinery (1.4 MB of image) for one digest. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include "libc-glue/kapi.h"
#include "tpmfront/tpmfront.h"
#include "pvgrub.h"

#define PCR_STRINGS 8
#define PCR_FILES   9
#define TPM_TIMEOUT (30 * NSEC_PER_SEC) /* a vTPM under load may be slow */
#define DESC_MAX    300			/* characters of a log line's text */

#define TPM_RC_INITIALIZE 0x100 /* no TPM2_Startup since its reset */

static struct tpmfront *tf;
static bool stopped; /* an extend failed: the log has a hole for good */
static unsigned int events;
static bool kernel_cmdline_seen;

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, (uint16_t)(v >> 16));
	put_be16(p + 2, (uint16_t)v);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Sends cmd; the response code, or -errno if there was no answer of a
 * TPM 2.0 form. */
static long tpm_call(const uint8_t *cmd, size_t len)
{
	uint8_t resp[64];
	size_t rlen = 0;
	int rc = (int)kerr(tpmfront_transmit(tf, cmd, len, resp, sizeof(resp),
					     &rlen, TPM_TIMEOUT));

	if (rc)
		return rc;
	if (rlen < 10 || resp[0] != 0x80 || get_be32(resp + 2) != rlen)
		return -EPROTO;
	return (long)get_be32(resp + 6);
}

/* TPM2_PCR_Extend(pcr, {sha256: digest}), authorised by the empty
 * password (PCRs 0-15 at locality 0, as the PC client profile sets
 * them).  A TPM reset since its last Startup (a new guest before this
 * one: tpmback) wants TPM2_Startup(CLEAR) first. */
static long extend(unsigned int pcr, const uint8_t digest[32])
{
	static const uint8_t startup[12] = {0x80, 0x01, 0, 0,	 0, 12,
					    0,	  0,	1, 0x44, 0, 0};
	uint8_t c[65];
	long rc;

	put_be16(c, 0x8002); /* TPM_ST_SESSIONS */
	put_be32(c + 2, sizeof(c));
	put_be32(c + 6, 0x182);	      /* TPM_CC_PCR_Extend */
	put_be32(c + 10, pcr);	      /* pcrHandle */
	put_be32(c + 14, 9);	      /* authorizationSize */
	put_be32(c + 18, 0x40000009); /* TPM_RS_PW */
	put_be16(c + 22, 0);	      /* nonce */
	c[24] = 0;		      /* sessionAttributes */
	put_be16(c + 25, 0);	      /* hmac: the empty password */
	put_be32(c + 27, 1);	      /* TPML_DIGEST_VALUES.count */
	put_be16(c + 31, 0x000b);     /* TPM_ALG_SHA256 */
	memcpy(c + 33, digest, 32);
	rc = tpm_call(c, sizeof(c));
	if (rc == TPM_RC_INITIALIZE) {
		rc = tpm_call(startup, sizeof(startup));
		if (rc == 0)
			rc = tpm_call(c, sizeof(c));
	}
	return rc;
}

/* The event: extended, then its log line; on a failure, one warning and
 * no more measuring. */
static void event(unsigned int pcr, const void *data, size_t len,
		  const char *kind, const char *dev, const char *text)
{
	uint8_t digest[32];
	char hex[65], desc[DESC_MAX + 4];
	SHA256_CTX sha;
	size_t i, n = 0;
	long rc;

	if (!tf)
		return;
	SHA256_Init(&sha);
	SHA256_Update(&sha, data, len);
	SHA256_Final(digest, &sha);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	if (dev)
		n = (size_t)snprintf(desc, sizeof(desc), "(%s)", dev);
	for (i = 0; text[i] && n < DESC_MAX; i++)
		desc[n++] = (unsigned char)text[i] < 0x20 || text[i] == 0x7f
				? '?'
				: text[i];
	strcpy(desc + n, text[i] ? "..." : "");
	rc = extend(pcr, digest);
	if (rc) {
		char why[48];

		if (rc < 0)
			snprintf(why, sizeof(why), "%s", strerror((int)-rc));
		else
			snprintf(why, sizeof(why), "TPM rc %#lx", rc);
		printf("pvgrub: warning: tpm: extending pcr %u failed (%s): "
		       "measuring stopped, PCRs 8 and 9 are incomplete\n",
		       pcr, why);
		fflush(stdout);
		measure_close();
		stopped = true;
		return;
	}
	events++;
	printf("pvgrub: tpm: pcr %u sha256 %s %s%s\n", pcr, hex, kind, desc);
	fflush(stdout);
}

void measure_open(void)
{
	int rc;

	if (tf || stopped)
		return;
	rc = (int)kerr(tpmfront_open(0, &tf));
	if (rc == -ENOENT) { /* no vtpm= in the guest's config */
		tf = NULL;
		return;
	}
	if (rc) {
		tf = NULL;
		printf("pvgrub: warning: tpm: device/vtpm/0 did not connect "
		       "(%s): booting unmeasured\n",
		       strerror(-rc));
		fflush(stdout);
		return;
	}
	pv_info("tpm: measuring into the vTPM of domain %u (sha256: PCR 8 "
		"commands and command line, PCR 9 files)",
		tpmfront_backend_id(tf));
}

void measure_close(void)
{
	if (!tf)
		return;
	tpmfront_close(tf);
	tf = NULL;
	pv_info("tpm: %u events measured; closed", events);
}

void measure_file(const char *dev, const char *path, const void *data,
		  size_t len)
{
	event(PCR_FILES, data, len, "file ", dev, path);
}

void measure_cmd(const char *line)
{
	event(PCR_STRINGS, line, strlen(line), "grub_cmd: ", NULL, line);
}

void measure_kernel_cmdline(const char *line)
{
	kernel_cmdline_seen = true;
	event(PCR_STRINGS, line, strlen(line), "kernel_cmdline: ", NULL, line);
}

bool measure_take_cmdline_seen(void)
{
	bool seen = kernel_cmdline_seen;

	kernel_cmdline_seen = false;
	return seen;
}
