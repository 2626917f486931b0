/*
 * apptest.c - boot-test checks for libc apps (<domlet_app.h>): one line
 * per check, one verdict line at the end, in the form tools/rig/run
 * reads.  Threads are cooperative, so the counters need no lock.
 */
#include <stdarg.h>
#include <stdio.h>
#include "domlet_app.h"

static const char *test_name = "app";
static int failures;
static char first_failure[96];

void app_test_begin(const char *name)
{
	test_name = name;
	setvbuf(stdout, NULL, _IOLBF, 0);
}

bool app_check(bool ok, const char *what, const char *why, ...)
{
	va_list ap;

	if (ok) {
		printf("%s: ok %s\n", test_name, what);
		return true;
	}
	if (!failures++)
		snprintf(first_failure, sizeof(first_failure), "%s", what);
	printf("%s: FAIL %s: ", test_name, what);
	va_start(ap, why);
	vprintf(why, ap);
	va_end(ap);
	printf("\n");
	return false;
}

int app_verdict(void)
{
	if (failures) {
		printf("VERDICT: FAIL %s: %d failed, first: %s\n", test_name,
		       failures, first_failure);
		fflush(stdout);
		return 1;
	}
	printf("VERDICT: PASS %s\n", test_name);
	fflush(stdout);
	return 0;
}
