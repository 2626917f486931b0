/*
 * suspendtest - survives xl save / xl restore.  It waits to be suspended;
 * after the resume (cancelled: `xl save -c` left us running; or in a new
 * domain: `xl restore` of that checkpoint) it checks that timers, event
 * channels, xenstore and grants work again, and prints a verdict naming
 * which resume it saw.  tests/boot/suspend drives both.  With a disk
 * (tests/boot/suspend-io) it also keeps writes in flight across the
 * suspend and checks none is lost (disk.c).
 */
#include <domlet/kernel.h>
#include <string.h>
#include "suspendtest.h"

static struct waitqueue resumed_wq = WAITQUEUE_INIT;
static int resumes;
static bool new_domain;
static int failures;

static void on_resume(void *arg, bool fresh)
{
	(void)arg;
	new_domain = fresh;
	resumes++;
	wake_up(&resumed_wq);
}

static struct suspend_hook hook = {.resume = on_resume};

void expect(bool ok, const char *what)
{
	printk("%s %s\n", ok ? "ok  " : "FAIL", what);
	if (!ok)
		failures++;
}

static unsigned int hits;
static struct waitqueue ev_wq = WAITQUEUE_INIT;

static void on_event(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	hits++;
	wake_up(&ev_wq);
}

static void check_after_resume(void)
{
	uint64_t t0 = monotonic_ns(), deadline = t0 + 10 * NSEC_PER_SEC;
	domid_t self = xenbus_domid();
	evtchn_port_t a, b;
	char buf[32];
	void *page = alloc_pages(0);
	long ref;

	msleep(20);
	expect(monotonic_ns() - t0 >= 20 * NSEC_PER_MSEC, "timer after resume");
	expect(xenbus_write(XBT_NIL, "data/suspendtest", "back") == 0 &&
		   xenbus_read(XBT_NIL, "data/suspendtest", buf, sizeof(buf)) ==
		       4,
	       "xenstore after resume");
	if (evtchn_alloc_unbound(self, on_event, NULL, &a) == 0 &&
	    evtchn_bind_interdomain(self, a, on_event, NULL, &b) == 0) {
		msleep(10);
		hits = 0;
		evtchn_notify(b);
		wait_event_until(ev_wq, hits > 0, deadline);
		expect(hits == 1, "event channel after resume");
		evtchn_close(a);
		evtchn_close(b);
	} else {
		expect(false, "event channel after resume");
	}
	ref = page ? gnttab_grant(0, virt_to_mfn(page), true) : -ENOMEM;
	expect(ref >= 0 && gnttab_end((grant_ref_t)ref) == 0,
	       "grant after resume");
	free_pages(page, 0);
}

int main(int argc, char **argv)
{
	bool disk;

	(void)argc;
	(void)argv;
	suspend_hook_register(&hook);
	disk = disk_start();
	printk("suspendtest: domain %u%s, READY-FOR-SAVE\n", xenbus_domid(),
	       disk ? ", writes in flight on xvda" : "");
	wait_event_until(resumed_wq, resumes > 0,
			 monotonic_ns() + 180 * NSEC_PER_SEC);
	if (!resumes) {
		printk("VERDICT: FAIL suspend: never suspended\n");
		return 1;
	}
	printk("suspendtest: resumed (%s), now domain %u\n",
	       new_domain ? "restored" : "cancelled", xenbus_domid());
	check_after_resume();
	if (disk)
		disk_check(new_domain);
	if (failures) {
		printk("VERDICT: FAIL suspend: %d checks failed after resume\n",
		       failures);
		return 1;
	}
	printk("VERDICT: PASS suspend (%s)\n",
	       new_domain ? "restored" : "cancelled");
	return 0;
}
