/*
 * front.c - tpmiftest's frontend half: a good client that checks every
 * answer of the fake TPM (tpmiftest.h) and a hostile one that breaks
 * the protocol in each way a guest can, then checks it is served again.
 *
 * What the backend does to a hostile page is seen from here through its
 * xenbus state: every violation must move it to Closing (that
 * connection refused), and a fresh connection after that must work.
 *
 * Resets: the fake TPM's seq counts commands since its last platform
 * reset, and tpmback resets only when another domain's frontend
 * connects; the same domain closing and reconnecting keeps the count
 * going (as pvgrub's hand-over to Linux keeps its PCRs).
 */
#include <string.h>
#include <domlet/printf.h>
#include "tpmfront/tpmfront.h"
#include "tpmiftest.h"

/* Generous: under TCG on a busy host a domain may stall for seconds. */
#define TIMEOUT	  (30 * NSEC_PER_SEC)
#define OPEN_WAIT (90 * NSEC_PER_SEC) /* another frontend may hold it */

static uint8_t cmd[TPMFRONT_MAX_PACKET + 1], resp[TPMFRONT_MAX_PACKET];
static uint8_t want[TPMFRONT_MAX_PACKET];
static unsigned int fails, checks;
/* tpm=real: the backend is a real TPM 2.0 (stubdoms/vtpm), whose answers
 * cannot be predicted: only their TPM 2.0 response header is checked. */
static bool real_tpm;

#define EXPECT(cond, ...)                                                      \
	do {                                                                   \
		checks++;                                                      \
		if (!(cond)) {                                                 \
			fails++;                                               \
			printk("tpmiftest: FAIL " __VA_ARGS__);                \
			printk("\n");                                          \
		}                                                              \
	} while (0)

/* Opens device/vtpm/0, retrying while another frontend is served. */
static struct tpmfront *open_dev(void)
{
	uint64_t deadline = monotonic_ns() + OPEN_WAIT;
	struct tpmfront *tf;
	int rc;

	do {
		rc = tpmfront_open(0, &tf);
		if (rc == 0)
			return tf;
		printk("tpmiftest: tpmfront_open: %d, retrying\n", rc);
		msleep(500);
	} while (monotonic_ns() < deadline);
	EXPECT(0, "tpmfront_open failed for 90 s (%d)", rc);
	return NULL;
}

/* TPM2_GetRandom of 16 bytes: a command every TPM 2.0 answers with
 * TPM_RC_SUCCESS, a 2-byte size and 16 bytes (28 in all). */
static size_t getrandom16(uint8_t *c)
{
	fake_command(c, 12, 0x17b, 0);
	c[10] = 0;
	c[11] = 16;
	return 12;
}

/*
 * tpm=real: command `salt` of a series.  Odd ones are GetRandom(16),
 * which must succeed; even ones are GetRandom codes of len bytes
 * (mostly malformed), whose answer need only be a TPM 2.0 response: tag
 * TPM_ST_NO_SESSIONS, size field equal to its length.
 */
static int one_real(struct tpmfront *tf, size_t len, uint32_t salt)
{
	bool good = salt & 1;
	size_t rlen = 0;
	int rc;

	if (good)
		len = getrandom16(cmd);
	else
		fake_command(cmd, len, 0x17b, salt);
	rc =
	    tpmfront_transmit(tf, cmd, len, resp, sizeof(resp), &rlen, TIMEOUT);
	if (rc) {
		EXPECT(0, "TPM command of %lu bytes: %d", (unsigned long)len,
		       rc);
		return rc;
	}
	if (rlen < 10 || resp[0] != 0x80 || resp[1] != 0x01 ||
	    get_be32(resp + 2) != rlen ||
	    (good && (get_be32(resp + 6) != 0 || rlen != 28))) {
		EXPECT(0,
		       "TPM command of %lu bytes: answer of %lu bytes, tag "
		       "%02x%02x, size %u, rc %#x%s",
		       (unsigned long)len, (unsigned long)rlen, resp[0],
		       resp[1], rlen >= 6 ? get_be32(resp + 2) : 0,
		       rlen >= 10 ? get_be32(resp + 6) : 0,
		       good ? " (GetRandom(16): want rc 0, 28 bytes)" : "");
		return -EBADMSG;
	}
	checks++;
	return 0;
}

