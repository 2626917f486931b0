/*
 * vtpmcounter - a vTPM client for the kill scenario tests/boot/vtpm-kill:
 * an 8-byte NV index of the vTPM stub domain (stubdoms/vtpm) used as a
 * counter, over tpmfront (device/vtpm/0).
 *
 * extra="store [n=K]"  read the counter and print "vtpmcounter: loaded N"
 *                      (or "loaded undefined" / "loaded unwritten"),
 *                      define the index if it is not there and write 0
 *                      if it was never written, then write N+1, N+2, ...
 *                      printing "acked N" after each write the vTPM
 *                      answered with success, and waiting until
 *                      xenconsoled has read that line before the next
 *                      write, so dom0 has seen every ack.  Forever
 *                      (until dom0 destroys the vTPM and us), or K
 *                      writes and a verdict.
 * extra="check"        read, print "loaded N", verdict.
 *
 * The vTPM answers a write only after its state is on its disk, so after
 * a kill the counter read back must be the last ack, or that + 1 (the
 * write in flight).  dom0 judges that; this app only reports.
 * TPM_RC_RETRY and the other "try again" warnings are resent (counted),
 * TPM_RC_INITIALIZE gets a TPM2_Startup(CLEAR) first.
 */
#include <string.h>
#include <domlet/kernel.h>
#include "tpmfront/tpmfront.h"
#include "nvcmd.h"

/* Generous: under TCG on a busy host a domain may stall for seconds. */
#define CALL_TIMEOUT (60 * NSEC_PER_SEC)
#define OPEN_WAIT    (60 * NSEC_PER_SEC)
#define MAX_RESENDS  200

static struct tpmfront *tf;
static uint8_t resp[TPMFRONT_MAX_PACKET];
static size_t resp_len;
static unsigned long resends, startups;

static const char *arg(int argc, char **argv, const char *key)
{
	size_t n = strlen(key);

	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], key, n) && argv[i][n] == '=')
			return argv[i] + n + 1;
	return NULL;
}

/* A decimal count ("n=K"); 0 for anything else. */
static unsigned long count(const char *s)
{
	unsigned long n = 0;

	for (; s && *s >= '0' && *s <= '9' && n < 100000000ul; s++)
		n = n * 10 + (unsigned long)(*s - '0');
	return n;
}

static int open_dev(void)
{
	uint64_t deadline = monotonic_ns() + OPEN_WAIT;
	int rc;

	for (;;) {
		rc = tpmfront_open(0, &tf);
		if (rc == 0 || monotonic_ns() >= deadline)
			return rc;
		printk("vtpmcounter: tpmfront_open: %d, retrying\n", rc);
		msleep(500);
	}
}

static int send(const uint8_t *cmd, size_t len, uint32_t *rc)
{
	int err = tpmfront_transmit(tf, cmd, len, resp, sizeof(resp), &resp_len,
				    CALL_TIMEOUT);

	if (err)
		return err;
	return nvc_response_rc(resp, resp_len, rc);
}

/*
 * Sends cmd until the TPM gives an answer that is not "try again"; the
 * response is left in resp.  0 with *rc the TPM's code, or a negative
 * errno of the transport (-ENODEV: the vTPM went away) or -EBADMSG.
 */
static int call(const uint8_t *cmd, size_t len, uint32_t *rc)
{
	uint8_t su[NVC_CMD_MAX];
	uint32_t su_rc;
	int err, tries = 0;

	for (;;) {
		err = send(cmd, len, rc);
		if (err)
			return err;
		if (*rc == TPM_RC_INITIALIZE && !tries++) {
			/* A TPM that was reset without a Startup. */
			startups++;
			err = send(su, nvc_startup_clear(su), &su_rc);
			if (err)
				return err;
			continue;
		}
		if (!nvc_rc_is_retry(*rc) || ++tries > MAX_RESENDS)
			return 0;
		resends++;
		msleep(tries < 10 ? 10 : 100);
	}
}

enum loaded { VALUE, UNDEFINED, UNWRITTEN };

