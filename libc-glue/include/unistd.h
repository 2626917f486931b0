/*
 * unistd.h - newlib's, plus what glibc's declares and libc-glue has:
 * gettid() (procinfo.c) and syscall() (futex.c; the numbers are in
 * <sys/syscall.h>).  QEMU's util/log.c calls gettid() once meson finds
 * it.
 */
#include_next <unistd.h>

#ifndef LIBC_GLUE_UNISTD_H
#define LIBC_GLUE_UNISTD_H

pid_t gettid(void);
long syscall(long nr, ...);

#endif