/* One command of len bytes; checks the answer is the fake TPM's seq'th. */
static int one(struct tpmfront *tf, size_t len, uint32_t seq, uint32_t salt)
{
	size_t rlen = 0, wlen;
	int rc;

	if (real_tpm)
		return one_real(tf, len, salt);

	fake_command(cmd, len, 0x17b, salt);
	rc =
	    tpmfront_transmit(tf, cmd, len, resp, sizeof(resp), &rlen, TIMEOUT);
	if (rc) {
		EXPECT(0, "command of %lu bytes: %d", (unsigned long)len, rc);
		return rc;
	}
	wlen = fake_answer(seq, cmd, len, want, sizeof(want));
	EXPECT(rlen == wlen && !memcmp(resp, want, wlen),
	       "command of %lu bytes (seq %u): answer of %lu bytes, seq %u, "
	       "wanted %lu",
	       (unsigned long)len, seq, (unsigned long)rlen,
	       rlen >= 14 ? get_be32(resp + 10) : 0, (unsigned long)wlen);
	return rlen == wlen && !memcmp(resp, want, wlen) ? 0 : -EBADMSG;
}

/* n commands of assorted sizes, the first with seq `seq`; next seq. */
static uint32_t run_commands(struct tpmfront *tf, unsigned int n, uint32_t seq)
{
	static const size_t sizes[] = {10,   11,   64,	 333,  1000,
				       2048, 4000, 4084, 4085, 4088};
	unsigned int i;

	for (i = 0; i < n; i++)
		if (one(tf, sizes[i % ARRAY_SIZE(sizes)], seq++, i))
			break;
	return seq;
}

/* The edge cases a well-behaved client can cause; next seq. */
static uint32_t edge_cases(struct tpmfront *tf, uint32_t seq)
{
	static const uint8_t failure[] = {0x80, 1, 0, 0, 0, 10, 0, 0, 1, 1};
	size_t rlen;
	int rc;

	fake_command(cmd, 100, 0x17b, 1);
	rc = tpmfront_transmit(tf, cmd, 100, resp, 20, &rlen, TIMEOUT);
	EXPECT(rc == -ENOBUFS && rlen == 104,
	       "short buffer: %d, length %lu (want -ENOBUFS, 104)", rc,
	       (unsigned long)rlen);
	seq++; /* the backend answered it all the same */
	fake_command(cmd, 10, FAKE_FAIL, 0);
	rc = tpmfront_transmit(tf, cmd, 10, resp, sizeof(resp), &rlen, TIMEOUT);
	EXPECT(rc == 0 && rlen == 10 && !memcmp(resp, failure, 10),
	       "engine failure: %d, %lu bytes (want TPM_RC_FAILURE)", rc,
	       (unsigned long)rlen);
	rc = tpmfront_transmit(tf, cmd, 0, resp, sizeof(resp), &rlen, TIMEOUT);
	EXPECT(rc == -EINVAL, "empty command: %d", rc);
	rc = tpmfront_transmit(tf, cmd, TPMFRONT_MAX_PACKET + 1, resp,
			       sizeof(resp), &rlen, TIMEOUT);
	EXPECT(rc == -EINVAL, "4089-byte command: %d", rc);
	/* Times out after 1 s; the backend answers at 1.5 s, within the
	 * second tpmfront allows for the cancel, so the device stays. */
	fake_command(cmd, 12, FAKE_SLOW, 0);
	rc = tpmfront_transmit(tf, cmd, 12, resp, sizeof(resp), &rlen,
			       NSEC_PER_SEC);
	EXPECT(rc == -ETIMEDOUT, "slow command with a 1 s timeout: %d", rc);
	seq++;
	return run_commands(tf, 3, seq);
}

