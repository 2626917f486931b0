/*
 * linux/fs.h - the block-device ioctl numbers, which QEMU's
 * block/file-posix.c takes from here when built with CONFIG_LINUX
 * (libc-glue/include/sys/ioctl.h has them).
 */
#ifndef LIBC_GLUE_LINUX_FS_H
#define LIBC_GLUE_LINUX_FS_H
#include <sys/ioctl.h>
#endif
