/*
 * sys/stat.h - newlib's, plus lstat(), which libc-glue has (io.c: with
 * no symbolic links it is stat) and newlib declares only for Cygwin,
 * RTEMS and SPU.  glib's gfileutils.c calls it.
 */
#include_next <sys/stat.h>

#ifndef DOMLET_SYS_STAT_H
#define DOMLET_SYS_STAT_H

#ifdef __cplusplus
extern "C" {
#endif

int lstat(const char *__restrict path, struct stat *__restrict buf);

#ifdef __cplusplus
}
#endif

#endif