/* tpm=real: the edge cases that do not need the fake TPM; next seq. */
static uint32_t edge_cases_real(struct tpmfront *tf, uint32_t seq)
{
	size_t rlen = 0, len = getrandom16(cmd);
	int rc;

	rc = tpmfront_transmit(tf, cmd, len, resp, 20, &rlen, TIMEOUT);
	EXPECT(rc == -ENOBUFS && rlen == 28,
	       "short buffer: %d, length %lu (want -ENOBUFS, 28)", rc,
	       (unsigned long)rlen);
	rc = tpmfront_transmit(tf, cmd, 0, resp, sizeof(resp), &rlen, TIMEOUT);
	EXPECT(rc == -EINVAL, "empty command: %d", rc);
	rc = tpmfront_transmit(tf, cmd, TPMFRONT_MAX_PACKET + 1, resp,
			       sizeof(resp), &rlen, TIMEOUT);
	EXPECT(rc == -EINVAL, "4089-byte command: %d", rc);
	return run_commands(tf, 3, seq + 1);
}

/*
 * One command; the seq the fake TPM gave it (the rest of the answer
 * checked against that seq), or 0 if the answer was wrong.
 */
static uint32_t next_seq(struct tpmfront *tf)
{
	size_t rlen = 0;
	uint32_t seq;
	int rc;

	if (real_tpm) /* no count to read: only served or not */
		return one_real(tf, 40, 1) ? 0 : 1;
	fake_command(cmd, 40, 0x17b, 7);
	rc = tpmfront_transmit(tf, cmd, 40, resp, sizeof(resp), &rlen, TIMEOUT);
	seq = rc == 0 && rlen >= 14 ? get_be32(resp + 10) : 0;
	if (seq && (rlen != fake_answer(seq, cmd, 40, want, sizeof(want)) ||
		    memcmp(resp, want, rlen)))
		seq = 0;
	EXPECT(seq != 0, "a command: %d, %lu bytes (no fake TPM answer)", rc,
	       (unsigned long)rlen);
	return seq;
}

/*
 * Connect, n commands, the edge cases, close; connect again: the TPM
 * state is kept, so the count goes on.  With either_ok (two such clients
 * at once), the other domain may have been served in between, so seq
 * 1 (a reset) is right too.
 */
static int mode_good(unsigned int n, bool either_ok)
{
	struct tpmfront *tf = open_dev();
	uint32_t seq, got;

	if (!tf)
		return 1;
	printk("tpmiftest: connected to backend domain %u\n",
	       tpmfront_backend_id(tf));
	seq = run_commands(tf, n, 1);
	seq = real_tpm ? edge_cases_real(tf, seq) : edge_cases(tf, seq);
	tpmfront_close(tf);
	printk("tpmiftest: %u commands, closed; reconnecting\n", seq - 1);
	tf = open_dev();
	if (!tf)
		return 1;
	got = next_seq(tf);
	printk("tpmiftest: reconnected at seq %u\n", got);
	EXPECT(got == seq || (either_ok && got == 1) || (real_tpm && got),
	       "reconnect in the same domain: seq %u, want %u (state kept)%s",
	       got, seq, either_ok ? " or 1" : "");
	if (got)
		run_commands(tf, 20, got + 1);
	tpmfront_close(tf);
	if (fails) {
		printk("VERDICT: FAIL tpmif-front good: %u of %u checks\n",
		       fails, checks);
		return 1;
	}
	printk("VERDICT: PASS tpmif-front good: %u checks\n", checks);
	return 0;
}

int hostile_main(void);
size_t front_slow_command(uint8_t *c);

