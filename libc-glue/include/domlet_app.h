/*
 * domlet_app.h - what a libc app may ask of the domain besides POSIX.
 */
#ifndef LIBC_GLUE_DOMLET_APP_H
#define LIBC_GLUE_DOMLET_APP_H

#include <stdbool.h>

/*
 * Waits up to timeout_s seconds (<= 0: for ever) for the toolstack to
 * ask the domain to stop (`xl shutdown`, `xl reboot`); returns 0 once it
 * has (the app then finishes and exits), or -1 with errno ETIMEDOUT.
 * Once called, such a request is the app's to act on: the kernel no
 * longer stops the domain by itself.
 */
int app_wait_stop(int timeout_s);

/*
 * Boot-test checks (tests/boot, apps/libctest, apps/dnstest):
 * app_test_begin names the test and line-buffers stdout; app_check
 * prints "NAME: ok WHAT" or "NAME: FAIL WHAT: WHY" (WHY a printf format)
 * and returns ok; app_verdict prints the one verdict line, "VERDICT:
 * PASS NAME" or "VERDICT: FAIL NAME: N failed, first: WHAT", and returns
 * main's exit code for it (0 or 1).
 */
void app_test_begin(const char *name);
bool app_check(bool ok, const char *what, const char *why, ...)
    __attribute__((format(printf, 3, 4)));
int app_verdict(void);

#endif
