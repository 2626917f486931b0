/*
 * linux/ppdev.h - Linux's user-space parallel-port ioctls, declarations
 * only, Linux's numbers: QEMU's chardev/char-parallel.c drives a host
 * /dev/parportN with them when built for Linux.  domlet has no parallel
 * ports; ioctl() answers these ENOTTY.
 */
#ifndef LIBC_GLUE_LINUX_PPDEV_H
#define LIBC_GLUE_LINUX_PPDEV_H

#include <linux/ioctl.h>

#define PP_IOCTL 'p'

#define PPSETMODE   _IOW(PP_IOCTL, 0x80, int)
#define PPRSTATUS   _IOR(PP_IOCTL, 0x81, unsigned char)
#define PPRCONTROL  _IOR(PP_IOCTL, 0x83, unsigned char)
#define PPWCONTROL  _IOW(PP_IOCTL, 0x84, unsigned char)
#define PPRDATA	    _IOR(PP_IOCTL, 0x85, unsigned char)
#define PPWDATA	    _IOW(PP_IOCTL, 0x86, unsigned char)
#define PPCLAIM	    _IO(PP_IOCTL, 0x8b)
#define PPRELEASE   _IO(PP_IOCTL, 0x8c)
#define PPDATADIR   _IOW(PP_IOCTL, 0x90, int)
#define PPNEGOT	    _IOW(PP_IOCTL, 0x91, int)
#define PPWCTLONIRQ _IOW(PP_IOCTL, 0x92, unsigned char)
#define PPCLRIRQ    _IOR(PP_IOCTL, 0x93, int)
#define PPSETPHASE  _IOW(PP_IOCTL, 0x94, int)
#define PPGETMODE   _IOR(PP_IOCTL, 0x98, int)

#endif
