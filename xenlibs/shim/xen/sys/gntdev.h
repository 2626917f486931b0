/*
 * xen/sys/gntdev.h - Linux's /dev/xen/gntdev ioctl header, included by
 * libxenvchan's init.c, which uses nothing of it on domlet (it calls
 * libxenevtchn/libxengnttab/libxengntshr).  Only the xen-libs port and
 * xenlibs/ see this directory.
 */
#ifndef XENLIBS_SHIM_XEN_SYS_GNTDEV_H
#define XENLIBS_SHIM_XEN_SYS_GNTDEV_H
#endif
