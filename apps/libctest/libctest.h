/*
 * libctest.h - the libc boot test's checks, one file per area; each
 * reports through app_check() and the verdict is main.c's.
 */
#ifndef LIBCTEST_H
#define LIBCTEST_H

#include <stdbool.h>
#include <domlet_app.h> /* app_check: one line per check */

/* Whether the caller's frame is 16-byte aligned (what SSE code needs). */
bool frame_aligned(void);

void test_stdio(void);
void test_malloc(void);
void test_threads(void);
void test_time(void);
void test_files(void);
void test_errors(void);
void test_env(int argc, char **argv);
void test_coroutines(void);
void test_pipes(void);
void test_tls_mem(void);
void test_qemu_calls(void);
void test_vif(void);

#endif
