/*
 * sys/mman.h - anonymous memory mappings (libc-glue/mmap.c).  The
 * numbers are Linux's, as in xenlibs/shim/sys/mman.h, which callers
 * written for Linux (QEMU, glib) pass.
 */
#ifndef LIBC_GLUE_SYS_MMAN_H
#define LIBC_GLUE_SYS_MMAN_H

#include <sys/types.h>

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON      MAP_ANONYMOUS
#define MAP_NORESERVE 0x4000
#define MAP_FAILED    ((void *)-1)

#define MADV_NORMAL   0
#define MADV_DONTNEED 4

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int madvise(void *addr, size_t len, int advice);

/* memctl.c: nothing is ever paged out or written back anywhere. */
#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC	      4
#define MCL_CURRENT   1
#define MCL_FUTURE    2
#define MCL_ONFAULT   4
int msync(void *addr, size_t len, int flags);
int mincore(void *addr, size_t len, unsigned char *vec);
int mlock(const void *addr, size_t len);
int munlock(const void *addr, size_t len);
int mlockall(int flags);
int munlockall(void);

#endif
