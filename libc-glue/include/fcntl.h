/*
 * fcntl.h - newlib's, plus posix_fadvise and its advice values with
 * Linux's numbers (libc-glue/files.c; QEMU's block/file-posix.c drops
 * an image's cached pages with POSIX_FADV_DONTNEED).
 */
#include_next <fcntl.h>

#ifndef LIBC_GLUE_FCNTL_H
#define LIBC_GLUE_FCNTL_H

/* (a host's glibc, under the unit tests, has all of it) */
#ifndef POSIX_FADV_NORMAL

#define POSIX_FADV_NORMAL     0
#define POSIX_FADV_RANDOM     1
#define POSIX_FADV_SEQUENTIAL 2
#define POSIX_FADV_WILLNEED   3
#define POSIX_FADV_DONTNEED   4
#define POSIX_FADV_NOREUSE    5

int posix_fadvise(int fd, off_t offset, off_t len, int advice);
#endif

#endif
