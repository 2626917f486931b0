/* threads.c - selftest: threads, wait queues, sleep and timers. */
#include "selftest.h"

static struct waitqueue go_wq = WAITQUEUE_INIT;
static struct waitqueue done_wq = WAITQUEUE_INIT;
static bool go;
static int arrived, finished;

static long worker(void *arg)
{
	long id = (long)arg;

	arrived++;
	wait_event_until(go_wq, go, 0);
	yield();
	finished++;
	wake_up(&done_wq);
	return id * 10;
}

void test_threads(void)
{
	struct thread *t[4];
	unsigned long before = thread_count();
	long i, code, sum = 0;
	int rc;

	for (i = 0; i < 4; i++)
		t[i] = thread_create("worker", worker, (void *)(i + 1));
	check(t[0] && t[1] && t[2] && t[3], "thread create", "4 threads");
	yield();
	check(arrived == 4 && finished == 0, "wait queue blocks",
	      "%d arrived, %d finished before wake", arrived, finished);
	go = true;
	wake_up(&go_wq);
	rc = wait_event_until(done_wq, finished == 4,
			      monotonic_ns() + 5 * NSEC_PER_SEC);
	check(rc == 0 && finished == 4, "wake_up", "%d finished", finished);
	for (i = 0; i < 4; i++) {
		if (t[i] && thread_join(t[i], &code) == 0)
			sum += code;
	}
	check(sum == 100, "thread join", "exit codes sum %ld (want 100)", sum);
	check(thread_count() == before, "threads reaped",
	      "%lu threads, %lu before", thread_count(), before);
}

struct timer_probe {
	struct ktimer t;
	uint64_t fired_at;
	struct waitqueue wq;
};

static void timer_fired(void *arg)
{
	struct timer_probe *p = arg;

	p->fired_at = monotonic_ns();
	wake_up(&p->wq);
}

void test_time(void)
{
	struct timer_probe p = {.wq = WAITQUEUE_INIT};
	uint64_t sec, t0, slept, late;
	uint32_t nsec;

	t0 = monotonic_ns();
	msleep(50);
	slept = monotonic_ns() - t0;
	/* Bounds: never early; late by at most 2 s even on a busy TCG host. */
	check(slept >= 50 * NSEC_PER_MSEC && slept < 2050 * NSEC_PER_MSEC,
	      "msleep(50)", "slept %lu us", (unsigned long)(slept / 1000));
	wallclock(&sec, &nsec);
	check(sec > 1600000000ull, "wall clock", "%lu s since 1970",
	      (unsigned long)sec);
	t0 = monotonic_ns();
	timer_arm(&p.t, t0 + 30 * NSEC_PER_MSEC, timer_fired, &p);
	wait_event_until(p.wq, p.fired_at != 0, t0 + 5 * NSEC_PER_SEC);
	late = p.fired_at - (t0 + 30 * NSEC_PER_MSEC);
	check(p.fired_at >= t0 + 30 * NSEC_PER_MSEC && late < 2 * NSEC_PER_SEC,
	      "one-shot timer", "fired %ld us after its deadline",
	      p.fired_at ? (long)(late / 1000) : -1L);
	p.fired_at = 0;
	t0 = monotonic_ns();
	timer_arm(&p.t, t0 + 10 * NSEC_PER_MSEC, timer_fired, &p);
	timer_cancel(&p.t);
	msleep(50);
	check(p.fired_at == 0, "timer cancel", "cancelled timer stayed quiet");
}
