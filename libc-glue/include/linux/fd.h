/*
 * linux/fd.h - Linux's floppy-drive ioctls.  QEMU's block/file-posix.c
 * includes it when built for Linux and uses none of it any more (its
 * host_floppy driver is gone); domlet has no floppy drives.  Empty.
 */
#ifndef LIBC_GLUE_LINUX_FD_H
#define LIBC_GLUE_LINUX_FD_H
#endif
