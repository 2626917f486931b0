/*
 * sys/ioctl.h - included by libxenvchan's sources (written against
 * Linux's gntdev/gntalloc ioctls), which use nothing of it: on domlet
 * they go through libxengnttab/libxengntshr.  Only the xen-libs port
 * and xenlibs/ see this directory.
 */
#ifndef XENLIBS_SHIM_SYS_IOCTL_H
#define XENLIBS_SHIM_SYS_IOCTL_H
#endif
