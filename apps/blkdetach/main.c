/*
 * blkdetach - the detach tests (tests/boot/blk-detach, tests/boot/detach).
 * Keeps reads and writes in flight on xvda until dom0 runs `xl
 * block-detach` (during.sh, on BLK-TRAFFIC).  Then every in-flight
 * request must end with -ENODEV, new requests must be refused, the driver
 * must tear the device down by itself (every grant back), and the domain
 * must still shut down cleanly on `xl shutdown`.  Nothing may hang: every
 * wait is bounded.
 *
 * With the argument `net` (tests/boot/detach) a second thread also
 * streams raw broadcast frames on vif 0 from before BLK-TRAFFIC until
 * netfront_send fails, and dom0 detaches the vif at the same time as the
 * disk: the sends must end with -ENODEV, netfront_close must get every
 * grant back, and the grant count after both devices are gone must be
 * the one before either was opened.
 */
#include <domlet/kernel.h>
#include <string.h>
#include "blkfront/blkfront.h"
#include "netfront/netfront.h"

#define QD     16
#define IO_MAX (64 * 1024)
#define WAIT_S 120

static int checks, failures;

/* The vif streamer of `net` mode. */
struct netload {
	struct netfront *nf;
	unsigned long sent;
	bool done; /* the streamer returned */
	int rc;	   /* how the stream ended */
};

