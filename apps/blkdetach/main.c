/*
 * blkdetach - blkfront's detach test (tests/boot/blk-detach).  Keeps
 * reads and writes in flight on xvda until dom0 runs `xl block-detach`
 * (during.sh, on BLK-TRAFFIC).  Then every in-flight request must end
 * with -ENODEV, new requests must be refused, the driver must tear the
 * device down by itself (every grant back), and the domain must still
 * shut down cleanly on `xl shutdown`.  Nothing may hang: every wait is
 * bounded.
 */
#include <domlet/kernel.h>
#include <string.h>
#include "blkfront/blkfront.h"

#define QD     16
#define IO_MAX (64 * 1024)
#define WAIT_S 120

static int checks, failures;

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
			 char **bufs, unsigned int grants0)
{
	struct blkfront_req extra = {
	    .op = BLKFRONT_READ, .buf = bufs[0], .len = 4096};
	uint64_t end = monotonic_ns() + 30 * NSEC_PER_SEC;
	int rc;

	check(all_done(r), "in-flight requests ended", "none left pending");
	rc = blkfront_submit(d, &extra);
	check(rc == -ENODEV, "new request refused", "rc %d", rc);
	rc = blkfront_read(d, 0, bufs[0], 4096);
	check(rc == -ENODEV, "sync read refused", "rc %d", rc);
	/* The driver tears down from its watch once blkback let go. */
	while (gnttab_free_count() != grants0 && monotonic_ns() < end)
		msleep(100);
	check(gnttab_free_count() == grants0, "grants freed after detach",
	      "%u free, %u before open", gnttab_free_count(), grants0);
	blkfront_close(d);
}

int main(int argc, char **argv)
{
	static struct blkfront_req r[QD];
	static char *bufs[QD];
	struct stats s = {0};
	unsigned int i, grants0 = gnttab_free_count();
	struct blkfront *d;
	int rc, reason;

	(void)argc;
	(void)argv;
	printk("domlet blkdetach: starting\n");
	for (i = 0; i < QD; i++)
		if (!(bufs[i] = alloc_pages(4))) {
			printk("VERDICT: FAIL blk-detach: out of memory\n");
			return 1;
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
		after_detach(d, r, bufs, grants0);
	}
	printk("READY-FOR-SHUTDOWN\n");
	reason = shutdown_wait(120 * NSEC_PER_SEC);
	check(reason == SHUTDOWN_poweroff, "xl shutdown handled", "reason %d",
	      reason);
	if (failures) {
		printk("VERDICT: FAIL blk-detach: %d of %d checks failed\n",
		       failures, checks);
		return 1;
	}
	printk("VERDICT: PASS blk-detach (%d checks)\n", checks);
	return 0;
}
