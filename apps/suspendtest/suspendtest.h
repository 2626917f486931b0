/*
 * suspendtest.h - what suspendtest's files share.
 */
#ifndef APPS_SUSPENDTEST_H
#define APPS_SUSPENDTEST_H

#include <stdbool.h>

/* main.c: one "ok"/"FAIL" line; failures are counted for the verdict. */
void expect(bool ok, const char *what);

/* disk.c: with an xvda, starts writes that stay in flight across the
 * suspend (false: no disk, nothing started); after the resume, stops
 * them and checks the disk holds every completed write. */
bool disk_start(void);
void disk_check(bool new_domain);

#endif
