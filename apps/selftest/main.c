/*
 * selftest - the kernel's boot test.  Each check prints "ok" or "FAIL" with
 * what it saw; the last line is the verdict the rig reads.  Time bounds are
 * deliberately loose (a slow, emulated host must not fail them); they only
 * catch a clock or timer that is plainly wrong.
 */
#include <domlet/kernel.h>
#include <domlet/xs_wire.h>
#include <string.h>
#include "selftest.h"

static int checks, failures;

void check(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (!ok)
		failures++;
	printk("%s %s: ", ok ? "ok  " : "FAIL", name);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
}

static void test_shutdown(void)
{
	uint64_t t0 = monotonic_ns();
	int reason;

	/* tests/boot/selftest/during.sh answers this with `xl shutdown`. */
	printk("READY-FOR-SHUTDOWN\n");
	reason = shutdown_wait(120 * NSEC_PER_SEC);
	check(reason == SHUTDOWN_poweroff, "xl shutdown handled",
	      "reason %d after %lu ms", reason,
	      (unsigned long)((monotonic_ns() - t0) / NSEC_PER_MSEC));
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("domlet selftest: starting\n");
	test_threads();
	test_time();
	test_events();
	test_xenstore();
	test_memory();
	test_big_alloc();
	test_grants();
	test_faults();
	test_shutdown();
	if (failures) {
		printk("VERDICT: FAIL selftest: %d of %d checks failed\n",
		       failures, checks);
		return 1;
	}
	printk("VERDICT: PASS selftest (%d checks)\n", checks);
	return 0;
}
