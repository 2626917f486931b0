/*
 * hostile.c - tpmiftest's hostile frontend: every way a guest can break
 * the tpmif protocol, one at a time, each on a fresh connection.  After
 * each, the backend must have moved to Closing (it refused that
 * connection, and said why on its console) and still be alive; at the
 * end a good session must be served, the TPM state kept (the same
 * domain reconnecting is no platform reset).  With tpm=real (the
 * vTPM stub domain) the same, but answers are only checked for form and
 * the command closed under is a slow TPM2_CreatePrimary.
 */
#include <string.h>
#include <domlet/printf.h>
#include "tpmfront/tpmfront.h"
#include "tpmiftest.h"

#define WAIT (10 * NSEC_PER_SEC)

void front_expect(bool ok, const char *what);
struct tpmfront *front_open(void);
uint32_t front_commands(struct tpmfront *tf, unsigned int n, uint32_t seq);
uint32_t front_next_seq(struct tpmfront *tf);
unsigned int front_fails(void);
unsigned int front_checks(void);
size_t front_slow_command(uint8_t *c);
bool front_real(void);

static const char *fe = "device/vtpm/0";
static char be[128];
static domid_t beid;
static char msg[160];

static int read_backend(void)
{
	unsigned long v;
	int n = xenbus_read(XBT_NIL, "device/vtpm/0/backend", be, sizeof(be));

	if (n <= 0 ||
	    xenbus_read_ulong(XBT_NIL, "device/vtpm/0/backend-id", &v))
		return -ENOENT;
	beid = (domid_t)v;
	return 0;
}

static bool be_reaches(XenbusState want)
{
	XenbusState seen = XenbusStateUnknown;

	return xenbus_wait_state(be, want, monotonic_ns() + WAIT, &seen) == 0;
}

/* A connection whose page then says (len, state, nr_extra). */
static void bad_page(const char *what, uint32_t len, uint8_t state,
		     uint8_t nr_extra)
{
	struct tpmfront *tf = front_open();
	volatile uint8_t *p;
	uint8_t cmd[16];

	if (!tf) {
		front_expect(false, what);
		return;
	}
	p = tpmfront_test_page(tf);
	fake_command(cmd, sizeof(cmd), 0x17b, 0);
	memcpy((uint8_t *)p + 8, cmd, sizeof(cmd));
	*(volatile uint32_t *)p = len;
	p[7] = nr_extra;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	p[4] = state;
	tpmfront_test_notify(tf);
	ksnprintf(msg, sizeof(msg), "%s: backend closed the connection", what);
	front_expect(be_reaches(XenbusStateClosing), msg);
	tpmfront_close(tf);
}

/* Events with nothing submitted are ignored, then served as usual. */
static void spurious(void)
{
	struct tpmfront *tf = front_open();
	volatile uint8_t *p;
	unsigned int i;

	if (!tf) {
		front_expect(false, "spurious events");
		return;
	}
	p = tpmfront_test_page(tf);
	for (i = 0; i < 1000; i++) {
		p[4] = (uint8_t)(i & 1 ? 0 : 2); /* IDLE, FINISH */
		tpmfront_test_notify(tf);
		if (i % 64 == 0)
			yield();
	}
	front_expect(front_commands(tf, 5, 1) == 6,
		     "1000 spurious events, then 5 commands served");
	tpmfront_close(tf);
}

/* A slow command, then Closing before its answer. */
static void close_mid_command(void)
{
	struct tpmfront *tf = front_open();
	volatile uint8_t *p;
	uint8_t cmd[80];
	size_t len;
	uint64_t t0;

	if (!tf) {
		front_expect(false, "close mid-command");
		return;
	}
	p = tpmfront_test_page(tf);
	len = front_slow_command(cmd);
	memcpy((uint8_t *)p + 8, cmd, len);
	*(volatile uint32_t *)p = (uint32_t)len;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	p[4] = 1;
	tpmfront_test_notify(tf);
	msleep(100);
	t0 = monotonic_ns();
	tpmfront_close(tf);
	if (!front_real()) {
		front_expect(monotonic_ns() - t0 < 4 * NSEC_PER_SEC,
			     "close mid-command finished within 4 s");
		return;
	}
	/* A real TPM may still be computing: no time limit here, but the
	 * next session must be served (this also waits for it). */
	printk("tpmiftest: closed mid-command in %lu ms\n",
	       (unsigned long)((monotonic_ns() - t0) / 1000000));
	tf = front_open();
	front_expect(tf && front_commands(tf, 4, 1) == 5,
		     "served again after a close mid-command");
	if (tf)
		tpmfront_close(tf);
}

