/*
 * disk.c - suspendtest's disk half, when the domain has an xvda
 * (tests/boot/suspend-io): writes kept in flight across the suspend.
 *
 * A writer thread keeps QD 4 KiB writes in flight over NBLK blocks, each
 * block at most once at a time, every write a new generation of a
 * pattern, and records the generation of each write the driver said was
 * done.  The suspend must not lose one: blkfront drains what is in flight
 * before the save and pauses the writer, so the checkpoint's record and
 * the disk agree.  After the resume the writer is stopped and every
 * block read back must hold exactly its last completed generation (0:
 * the zeros it started with) - in the original domain and, from the same
 * checkpoint, in the restored one, which then writes and reads one more
 * round through its new connection.
 */
#include <domlet/kernel.h>
#include <string.h>
#include "blkfront/blkfront.h"
#include "suspendtest.h"

#define NBLK	 64
#define QD	 8
#define BLK	 4096
#define SECT_PER (BLK / 512)

struct wr {
	struct blkfront_req req;
	unsigned int blk;
	uint32_t gen;
	uint64_t buf[BLK / 8];
};

static struct blkfront *dev;
static struct thread *writer_thread;
static volatile bool stop;
static struct wr slots[QD];
static uint32_t done_gen[NBLK]; /* last generation the driver completed */
static bool busy[NBLK], unknown[NBLK];
static unsigned long writes_ok, writes_failed;
static unsigned int at_suspend; /* requests in flight when it began */

static void fill(uint64_t *buf, unsigned int blk, uint32_t gen)
{
	unsigned int i;

	for (i = 0; i < BLK / 8; i++)
		buf[i] =
		    gen ? ((uint64_t)blk << 40 | (uint64_t)gen << 8 | i) : 0;
}

static void wr_done(struct blkfront_req *r)
{
	struct wr *w = r->arg;

	busy[w->blk] = false;
	if (r->status == 0) {
		done_gen[w->blk] = w->gen;
		writes_ok++;
	} else {
		unknown[w->blk] = true; /* may be half written */
		writes_failed++;
	}
}

/* Starts the write in slot w on the next idle block; false if none
 * could start now. */
static bool start_one(struct wr *w)
{
	static unsigned int next;
	static uint32_t gen;
	unsigned int tries;
	int rc;

	for (tries = 0; tries < NBLK && busy[next % NBLK]; tries++)
		next++;
	if (tries == NBLK)
		return false;
	w->blk = next++ % NBLK;
	w->gen = ++gen;
	fill(w->buf, w->blk, w->gen);
	w->req = (struct blkfront_req){.op = BLKFRONT_WRITE,
				       .sector = (uint64_t)w->blk * SECT_PER,
				       .buf = w->buf,
				       .len = BLK,
				       .done = wr_done,
				       .arg = w};
	busy[w->blk] = true;
	rc = blkfront_submit(dev, &w->req);
	if (rc) {
		busy[w->blk] = false;
		w->req.status = rc; /* not in flight */
		if (rc != -EAGAIN)
			writes_failed++;
		return false;
	}
	return true;
}

static long writer(void *arg)
{
	unsigned int i;

	(void)arg;
	while (!stop) {
		for (i = 0; i < QD; i++)
			if (slots[i].req.status != -EINPROGRESS &&
			    !start_one(&slots[i]))
				break;
		/* Sleeps through a pause (blkfront's suspend hook). */
		blkfront_wait(dev, monotonic_ns() + NSEC_PER_SEC);
	}
	while (blkfront_in_flight(dev) &&
	       blkfront_wait(dev, monotonic_ns() + 5 * NSEC_PER_SEC) >= 0)
		;
	return 0;
}

static int disk_suspend(void *arg)
{
	(void)arg;
	at_suspend = blkfront_in_flight(dev);
	return 0;
}

static struct suspend_hook hook = {.suspend = disk_suspend};

bool disk_start(void)
{
	uint64_t deadline = monotonic_ns() + 30 * NSEC_PER_SEC;
	unsigned int ids[1];
	unsigned int i;

	if (blkfront_list(ids, 1) < 1)
		return false;
	if (blkfront_open("xvda", &dev)) {
		expect(false, "disk: open xvda");
		return false;
	}
	for (i = 0; i < QD; i++)
		slots[i].req.status = 0;
	writer_thread = thread_create("writer", writer, NULL);
	expect(writer_thread != NULL, "disk: writer thread");
	/* After blkfront's: hooks run newest first, so this one sees the
	 * requests before blkfront drains them. */
	suspend_hook_register(&hook);
	while (writer_thread && writes_ok < 50 && !writes_failed &&
	       monotonic_ns() < deadline)
		msleep(10);
	expect(writes_ok >= 50, "disk: writes flowing before the save");
	return writer_thread != NULL;
}

/* Reads every block back against its last completed generation. */
static void verify(const char *when)
{
	static uint64_t got[BLK / 8], want[BLK / 8];
	unsigned int b, bad = 0, skipped = 0;

	for (b = 0; b < NBLK; b++) {
		if (unknown[b]) {
			skipped++;
			continue;
		}
		fill(want, b, done_gen[b]);
		if (blkfront_read(dev, (uint64_t)b * SECT_PER, got, BLK) ||
		    memcmp(got, want, BLK))
			bad++;
	}
	printk("suspendtest: disk %s: %u blocks, %u differ, %u unknown\n", when,
	       NBLK, bad, skipped);
	expect(bad == 0 && skipped == 0, "disk: every block holds its last "
					 "completed write");
}

void disk_check(bool new_domain)
{
	unsigned int b;

	stop = true;
	thread_join(writer_thread, NULL);
	printk("suspendtest: disk: %lu writes done, %lu failed, %u in "
	       "flight when the suspend began\n",
	       writes_ok, writes_failed, at_suspend);
	expect(writes_failed == 0, "disk: no write failed");
	expect(at_suspend > 0, "disk: writes were in flight at the suspend");
	verify("after the resume");
	if (!new_domain)
		return;
	/* The restored copy's own connection: one more round. */
	for (b = 0; b < NBLK; b++) {
		fill(slots[0].buf, b, done_gen[b] + 1000000);
		if (blkfront_write(dev, (uint64_t)b * SECT_PER, slots[0].buf,
				   BLK) == 0)
			done_gen[b] += 1000000;
		else
			unknown[b] = true;
	}
	verify("after writing through the new connection");
}
