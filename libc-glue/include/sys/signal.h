/*
 * sys/signal.h - newlib's, with a struct sigaction as glibc's: newlib's
 * generic target has only sa_handler, sa_mask and sa_flags (the union
 * with sa_sigaction is RTEMS's), and no SA_SIGINFO, while QEMU sets
 * sa_sigaction with SA_SIGINFO (softmmu/cpus.c's SIGBUS handler) and
 * passes SA_RESTART.  newlib's own struct is renamed away while its
 * header is read (nothing in newlib's libc.a uses it: sigaction() is
 * libc-glue/signal.c's).  The flags have Linux's values.
 */
#define sigaction newlib_sigaction_
#include_next <sys/signal.h>
#undef sigaction

#ifndef LIBC_GLUE_SYS_SIGNAL_H
#define LIBC_GLUE_SYS_SIGNAL_H

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