static int fe_write(const char *key, const char *val)
{
	char path[64];

	ksnprintf(path, sizeof(path), "%s/%s", fe, key);
	return val ? xenbus_write(XBT_NIL, path, val)
		   : xenbus_rm(XBT_NIL, path);
}

/*
 * Handshake by hand with the given ring-ref, event-channel and
 * feature-protocol-v2 (NULL: absent): Initialising, Initialised; the
 * backend must refuse (Closing); then Closed, which it must follow.
 */
static void bad_handshake(const char *what, const char *ref, const char *port,
			  const char *v2)
{
	bool ok;

	fe_write("state", "1");
	ok = be_reaches(XenbusStateInitWait);
	fe_write("ring-ref", ref);
	fe_write("event-channel", port);
	fe_write("feature-protocol-v2", v2);
	fe_write("state", "3");
	ok = ok && be_reaches(XenbusStateClosing);
	fe_write("state", "6");
	ok = ok && be_reaches(XenbusStateClosed);
	ksnprintf(msg, sizeof(msg), "%s: backend refused, then closed", what);
	front_expect(ok, msg);
}

static void bad_xenstore(void)
{
	void *page = alloc_pages(0);
	long ref = page ? gnttab_grant(beid, virt_to_mfn(page), false) : -1;
	char good_ref[16], good_port[16];
	evtchn_port_t port = 0;

	if (ref < 0 || evtchn_alloc_unbound(beid, NULL, NULL, &port)) {
		front_expect(false, "a page and port for the handshakes");
		return;
	}
	memset(page, 0, 4096);
	ksnprintf(good_ref, sizeof(good_ref), "%ld", ref);
	ksnprintf(good_port, sizeof(good_port), "%u", port);
	bad_handshake("ring-ref 'abc'", "abc", good_port, "1");
	bad_handshake("ring-ref 2^40", "1099511627776", good_port, "1");
	bad_handshake("ring-ref ' 7'", " 7", good_port, "1");
	bad_handshake("ring-ref not granted (4000)", "4000", good_port, "1");
	bad_handshake("ring-ref missing", NULL, good_port, "1");
	bad_handshake("event-channel 'x1'", good_ref, "x1", "1");
	bad_handshake("event-channel not ours (99999)", good_ref, "99999", "1");
	bad_handshake("event-channel -1", good_ref, "-1", "1");
	bad_handshake("feature-protocol-v2 missing", good_ref, good_port, NULL);
	bad_handshake("feature-protocol-v2 '0'", good_ref, good_port, "0");
	/* A state that is no xenbus state at all. */
	fe_write("state", "1");
	be_reaches(XenbusStateInitWait);
	fe_write("state", "banana");
	front_expect(be_reaches(XenbusStateClosing),
		     "frontend state 'banana': backend closed");
	fe_write("state", "6");
	be_reaches(XenbusStateClosed);
	evtchn_close(port);
	/* The backend unmapped it when it refused (or never mapped it). */
	front_expect(gnttab_end((grant_ref_t)ref) == 0,
		     "the backend holds no mapping of a refused ring");
	free_pages(page, 0);
}

int hostile_main(void)
{
	struct tpmfront *tf;
	uint32_t s;

	if (read_backend()) {
		printk("VERDICT: FAIL tpmif-front hostile: no device/vtpm/0\n");
		return 1;
	}
	bad_page("length 4089", 4089, 1, 0);
	bad_page("length 0xffffffff", 0xffffffffu, 1, 0);
	bad_page("length 5", 5, 1, 0);
	bad_page("length 0", 0, 1, 0);
	bad_page("state 4", 16, 4, 0);
	bad_page("state 0xff", 16, 0xff, 0);
	bad_page("nr_extra_pages 1", 16, 1, 1);
	bad_page("nr_extra_pages 255", 16, 1, 255);
	spurious();
	close_mid_command();
	bad_xenstore();
	/*
	 * After all that: served, the fake TPM's count going on from the
	 * 5 commands of spurious() (6, or 7 if the backend read the
	 * command of close_mid_command before the close): none of these
	 * reconnects in the same domain was a platform reset.  tpm=real:
	 * every answer a TPM 2.0 response, every GetRandom successful.
	 */
	tf = front_open();
	s = tf ? front_next_seq(tf) : 0;
	printk("tpmiftest: the good session starts at seq %u\n", s);
	front_expect(tf && (s == 6 || s == 7 || (front_real() && s)) &&
			 front_commands(tf, 50, s + 1) == s + 51,
		     "a good session after the hostile ones, TPM state kept");
	if (tf)
		tpmfront_close(tf);
	if (front_fails()) {
		printk("VERDICT: FAIL tpmif-front hostile: %u of %u checks\n",
		       front_fails(), front_checks());
		return 1;
	}
	printk("VERDICT: PASS tpmif-front hostile: %u checks\n",
	       front_checks());
	return 0;
}
