/*
 * sys/uio.h - included by libxenvchan's io.c, which uses nothing of it
 * (no readv/writev; newlib has no such header).  Only the xen-libs port
 * and xenlibs/ see this directory.
 */
#ifndef XENLIBS_SHIM_SYS_UIO_H
#define XENLIBS_SHIM_SYS_UIO_H
#endif