static void check(bool ok, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void check(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	checks++;
	failures += !ok;
	printk("%s %s: ", ok ? "ok  " : "FAIL", name);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
}

struct stats {
	unsigned long ok, enodev, other;
	int other_err;
};

static void io_done(struct blkfront_req *r)
{
	struct stats *s = r->arg;

	if (r->status == 0)
		s->ok++;
	else if (r->status == -ENODEV)
		s->enodev++;
	else {
		s->other++;
		s->other_err = r->status;
	}
}

static uint64_t rng = 88172645463325252ull;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Refills idle requests with random reads and writes of 4..64 KiB. */
static int refill(struct blkfront *d, struct blkfront_req *r, char **bufs,
		  struct stats *s)
{
	uint64_t blocks = blkfront_info(d)->sectors / 8;
	unsigned int i;

	for (i = 0; i < QD; i++) {
		size_t len = (1 + rnd() % 16) * 4096;
		uint64_t at = rnd() % (blocks - 16) * 8;
		int rc;

		if (r[i].status == -EINPROGRESS)
			continue;
		r[i] = (struct blkfront_req){.op = rnd() & 1 ? BLKFRONT_WRITE
							     : BLKFRONT_READ,
					     .sector = at,
					     .buf = bufs[i],
					     .len = len,
					     .done = io_done,
					     .arg = s};
		rc = blkfront_submit(d, &r[i]);
		if (rc == -EAGAIN)
			return 0;
		if (rc)
			return rc;
	}
	return 0;
}

/* Runs traffic until the device goes away; returns the refusal seen. */
static int traffic(struct blkfront *d, struct blkfront_req *r, char **bufs,
		   struct stats *s)
{
	uint64_t end = monotonic_ns() + WAIT_S * NSEC_PER_SEC;
	bool announced = false;
	int rc = 0;

	while (!rc && monotonic_ns() < end) {
		rc = refill(d, r, bufs, s);
		if (!announced && s->ok >= 200) {
			printk("BLK-TRAFFIC running (%u in flight)\n",
			       blkfront_in_flight(d));
			announced = true;
		}
		if (!rc) {
			rc = blkfront_wait(d, monotonic_ns() + NSEC_PER_SEC);
			rc = rc == -ETIMEDOUT || rc >= 0 ? 0 : rc;
		}
	}
	return rc;
}

static bool all_done(const struct blkfront_req *r)
{
	unsigned int i;

	for (i = 0; i < QD; i++)
		if (r[i].status == -EINPROGRESS)
			return false;
	return true;
}

static void after_detach(struct blkfront *d, struct blkfront_req *r,
			 char **bufs)
{
	struct blkfront_req extra = {
	    .op = BLKFRONT_READ, .buf = bufs[0], .len = 4096};
	int rc;

	check(all_done(r), "in-flight requests ended", "none left pending");
	rc = blkfront_submit(d, &extra);
	check(rc == -ENODEV, "new request refused", "rc %d", rc);
	rc = blkfront_read(d, 0, bufs[0], 4096);
	check(rc == -ENODEV, "sync read refused", "rc %d", rc);
}

/* The drivers tear down from their watches once the backends let go:
 * every grant must come back before anyone calls blkfront_close. */
static void check_grants(unsigned int grants0, const char *name)
{
	uint64_t end = monotonic_ns() + 30 * NSEC_PER_SEC;

	while (gnttab_free_count() != grants0 && monotonic_ns() < end)
		msleep(100);
	check(gnttab_free_count() == grants0, name, "%u free, %u before open",
	      gnttab_free_count(), grants0);
}

/* Broadcast frames of the IEEE local experimental ethertype 0x88b5 until
 * a send fails other than by a full ring.  They need no peer. */
static long net_stream(void *arg)
{
	struct netload *nl = arg;
	uint64_t end = monotonic_ns() + WAIT_S * NSEC_PER_SEC;
	unsigned char frame[512] = {0};
	struct netfront_info inf;
	int rc = 0;

	netfront_get_info(nl->nf, &inf);
	memset(frame, 0xff, 6);
	memcpy(frame + 6, inf.mac, 6);
	frame[12] = 0x88;
	frame[13] = 0xb5;
	while (monotonic_ns() < end) {
		rc = netfront_send(nl->nf, frame, sizeof(frame), 0,
				   NSEC_PER_SEC);
		if (rc == 0)
			nl->sent++;
		else if (rc != -ETIMEDOUT)
			break;
		if ((nl->sent & 31) == 0)
			yield(); /* cooperative: let the block side run */
	}
	nl->rc = rc;
	nl->done = true;
	return 0;
}

static void net_after_detach(struct netload *nl, struct thread *t)
{
	uint64_t end = monotonic_ns() + 30 * NSEC_PER_SEC;
	int rc;

	/* The streamer ends within a second of the detach (its send
	 * timeout); bounded anyway. */
	while (!nl->done && monotonic_ns() < end)
		msleep(100);
	check(nl->rc == -ENODEV, "vif sends ended with -ENODEV",
	      "rc %d after %lu frames", nl->rc, nl->sent);
	if (!nl->done)
		return; /* never join a thread that may still run */
	thread_join(t, NULL);
	rc = netfront_send(nl->nf, (unsigned char[60]){0}, 60, 0, 0);
	check(rc == -ENODEV, "send after vif detach refused", "rc %d", rc);
	rc = netfront_close(nl->nf);
	check(rc == 0, "netfront_close got every grant back", "rc %d", rc);
}

int main(int argc, char **argv)
{
	static struct blkfront_req r[QD];
	static char *bufs[QD];
	struct stats s = {0};
	unsigned int i, grants0 = gnttab_free_count();
	struct blkfront *d;
	struct netload nl = {0};
	struct thread *nt = NULL;
	bool net = argc > 1 && strcmp(argv[1], "net") == 0;
	const char *test = net ? "detach" : "blk-detach";
	int rc, reason;

	printk("domlet blkdetach: starting%s\n", net ? " (disk and vif)" : "");
	for (i = 0; i < QD; i++)
		if (!(bufs[i] = alloc_pages(4))) {
			printk("VERDICT: FAIL %s: out of memory\n", test);
			return 1;
		}
	if (net) {
		rc = netfront_open(0, NULL, NULL, &nl.nf);
		check(rc == 0, "open vif 0", "rc %d", rc);
		if (rc == 0 &&
		    !(nt = thread_create("netload", net_stream, &nl))) {
			check(false, "start the vif streamer", "out of memory");
			netfront_close(nl.nf);
		}
	}
	rc = blkfront_open("xvda", &d);
	check(rc == 0, "open xvda", "rc %d", rc);
	if (rc == 0) {
		rc = traffic(d, r, bufs, &s);
		check(rc == -ENODEV, "detach seen during traffic",
		      "rc %d after %lu requests", rc, s.ok);
		check(s.enodev > 0 && s.other == 0,
		      "in-flight requests ended with -ENODEV",
		      "%lu ok, %lu -ENODEV, %lu other (last %d)", s.ok,
		      s.enodev, s.other, s.other_err);
		after_detach(d, r, bufs);
	} else {
		d = NULL;
	}
	if (nt)
		net_after_detach(&nl, nt);
	if (d || nt)
		check_grants(grants0, nt ? "grants freed after both detaches"
					 : "grants freed after detach");
	if (d)
		blkfront_close(d);
	printk("READY-FOR-SHUTDOWN\n");
	reason = shutdown_wait(120 * NSEC_PER_SEC);
	check(reason == SHUTDOWN_poweroff, "xl shutdown handled", "reason %d",
	      reason);
	if (failures) {
		printk("VERDICT: FAIL %s: %d of %d checks failed\n", test,
		       failures, checks);
		return 1;
	}
	printk("VERDICT: PASS %s (%d checks)\n", test, checks);
	return 0;
}
