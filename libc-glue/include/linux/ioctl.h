/*
 * linux/ioctl.h - Linux's ioctl request encoding (asm-generic/ioctl.h:
 * number 8 bits, type 8, size 14, direction 2), for Linux UAPI headers
 * that define request numbers with _IO/_IOR/_IOW/_IOWR.  Macros only;
 * ioctl() itself is <sys/ioctl.h>'s.
 */
#ifndef LIBC_GLUE_LINUX_IOCTL_H
#define LIBC_GLUE_LINUX_IOCTL_H

#define _IOC_NRBITS   8
#define _IOC_TYPEBITS 8
#define _IOC_SIZEBITS 14
#define _IOC_DIRBITS  2

#define _IOC_NRSHIFT   0
#define _IOC_TYPESHIFT (_IOC_NRSHIFT + _IOC_NRBITS)
#define _IOC_SIZESHIFT (_IOC_TYPESHIFT + _IOC_TYPEBITS)
#define _IOC_DIRSHIFT  (_IOC_SIZESHIFT + _IOC_SIZEBITS)

#define _IOC_NONE  0U
#define _IOC_WRITE 1U
#define _IOC_READ  2U

#define _IOC(dir, type, nr, size)                                              \
	(((dir) << _IOC_DIRSHIFT) | ((type) << _IOC_TYPESHIFT) |               \
	 ((nr) << _IOC_NRSHIFT) | ((size) << _IOC_SIZESHIFT))
/* lwIP's sockets.h defines _IO, _IOR and _IOW with BSD's encoding, and
 * FIONREAD/FIONBIO expand through them: where it came first, its
 * definitions stay, so a socket ioctl keeps lwIP's number.  The Linux
 * requests built with them here then differ from Linux's, which does
 * not matter: domlet answers every one of them ENOTTY. */
#ifndef _IO
#define _IO(type, nr) _IOC(_IOC_NONE, (type), (nr), 0)
#endif
#ifndef _IOR
#define _IOR(type, nr, t) _IOC(_IOC_READ, (type), (nr), sizeof(t))
#endif
#ifndef _IOW
#define _IOW(type, nr, t) _IOC(_IOC_WRITE, (type), (nr), sizeof(t))
#endif
#ifndef _IOWR
#define _IOWR(type, nr, t) _IOC(_IOC_READ | _IOC_WRITE, (type), (nr), sizeof(t))
#endif

#define _IOC_DIR(nr)  (((nr) >> _IOC_DIRSHIFT) & ((1 << _IOC_DIRBITS) - 1))
#define _IOC_TYPE(nr) (((nr) >> _IOC_TYPESHIFT) & ((1 << _IOC_TYPEBITS) - 1))
#define _IOC_NR(nr)   (((nr) >> _IOC_NRSHIFT) & ((1 << _IOC_NRBITS) - 1))
#define _IOC_SIZE(nr) (((nr) >> _IOC_SIZESHIFT) & ((1 << _IOC_SIZEBITS) - 1))

#endif
