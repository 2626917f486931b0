/* selftest.h - the checks of apps/selftest, one function per subsystem. */
#ifndef SELFTEST_H
#define SELFTEST_H

#include <domlet/kernel.h>

void check(bool ok, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void test_threads(void);   /* threads.c */
void test_time(void);	   /* threads.c */
void test_events(void);	   /* xen.c */
void test_xenstore(void);  /* xen.c */
void test_grants(void);	   /* xen.c */
void test_memory(void);	   /* memory.c */
void test_big_alloc(void); /* memory.c */
void test_faults(void);	   /* memory.c */

#endif
