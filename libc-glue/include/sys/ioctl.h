/*
 * sys/ioctl.h - ioctl() over libc-glue's fds (files.c; newlib has no
 * such header).  What answers: block devices (/dev/xvdX) BLKGETSIZE64,
 * BLKGETSIZE, BLKSSZGET, BLKFLSBUF, BLKROGET with Linux's numbers
 * (QEMU's block/file-posix.c; BLKROSET is refused EPERM); FIONBIO on
 * every fd; FIONREAD on pipes and sockets.  FIONREAD/FIONBIO are lwIP's
 * numbers (BSD's), which sockets pass to lwIP unchanged.  Anything
 * else: ENOTTY.  As glibc's, it brings Linux's request encoding
 * (<linux/ioctl.h>: _IOC, _IOC_READ...), after lwIP's, whose _IO/_IOR/
 * _IOW stay (see there).
 */
#ifndef LIBC_GLUE_SYS_IOCTL_H
#define LIBC_GLUE_SYS_IOCTL_H

#include <sys/socket.h> /* lwIP's FIONREAD, FIONBIO */
#include <linux/ioctl.h>

#ifndef BLKGETSIZE
#define BLKGETSIZE 0x1260 /* unsigned long: size in 512-byte sectors */
#endif
#ifndef BLKFLSBUF
#define BLKFLSBUF 0x1261
#endif
#ifndef BLKSSZGET
#define BLKSSZGET 0x1268 /* int: logical sector size */
#endif
#ifndef BLKROSET
#define BLKROSET 0x125d /* int: set read-only (refused) */
#endif
#ifndef BLKROGET
#define BLKROGET 0x125e /* int: 1 if read-only */
#endif
#ifndef BLKGETSIZE64
#define BLKGETSIZE64 0x80081272 /* uint64_t: size in bytes */
#endif

int ioctl(int fd, unsigned long req, ...);

#endif
