/*
 * sys/syscall.h - the Linux system call numbers the glue's syscall()
 * answers (libc-glue/futex.c), x86-64 numbering.  QEMU's qemu/futex.h
 * calls syscall(__NR_futex, ...) when built with CONFIG_LINUX, and
 * util/oslib-posix.c syscall(SYS_gettid).  Every other number is ENOSYS.
 */
#ifndef LIBC_GLUE_SYS_SYSCALL_H
#define LIBC_GLUE_SYS_SYSCALL_H

#define __NR_gettid 186
#define __NR_futex  202
#define SYS_gettid  __NR_gettid
#define SYS_futex   __NR_futex

long syscall(long nr, ...);

#endif
