/*
 * sys/ioctl.h - ioctl() over libc-glue's fds (files.c; newlib has no
 * such header).  What answers: block devices (/dev/xvdX) BLKGETSIZE64,
 * BLKGETSIZE, BLKSSZGET, BLKFLSBUF with Linux's numbers (QEMU's
 * block/file-posix.c); FIONBIO on every fd; FIONREAD on pipes and
 * sockets.  FIONREAD/FIONBIO are lwIP's numbers (BSD's), which sockets
 * pass to lwIP unchanged.  Anything else: ENOTTY.
 */
#ifndef LIBC_GLUE_SYS_IOCTL_H
#define LIBC_GLUE_SYS_IOCTL_H

#include <sys/socket.h> /* lwIP's FIONREAD, FIONBIO */

#ifndef BLKGETSIZE
#define BLKGETSIZE 0x1260 /* unsigned long: size in 512-byte sectors */
#endif
#ifndef BLKFLSBUF
#define BLKFLSBUF 0x1261
#endif
#ifndef BLKSSZGET
#define BLKSSZGET 0x1268 /* int: logical sector size */
#endif
#ifndef BLKGETSIZE64
#define BLKGETSIZE64 0x80081272 /* uint64_t: size in bytes */
#endif

int ioctl(int fd, unsigned long req, ...);

#endif