/* Reads the counter: 0 with *what (and *value), or a negative errno. */
static int read_counter(enum loaded *what, uint64_t *value)
{
	uint8_t cmd[NVC_CMD_MAX];
	uint32_t rc;
	int err = call(cmd, nvc_read(cmd, NVC_INDEX), &rc);

	if (err) {
		printk("vtpmcounter: NV_Read: %d\n", err);
		return err;
	}
	if (nvc_rc_is_no_handle(rc)) {
		*what = UNDEFINED;
		return 0;
	}
	if (rc == TPM_RC_NV_UNINITIALIZED) {
		*what = UNWRITTEN;
		return 0;
	}
	if (rc != TPM_RC_SUCCESS) {
		printk("vtpmcounter: NV_Read: TPM rc %#x\n", rc);
		return -EIO;
	}
	*what = VALUE;
	err = nvc_read_value(resp, resp_len, value);
	if (err)
		printk("vtpmcounter: NV_Read: a malformed answer (%lu bytes)\n",
		       (unsigned long)resp_len);
	return err;
}

static int define(void)
{
	uint8_t cmd[NVC_CMD_MAX];
	uint32_t rc;
	int err = call(cmd, nvc_define(cmd, NVC_INDEX), &rc);

	if (!err && rc != TPM_RC_SUCCESS) {
		printk("vtpmcounter: NV_DefineSpace: TPM rc %#x\n", rc);
		err = -EIO;
	}
	if (!err)
		printk("vtpmcounter: defined NV index %#x (%u bytes)\n",
		       NVC_INDEX, NVC_SIZE);
	return err;
}

/* Writes value; prints "acked value" once the vTPM said success. */
static int write_counter(uint64_t value)
{
	uint8_t cmd[NVC_CMD_MAX];
	uint32_t rc;
	int err = call(cmd, nvc_write(cmd, NVC_INDEX, value), &rc);

	if (!err && rc != TPM_RC_SUCCESS) {
		printk("vtpmcounter: NV_Write %lu: TPM rc %#x\n",
		       (unsigned long)value, rc);
		return -EIO;
	}
	if (err) {
		printk("vtpmcounter: NV_Write %lu not acknowledged: %d%s\n",
		       (unsigned long)value, err,
		       err == -ENODEV ? " (the vTPM went away)" : "");
		return err;
	}
	printk("acked %lu\n", (unsigned long)value);
	console_flush();
	return 0;
}

/* The store loop: n writes (0: forever) after the loaded value. */
static int store(enum loaded what, uint64_t value, unsigned long n)
{
	uint64_t first;
	int err = 0;

	if (what == UNDEFINED)
		err = define();
	if (!err && what != VALUE) {
		value = 0;
		err = write_counter(0);
	}
	first = value + 1;
	for (unsigned long i = 0; !err && (n == 0 || i < n); i++)
		err = write_counter(++value);
	if (err) {
		printk("VERDICT: FAIL vtpmcounter store: stopped at %lu (%d)\n",
		       (unsigned long)value, err);
		return 1;
	}
	printk("VERDICT: PASS vtpmcounter store: acked %lu..%lu, %lu "
	       "resends, %lu startups\n",
	       (unsigned long)first, (unsigned long)value, resends, startups);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	const char *ns = arg(argc, argv, "n");
	static const char *const names[] = {"", "undefined", "unwritten"};
	enum loaded what = VALUE;
	uint64_t value = 0;
	int err;

	if (strcmp(mode, "store") && strcmp(mode, "check")) {
		printk("VERDICT: FAIL vtpmcounter: say store [n=K] or check\n");
		return 1;
	}
	err = open_dev();
	if (err) {
		printk("VERDICT: FAIL vtpmcounter: tpmfront_open: %d\n", err);
		return 1;
	}
	printk("vtpmcounter: connected to the vTPM in domain %u\n",
	       tpmfront_backend_id(tf));
	err = read_counter(&what, &value);
	if (err) {
		printk("VERDICT: FAIL vtpmcounter: reading the counter: %d\n",
		       err);
		return 1;
	}
	if (what == VALUE)
		printk("vtpmcounter: loaded %lu\n", (unsigned long)value);
	else
		printk("vtpmcounter: loaded %s\n", names[what]);
	console_flush();
	if (!strcmp(mode, "store"))
		return store(what, value, count(ns));
	tpmfront_close(tf);
	if (what != VALUE) {
		printk("VERDICT: FAIL vtpmcounter check: the counter is %s\n",
		       names[what]);
		return 1;
	}
	printk("VERDICT: PASS vtpmcounter check: %lu\n", (unsigned long)value);
	return 0;
}
