/*
 * tpmiftest - boot test of the tpmif split driver (tpmback/, tpmfront/).
 *
 * extra="back [tpm=2]"          serve a fake TPM (tpmiftest.h) with
 *                               tpmback until `xl shutdown`, then print
 *                               the backend's counters and a verdict;
 *                               tpm=2: TPM 1.2 commands get TPM 2.0's
 *                               TPM_RC_BAD_TAG, as from libtpms
 * extra="front mode=good [either=1]"
 *                               connect device/vtpm/0 with tpmfront and
 *                               check the fake TPM's answers, edge cases,
 *                               and a reconnect that keeps the TPM state
 *                               (either=1: or finds it reset, when
 *                               another domain may have been served in
 *                               between) (tests/boot/tpmif-loop)
 * extra="front mode=hostile"    break the protocol every way a guest can
 *                               (bad lengths, states, extra pages,
 *                               garbage ring-ref/event-channel, close
 *                               mid-command), then check it is served
 *                               again
 * extra="front mode=die"        send a slow command and die under it
 * front ... tpm=real            the backend is a real TPM 2.0 (the vTPM
 *                               stub domain, tests/boot/vtpm-hostile):
 *                               answers are checked for a TPM 2.0
 *                               response header only, GetRandom(16) for
 *                               success; the slow command is an RSA-2048
 *                               TPM2_CreatePrimary
 * Each ends on one VERDICT line.
 */
#include <string.h>
#include "tpmback/tpmback.h"
#include "tpmiftest.h"

struct back {
	bool v2_only;	   /* answer TPM 1.2 tags as a TPM 2.0 would */
	uint32_t seq;	   /* commands since the last reset */
	unsigned long all; /* commands ever, for the log */
};

const char *arg(int argc, char **argv, const char *key)
{
	size_t n = strlen(key);
	int i;

	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], key, n) && argv[i][n] == '=')
			return argv[i] + n + 1;
	return NULL;
}

uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

size_t fake_answer(uint32_t seq, const uint8_t *cmd, size_t len, uint8_t *resp,
		   size_t max)
{
	size_t n = len - 10 + 14, i;
	bool v2 = cmd[0] == 0x80 && (cmd[1] == 1 || cmd[1] == 2);

	if (n > max)
		n = max;
	resp[0] = v2 ? 0x80 : 0x00;
	resp[1] = v2 ? 0x01 : 0xc4;
	put_be32(resp + 2, (uint32_t)n);
	put_be32(resp + 6, 0);
	put_be32(resp + 10, seq);
	for (i = 14; i < n; i++)
		resp[i] = cmd[len - 1 - (i - 14)];
	return n;
}

void fake_command(uint8_t *cmd, size_t len, uint32_t code, uint32_t salt)
{
	size_t i;

	cmd[0] = 0x80;
	cmd[1] = 0x01;
	put_be32(cmd + 2, (uint32_t)len);
	put_be32(cmd + 6, code);
	for (i = 10; i < len; i++)
		cmd[i] = (uint8_t)(salt * 31 + i * 7 + (i >> 8));
}

static void log_command(struct back *b, const uint8_t *cmd, size_t len)
{
	unsigned int i;

	b->all++;
	if (b->all > 20 && b->all % 100)
		return;
	printk("tpmiftest: command %lu: %lu bytes:", b->all,
	       (unsigned long)len);
	for (i = 0; i < len && i < 24; i++)
		printk(" %02x", cmd[i]);
	printk("%s\n", len > 24 ? " ..." : "");
}

static int fake_handle(void *ctx, const uint8_t *cmd, size_t len, uint8_t *resp,
		       size_t max, size_t *rlen)
{
	struct back *b = ctx;
	uint32_t code = get_be32(cmd + 6);

	log_command(b, cmd, len);
	if (b->v2_only && !(cmd[0] == 0x80 && (cmd[1] == 1 || cmd[1] == 2))) {
		/* What a TPM 2.0 says to any other tag: TPM_RC_BAD_TAG. */
		static const uint8_t bad_tag[] = {0x80, 1, 0, 0, 0,
						  10,	0, 0, 0, 0x1e};

		memcpy(resp, bad_tag, sizeof(bad_tag));
		*rlen = sizeof(bad_tag);
		return 0;
	}
	if (code == FAKE_FAIL)
		return -EIO;
	if (code == FAKE_SLOW)
		msleep(FAKE_SLOW_MS);
	*rlen = fake_answer(++b->seq, cmd, len, resp, max);
	return 0;
}

static void fake_reset(void *ctx)
{
	struct back *b = ctx;

	printk("tpmiftest: reset after %u commands\n", b->seq);
	b->seq = 0;
}

static long stopper(void *arg)
{
	(void)arg;
	while (shutdown_wait(3600 * NSEC_PER_SEC) == -ETIMEDOUT)
		;
	tpmback_stop();
	return 0;
}

int back_main(int argc, char **argv)
{
	static struct back b;
	struct tpmback_ops ops = {fake_handle, fake_reset, &b};
	struct tpmback_stats st;
	int rc;

	b.v2_only =
	    arg(argc, argv, "tpm") && !strcmp(arg(argc, argv, "tpm"), "2");
	rc = tpmback_init(&ops);
	if (rc) {
		printk("VERDICT: FAIL tpmif-back: tpmback_init (%d)\n", rc);
		return 1;
	}
	if (!thread_create("stopper", stopper, NULL))
		return 1;
	printk("tpmiftest: back ready (domain %u)\n", xenbus_domid());
	rc = tpmback_run(0);
	tpmback_get_stats(&st);
	tpmback_shutdown();
	printk("tpmiftest: stats connects=%lu commands=%lu failed=%lu "
	       "cancels=%lu spurious=%lu violations=%lu refused=%lu "
	       "resets=%lu\n",
	       st.connects, st.commands, st.failed, st.cancels, st.spurious,
	       st.violations, st.refused, st.resets);
	if (rc != -ECANCELED) {
		printk("VERDICT: FAIL tpmif-back: tpmback_run returned %d\n",
		       rc);
		return 1;
	}
	printk("VERDICT: PASS tpmif-back served %lu commands\n", st.commands);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "back"))
		return back_main(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "front"))
		return front_main(argc, argv);
	printk("VERDICT: FAIL tpmiftest: say back or front\n");
	return 1;
}
