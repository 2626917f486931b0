/*
 * procinfo.c - process and thread calls QEMU makes that have a plain
 * answer in a domain (issue #11): getrusage (crypto/pbkdf.c), prctl
 * (os-posix.c, qemu-timer.c), setsid (os-posix.c -daemonize),
 * pthread_atfork (util/rcu.c).  gettid is pthread.c's.
 */
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include "glue.h"

/*
 * The scheduler keeps no per-thread run time, and a domain has no
 * kernel/user split: the user time is the time since boot (monotonic
 * clock), for the process and, as an upper bound, for a thread alike;
 * the system time is 0.  What callers do with it, measure a loop's
 * elapsed CPU time, comes out right while the thread is the one running.
 * Children: there are none, so zero.
 */
int getrusage(int who, struct rusage *ru)
{
	uint64_t ns = monotonic_ns();

	if (who != RUSAGE_SELF && who != RUSAGE_THREAD &&
	    who != RUSAGE_CHILDREN)
		return (int)posix_ret(-EINVAL);
	memset(ru, 0, sizeof(*ru));
	if (who != RUSAGE_CHILDREN) {
		ru->ru_utime.tv_sec = (time_t)(ns / NSEC_PER_SEC);
		ru->ru_utime.tv_usec = (suseconds_t)(ns % NSEC_PER_SEC / 1000);
	}
	return 0;
}

int prctl(int option, ...)
{
	va_list ap;
	unsigned long arg;
	char *name = self_thread_name();

	va_start(ap, option);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	switch (option) {
	case PR_SET_NAME:
		strncpy(name, (const char *)arg, 15);
		name[15] = '\0';
		return 0;
	case PR_GET_NAME:
		memcpy((char *)arg, name, 16);
		return 0;
	case PR_SET_TIMERSLACK:
		return 0; /* timers fire at their deadline: no slack */
	case PR_GET_TIMERSLACK:
		return 0;
	default:
		return (int)posix_ret(-EINVAL);
	}
}

/* The domain is one session already, with us its leader (getpid() is
 * 1): Linux refuses a process group leader EPERM. */
pid_t setsid(void)
{
	return (pid_t)posix_ret(-EPERM);
}

/* There is no fork(): handlers are accepted and never run. */
int pthread_atfork(void (*prepare)(void), void (*parent)(void),
		   void (*child)(void))
{
	(void)prepare, (void)parent, (void)child;
	return 0;
}
