/*
 * sys/mman.h - the mmap(2) constants Xen's libxenforeignmemory names
 * (prot and flags of xenforeignmemory_map*), for the xen-libs port and
 * xenlibs/.  domlet has no mmap(); the numbers are Linux's, which is what
 * callers written for Linux (QEMU) pass.  Only the xen-libs port and
 * xenlibs/ see this directory.
 */
#ifndef XENLIBS_SHIM_SYS_MMAN_H
#define XENLIBS_SHIM_SYS_MMAN_H

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FAILED    ((void *)-1)

#include <stddef.h>

/*
 * libxenvchan frees the pages it shared or mapped with munmap, as Linux's
 * gntalloc/gntdev mappings allow; here they are libxengntshr/libxengnttab
 * regions (xenlibs/gnttab.c), which this unshares or unmaps.  Anything
 * else: -1, EINVAL.
 */
int xenlibs_munmap(void *addr, size_t len);
#define munmap xenlibs_munmap

#endif
