/*
 * sys/user.h - included by libxenvchan's init.c, which uses nothing of
 * it (it defines PAGE_SIZE itself).  Only the xen-libs port and xenlibs/
 * see this directory.
 */
#ifndef XENLIBS_SHIM_SYS_USER_H
#define XENLIBS_SHIM_SYS_USER_H
#endif
