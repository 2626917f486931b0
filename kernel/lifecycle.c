/*
 * lifecycle.c - how a domlet ends: main's return value, panics, and the
 * toolstack's requests (xl shutdown / xl reboot) through control/shutdown.
 *
 * The toolstack writes "poweroff" or "reboot" to control/shutdown; we
 * acknowledge by clearing it (in a transaction, so a second request is not
 * lost) and then either hand the request to an app that called
 * shutdown_wait() or shut down ourselves with the matching reason.  Before
 * the domain dies the console is flushed, so the last lines, often the
 * reason it died, reach xenconsoled.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <arch/trap.h>
#include <string.h>

static int requested = -1; /* SHUTDOWN_* once the toolstack asked */
static bool app_handles;
static struct waitqueue shutdown_wq = WAITQUEUE_INIT;

NORETURN void domain_shutdown(unsigned int reason)
{
	irq_save();
	console_flush();
	for (;;)
		hypercall_shutdown(reason);
}

NORETURN void domain_exit(int code)
{
	unsigned int reason = SHUTDOWN_poweroff;

	printk("domlet: main returned %d\n", code);
	if (code != 0)
		reason = SHUTDOWN_crash;
	else if (requested == SHUTDOWN_reboot)
		reason = SHUTDOWN_reboot;
	domain_shutdown(reason);
}

NORETURN void panic(const char *fmt, ...)
{
	static bool panicking;
	va_list ap;

	irq_save();
	if (panicking)
		domain_shutdown(SHUTDOWN_crash);
	panicking = true;
	printk("domlet: PANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	backtrace_from((uint64_t)__builtin_frame_address(0), 0);
	printk("domlet: crashing the domain\n");
	domain_shutdown(SHUTDOWN_crash);
}

int shutdown_wait(uint64_t timeout_ns)
{
	uint64_t deadline = monotonic_ns() + timeout_ns;
	int rc;

	app_handles = true;
	rc = wait_event_until(shutdown_wq, requested >= 0, deadline);
	return rc ? rc : requested;
}

/* Reads and clears control/shutdown; the reason, or -1 for none. */
static int take_request(xbt_t t, void *arg)
{
	char value[32];
	int *reason = arg, n;

	*reason = -1;
	n = xenbus_read(t, "control/shutdown", value, sizeof(value));
	if (n <= 0)
		return n == -ENOENT ? 0 : n;
	if (!strcmp(value, "poweroff") || !strcmp(value, "halt"))
		*reason = SHUTDOWN_poweroff;
	else if (!strcmp(value, "reboot"))
		*reason = SHUTDOWN_reboot;
	else if (!strcmp(value, "suspend"))
		*reason = SHUTDOWN_suspend;
	else
		printk("domlet: shutdown request \"%s\" not supported\n",
		       value);
	return xenbus_write(t, "control/shutdown", "");
}

/*
 * Suspends run in their own thread, started at the first request: the
 * watch callback runs in the thread that delivers every xenstore watch,
 * and drivers' resume hooks wait for watches (their backends' states)
 * while they reconnect.
 */
static struct waitqueue suspend_wq = WAITQUEUE_INIT;
static bool suspend_pending;
static struct thread *suspender;

static long suspend_thread(void *arg)
{
	int rc;

	(void)arg;
	for (;;) {
		wait_event_until(suspend_wq, suspend_pending, 0);
		suspend_pending = false;
		rc = domain_suspend();
		printk("domlet: %s (%d)\n",
		       rc == 0 ? "resumed in a new domain"
			       : (rc == 1 ? "suspend cancelled, resumed"
					  : "suspend failed"),
		       rc);
	}
	return 0;
}

static void request_suspend(void)
{
	if (!suspender)
		suspender = thread_create("suspend", suspend_thread, NULL);
	if (!suspender) {
		printk("domlet: suspend failed: no memory for its thread\n");
		return;
	}
	suspend_pending = true;
	wake_up(&suspend_wq);
}

static void control_changed(struct xenbus_watch *w, const char *path)
{
	int reason, rc;

	(void)w;
	(void)path;
	rc = xenbus_transaction(take_request, &reason);
	if (rc) {
		printk("domlet: reading control/shutdown failed (%d)\n", rc);
		return;
	}
	if (reason < 0)
		return;
	if (reason == SHUTDOWN_suspend) {
		request_suspend();
		return;
	}
	printk("domlet: %s requested by the toolstack\n",
	       reason == SHUTDOWN_reboot ? "reboot" : "poweroff");
	requested = reason;
	if (app_handles)
		wake_up(&shutdown_wq);
	else
		domain_shutdown((unsigned int)reason);
}

static struct xenbus_watch control_watch = {
    .path = "control/shutdown",
    .cb = control_changed,
};

int lifecycle_init(void)
{
	int rc = xenbus_watch(&control_watch);

	if (rc)
		return rc;
	/* Tell the toolstack we handle these requests ourselves. */
	xenbus_write(XBT_NIL, "control/feature-poweroff", "1");
	xenbus_write(XBT_NIL, "control/feature-reboot", "1");
	xenbus_write(XBT_NIL, "control/feature-suspend", "1");
	return 0;
}
