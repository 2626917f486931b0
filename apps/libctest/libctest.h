/*
 * libctest.h - the libc boot test's checks, one file per area; each
 * reports through check() and the verdict is main.c's.
 */
#ifndef LIBCTEST_H
#define LIBCTEST_H

#include <stdbool.h>

/* Prints "libctest: ok WHAT" or "libctest: FAIL WHAT: why" (why is a
 * printf format); counts failures.  Returns ok. */
bool check(bool ok, const char *what, const char *why, ...)
    __attribute__((format(printf, 3, 4)));
/* Whether the caller's frame is 16-byte aligned (what SSE code needs). */
bool frame_aligned(void);

void test_stdio(void);
void test_malloc(void);
void test_threads(void);
void test_time(void);
void test_files(void);
void test_errors(void);
void test_env(int argc, char **argv);

#endif
