/*
 * kapi.h - how libc-glue sees the kernel: <domlet/kernel.h> under newlib's
 * headers.
 *
 * The kernel's negative errnos are Linux numbers (domlet/errno.h); newlib
 * numbers errno differently (ENOSYS is 38 in one, 88 in the other).  So
 * the glue includes newlib's <errno.h> first and keeps domlet/errno.h
 * out: inside libc-glue every E* name is newlib's, and a value returned
 * by the kernel or a driver is an opaque Linux number until kerr() has
 * translated it.  Never compare a kernel return against an E* name.
 */
#ifndef LIBC_GLUE_KAPI_H
#define LIBC_GLUE_KAPI_H

#include <errno.h>
#define DOMLET_ERRNO_H /* the kernel's Linux numbers: see kerr() */
#include <domlet/kernel.h>

/* A kernel/driver return (0, positive, or -Linux errno) as 0/positive or
 * -errno in the libc's numbering; unknown numbers become -EIO. */
long kerr(long rc);

/* The same for a bare positive Linux errno number. */
int errno_from_linux(int e);

/*
 * The first call for each name prints one console line saying the call
 * is not supported; every call sets errno = ENOSYS and returns -1.
 */
int glue_unsupported(const char *name, int *warned);
#define UNSUPPORTED(name)                                                      \
	({                                                                     \
		static int warned_;                                            \
		glue_unsupported(name, &warned_);                              \
	})

#endif
