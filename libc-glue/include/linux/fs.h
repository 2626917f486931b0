/*
 * linux/fs.h - the block-device ioctl numbers, which QEMU's
 * block/file-posix.c takes from here when built with CONFIG_LINUX
 * (libc-glue/include/sys/ioctl.h has them), and the inode-flag ioctls
 * with Linux's numbers, which file-posix.c uses to ask for no
 * copy-on-write on a new image: there are no inode flags here, so they
 * answer ENOTTY, which it ignores (an optimisation).
 */
#ifndef LIBC_GLUE_LINUX_FS_H
#define LIBC_GLUE_LINUX_FS_H
#include <sys/ioctl.h>

#define FS_IOC_GETFLAGS 0x80086601UL /* _IOR('f', 1, long) */
#define FS_IOC_SETFLAGS 0x40086602UL /* _IOW('f', 2, long) */
#define FS_NOCOW_FL	0x00800000

#endif
