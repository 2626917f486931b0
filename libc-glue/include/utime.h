/*
 * utime.h - newlib's (struct utimbuf) and utime(), which newlib leaves
 * to each system (libc-glue/utime.c).
 */
#include_next <utime.h>

#ifndef DOMLET_UTIME_H
#define DOMLET_UTIME_H

#ifdef __cplusplus
extern "C" {
#endif

int utime(const char *path, const struct utimbuf *times);

#ifdef __cplusplus
}
#endif

#endif
