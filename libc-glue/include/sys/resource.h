/*
 * sys/resource.h - newlib's (getrusage), plus resource limits, which
 * newlib lacks (libc-glue/rlimit.c): glib's gtestutils.c turns core
 * dumps off with setrlimit(RLIMIT_CORE).  Numbers are Linux's.
 */
#include_next <sys/resource.h>

#ifndef DOMLET_SYS_RESOURCE_H
#define DOMLET_SYS_RESOURCE_H

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long rlim_t;

#define RLIM_INFINITY  (~0UL)
#define RLIM_SAVED_MAX RLIM_INFINITY
#define RLIM_SAVED_CUR RLIM_INFINITY

#define RLIMIT_CPU     0
#define RLIMIT_FSIZE   1
#define RLIMIT_DATA    2
#define RLIMIT_STACK   3
#define RLIMIT_CORE    4
#define RLIMIT_NOFILE  7
#define RLIMIT_AS      9
#define RLIMIT_NLIMITS 16

struct rlimit {
	rlim_t rlim_cur;
	rlim_t rlim_max;
};

/* getrusage (procinfo.c): Linux's, beside newlib's RUSAGE_SELF and
 * RUSAGE_CHILDREN.  QEMU's crypto/pbkdf.c times itself with it. */
#ifndef RUSAGE_THREAD
#define RUSAGE_THREAD 1
#endif

int getrlimit(int resource, struct rlimit *rlim);
int setrlimit(int resource, const struct rlimit *rlim);

#ifdef __cplusplus
}
#endif

#endif