int front_main(int argc, char **argv)
{
	const char *mode = arg(argc, argv, "mode");
	const char *ns = arg(argc, argv, "n");
	unsigned int n = 0;

	real_tpm =
	    arg(argc, argv, "tpm") && !strcmp(arg(argc, argv, "tpm"), "real");
	while (ns && *ns >= '0' && *ns <= '9' && n < 100000)
		n = n * 10 + (unsigned int)(*ns++ - '0');
	if (!mode || !strcmp(mode, "good"))
		return mode_good(n ? n : 200,
				 arg(argc, argv, "either") != NULL);
	if (!strcmp(mode, "hostile"))
		return hostile_main();
	if (!strcmp(mode, "die")) {
		struct tpmfront *tf = open_dev();
		volatile uint8_t *p;
		size_t len;

		if (!tf)
			return 1;
		/* A slow command, then the domain dies under it. */
		p = tpmfront_test_page(tf);
		len = front_slow_command(cmd);
		memcpy((uint8_t *)p + 8, cmd, len);
		*(volatile uint32_t *)p = (uint32_t)len;
		p[4] = 1;
		tpmfront_test_notify(tf);
		msleep(200);
		printk("tpmiftest: dying mid-command\n");
		domain_exit(1);
	}
	printk("VERDICT: FAIL tpmiftest: unknown mode %s\n", mode);
	return 1;
}

/*
 * A command the backend takes a while to answer: the fake TPM's
 * FAKE_SLOW, or for tpm=real a TPM2_CreatePrimary of an RSA-2048 storage
 * key under the owner hierarchy (empty auth, password session): the
 * prime search takes a real TPM the longest of any common command.
 * Returns its length (12 or 67 bytes).
 */
size_t front_slow_command(uint8_t *c)
{
	/* clang-format off */
	static const uint8_t create_primary[] = {
		0x80, 0x02, 0, 0, 0, 67, 0, 0, 0x01, 0x31, /* header */
		0x40, 0x00, 0x00, 0x01,			/* TPM_RH_OWNER */
		0, 0, 0, 9,				/* auth area size */
		0x40, 0x00, 0x00, 0x09, 0, 0, 0, 0, 0,	/* TPM_RS_PW, empty */
		0, 4, 0, 0, 0, 0,			/* inSensitive */
		0, 26,					/* inPublic size */
		0x00, 0x01, 0x00, 0x0b,			/* RSA, SHA-256 */
		0x00, 0x03, 0x00, 0x72,	/* restricted decrypt, fixed, userAuth */
		0, 0,					/* authPolicy */
		0x00, 0x06, 0x00, 0x80, 0x00, 0x43,	/* AES-128-CFB */
		0x00, 0x10, 0x08, 0x00,			/* no scheme, 2048 bits */
		0, 0, 0, 0, 0, 0,			/* exponent, unique */
		0, 0,					/* outsideInfo */
		0, 0, 0, 0,				/* creationPCR */
	};
	/* clang-format on */

	if (!real_tpm) {
		fake_command(c, 12, FAKE_SLOW, 0);
		return 12;
	}
	memcpy(c, create_primary, sizeof(create_primary));
	return sizeof(create_primary);
}

bool front_real(void)
{
	return real_tpm;
}

/* For hostile.c: the shared checker state. */
void front_expect(bool ok, const char *what)
{
	checks++;
	if (!ok) {
		fails++;
		printk("tpmiftest: FAIL %s\n", what);
	} else {
		printk("tpmiftest: ok %s\n", what);
	}
}

struct tpmfront *front_open(void)
{
	return open_dev();
}

uint32_t front_next_seq(struct tpmfront *tf)
{
	return next_seq(tf);
}

uint32_t front_commands(struct tpmfront *tf, unsigned int n, uint32_t seq)
{
	return run_commands(tf, n, seq);
}

unsigned int front_fails(void)
{
	return fails;
}

unsigned int front_checks(void)
{
	return checks;
}
