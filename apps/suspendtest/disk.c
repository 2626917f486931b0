/*
 * disk.c - suspendtest's disk half, when the domain has an xvda
 * (tests/boot/suspend-io): writes kept in flight across the suspend.
 *
 * A writer thread keeps QD 4 KiB writes in flight over NBLK blocks, each
 * block at most once at a time, every write a new generation of a
 * pattern, and records the generation of each write the driver said was
 * done.  The suspend must not lose one: blkfront drains what is in flight
 * before the save and pauses the writer, so the checkpoint's record and
 * the disk agree.
 *
 * The original domain (`xl save -c` resumes it) writes on through its
 * old connection for at least NBLK more writes, then stops the writer,
 * and every block read back must hold exactly its last completed
 * generation (0: the zeros it started with).
 *
 * The restored copy starts from the checkpoint once the original is
 * gone, so the disk also holds the original's writes after the
 * checkpoint: its writer stops at the resume, before writing, and each
 * block must hold either the generation the checkpoint records for it
 * or a whole, untorn pattern of a generation the checkpoint had not yet
 * issued (the original's); at least one such block must be seen, as the
 * original wrote them all.  The copy then writes every block once more
 * through its new connection and reads each back exactly.
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
static uint32_t gen; /* the last generation issued */
static uint32_t gen_at_resume;
static unsigned long writes_ok, writes_failed;
static unsigned long ok_at_resume; /* writes_ok then */
static unsigned int at_suspend;	   /* requests in flight when it began */

static void fill(uint64_t *buf, unsigned int blk, uint32_t g)
{
	unsigned int i;

	for (i = 0; i < BLK / 8; i++)
		buf[i] = g ? ((uint64_t)blk << 40 | (uint64_t)g << 8 | i) : 0;
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

/* Runs before blkfront's resume (hooks run newest first): nothing is in
 * flight and the writer has not run since the checkpoint. */
static void disk_resume(void *arg, bool new_domain)
{
	(void)arg;
	gen_at_resume = gen;
	ok_at_resume = writes_ok;
	if (new_domain)
		stop = true;
}

static struct suspend_hook hook = {.suspend = disk_suspend,
				   .resume = disk_resume};

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

/* Whether got is block b's whole pattern of a generation the original
 * domain issued after the checkpoint (see the top of this file). */
static bool later_original_write(const uint64_t *got, unsigned int b)
{
	static uint64_t want[BLK / 8];
	uint32_t g = (uint32_t)(got[0] >> 8);

	if (g <= gen_at_resume || (got[0] >> 40) != b)
		return false;
	fill(want, b, g);
	return memcmp(got, want, BLK) == 0;
}

/* Reads every block back against its last completed generation. */
static unsigned int verify(const char *when, bool new_domain)
{
	static uint64_t got[BLK / 8], want[BLK / 8];
	unsigned int b, bad = 0, skipped = 0, later = 0;

	for (b = 0; b < NBLK; b++) {
		if (unknown[b]) {
			skipped++;
			continue;
		}
		fill(want, b, done_gen[b]);
		if (blkfront_read(dev, (uint64_t)b * SECT_PER, got, BLK))
			bad++;
		else if (memcmp(got, want, BLK) == 0)
			continue;
		else if (new_domain && later_original_write(got, b))
			later++;
		else
			bad++;
	}
	printk("suspendtest: disk %s: %u blocks, %u differ, %u unknown", when,
	       NBLK, bad, skipped);
	if (new_domain)
		printk(", %u rewritten by the original after the checkpoint",
		       later);
	printk("\n");
	expect(bad == 0 && skipped == 0, "disk: every block holds its last "
					 "completed write");
	return later;
}

void disk_check(bool new_domain)
{
	uint64_t deadline = monotonic_ns() + 30 * NSEC_PER_SEC;
	unsigned int b;

	if (!new_domain) {
		while (writes_ok - ok_at_resume < NBLK && !writes_failed &&
		       monotonic_ns() < deadline)
			msleep(10);
		expect(writes_ok - ok_at_resume >= NBLK,
		       "disk: writes flowing after the resume");
	}
	stop = true;
	thread_join(writer_thread, NULL);
	printk("suspendtest: disk: %lu writes done, %lu failed, %u in "
	       "flight when the suspend began\n",
	       writes_ok, writes_failed, at_suspend);
	expect(writes_failed == 0, "disk: no write failed");
	expect(at_suspend > 0, "disk: writes were in flight at the suspend");
	if (!new_domain) {
		verify("after the resume", false);
		return;
	}
	expect(verify("after the resume", true) > 0,
	       "disk: the original's writes after the checkpoint are there");
	/* The restored copy's own connection: one more round. */
	for (b = 0; b < NBLK; b++) {
		fill(slots[0].buf, b, done_gen[b] + 1000000);
		if (blkfront_write(dev, (uint64_t)b * SECT_PER, slots[0].buf,
				   BLK) == 0)
			done_gen[b] += 1000000;
		else
			unknown[b] = true;
	}
	verify("after writing through the new connection", false);
}
