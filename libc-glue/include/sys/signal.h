/*
 * sys/signal.h - newlib's, with a struct sigaction as glibc's: newlib's
 * generic target has only sa_handler, sa_mask and sa_flags (the union
 * with sa_sigaction is RTEMS's), and no SA_SIGINFO, while QEMU sets
 * sa_sigaction with SA_SIGINFO (softmmu/cpus.c's SIGBUS handler) and
 * passes SA_RESTART.  newlib's own struct is renamed away while its
 * header is read (nothing in newlib's libc.a uses it: sigaction() is
 * libc-glue/signal.c's).  The flags have Linux's values.
 *
 * siginfo_t likewise: newlib's has only si_signo, si_code and si_value;
 * QEMU's handlers read si_pid and si_addr and its signalfd emulation
 * fills si_errno, si_uid and si_status.  Ours has glibc's member names
 * (flat, not glibc's unions: nothing here depends on its layout), and
 * sigwaitinfo/sigtimedwait are declared with it (libc-glue/signal.c).
 */
#define sigaction    newlib_sigaction_
#define siginfo_t    newlib_siginfo_t_
#define sigwaitinfo  newlib_sigwaitinfo_
#define sigtimedwait newlib_sigtimedwait_
#include_next <sys/signal.h>
#undef sigaction
#undef siginfo_t
#undef sigwaitinfo
#undef sigtimedwait

#ifndef LIBC_GLUE_SYS_SIGNAL_H
#define LIBC_GLUE_SYS_SIGNAL_H

struct timespec;

typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	pid_t si_pid;  /* sender: this domain (kill, raise, pthread_kill) */
	uid_t si_uid;  /* 0 */
	int si_status; /* SIGCHLD: none are ever sent */
	void *si_addr; /* SIGSEGV/SIGBUS: none are ever sent */
	long si_band;  /* SIGPOLL */
	int si_fd;     /* SIGPOLL */
	union sigval si_value; /* sigqueue: not implemented */
} siginfo_t;

int sigwaitinfo(const sigset_t *set, siginfo_t *info);
int sigtimedwait(const sigset_t *set, siginfo_t *info,
		 const struct timespec *timeout);

struct sigaction {
	union {
		_sig_func_ptr _handler;
		void (*_sigaction)(int, siginfo_t *, void *);
	} _signal_handlers;
	sigset_t sa_mask;
	int sa_flags;
};
#define sa_handler   _signal_handlers._handler
#define sa_sigaction _signal_handlers._sigaction

int sigaction(int sig, const struct sigaction *act, struct sigaction *old);

#ifndef SA_SIGINFO
#define SA_SIGINFO 0x4
#endif
#ifndef SA_ONSTACK
#define SA_ONSTACK                                                             \
	0x08000000 /* accepted: handlers run on the thread's                   \
		      own stack (there is no sigaltstack) */
#endif
#ifndef SA_RESTART
#define SA_RESTART 0x10000000 /* accepted: no call is ever interrupted */
#endif
#ifndef SA_NODEFER
#define SA_NODEFER 0x40000000
#endif
#ifndef SA_RESETHAND
#define SA_RESETHAND ((int)0x80000000)
#endif

#endif
