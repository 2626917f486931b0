/*
 * signal.c - POSIX signals between the threads of one domain: sigaction
 * and signal, per-thread masks (pthread_sigmask, sigprocmask) and
 * pending sets, pthread_kill, kill/raise to ourselves, sigwait,
 * sigwaitinfo, sigtimedwait, sigsuspend, pause, and the sigset functions behind
 * newlib's macros.
 *
 * QEMU needs this for its vCPU threads: with Xen, accel/dummy-cpus.c
 * parks each vCPU thread in sigwait() for SIG_IPI (SIGUSR1), blocked in
 * that thread since qemu_thread_create blocks everything around
 * pthread_create, and softmmu/cpus.c kicks it with pthread_kill().
 *
 * Nothing interrupts a thread here: threads are cooperative and there
 * is no kernel that could divert one into a handler.  So a signal is
 * acted on synchronously, at a "signal point" of the thread it is for:
 * - sent to the calling thread itself (raise, pthread_kill(self),
 *   kill(getpid()) when the caller does not block it): at once, before
 *   the call returns, as Linux delivers it on the way out of the call;
 * - blocked by the target, or one the target waits for in sigwait: it
 *   stays pending until sigwait consumes it or the target unblocks it
 *   (pthread_sigmask delivers it before returning, as POSIX asks);
 * - not blocked by another thread that has a handler: pending for that
 *   thread, whose handler runs at its next sigwait/sigsuspend/pause or
 *   pthread_sigmask/raise/pthread_kill.  A thread that never reaches
 *   one never runs it: the one thing that differs from Linux.
 * Acting on a signal: SIG_IGN drops it; SIG_DFL drops the signals whose
 * default is to be ignored (SIGCHLD, SIGURG, SIGWINCH, SIGCONT) and the
 * stop signals (nothing can stop a domain), and ends the domain for the
 * rest, as an unhandled signal ends a process (a crash, code 128 + sig);
 * a handler runs with sa_mask and the signal itself blocked (unless
 * SA_NODEFER), once if SA_RESETHAND, with a siginfo (SI_USER, si_pid
 * our own pid: every sender is in this domain) if SA_SIGINFO.  Standard signals
 * do not queue: one pending per number.
 */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "glue.h"

#define BIT(sig) (1ul << (sig))

static struct sigaction actions[NSIG];
static sigset_t proc_pending; /* sent to the process (kill) */
/* Woken whenever a signal becomes pending: sleepers in sigwait,
 * sigsuspend and pause re-check. */
static struct waitqueue sig_wq = WAITQUEUE_INIT;

static bool valid(int sig)
{
	return sig > 0 && sig < NSIG;
}

static bool default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH ||
	       sig == SIGCONT || sig == SIGSTOP || sig == SIGTSTP ||
	       sig == SIGTTIN || sig == SIGTTOU;
}

/* Whether acting on sig would do nothing at all. */
static bool ignored(int sig)
{
	_sig_func_ptr h = actions[sig].sa_handler;

	return h == SIG_IGN || (h == SIG_DFL && default_ignored(sig));
}

/* Acts on sig in the calling thread, whose state is me (file comment);
 * returns true if a handler ran. */
static bool act(struct gsigstate *me, int sig)
{
	struct sigaction a = actions[sig];
	sigset_t saved = me->mask;

	if (a.sa_handler == SIG_IGN ||
	    (a.sa_handler == SIG_DFL && default_ignored(sig)))
		return false;
	if (a.sa_handler == SIG_DFL) {
		printk("libc: killed by signal %d\n", sig);
		domain_exit(128 + sig);
	}
	if (a.sa_flags & SA_RESETHAND)
		actions[sig].sa_handler = SIG_DFL;
	me->mask |= a.sa_mask;
	if (!(a.sa_flags & SA_NODEFER))
		me->mask |= BIT(sig);
	if (a.sa_flags & SA_SIGINFO) {
		siginfo_t info;

		memset(&info, 0, sizeof(info));
		info.si_signo = sig;
		info.si_code = SI_USER;
		info.si_pid = getpid();
		a.sa_sigaction(sig, &info, NULL);
	} else {
		a.sa_handler(sig);
	}
	me->mask = saved;
	return true;
}

/* Takes the lowest signal of `set` pending for the thread or the
 * process: its number, or 0. */
static int take(struct gsigstate *me, sigset_t set)
{
	for (int sig = 1; sig < NSIG; sig++) {
		if (me->pending & set & BIT(sig)) {
			me->pending &= ~BIT(sig);
			return sig;
		}
		if (proc_pending & set & BIT(sig)) {
			proc_pending &= ~BIT(sig);
			return sig;
		}
	}
	return 0;
}

/* The signal point: acts on every pending signal the thread does not
 * block; true if a handler ran. */
static bool deliver_pending(struct gsigstate *me)
{
	bool handled = false;
	int sig;

	while ((sig = take(me, ~me->mask)) != 0)
		handled |= act(me, sig);
	return handled;
}

/* sig for thread t (t == me: the caller itself). */
static void send(struct gsigstate *t, struct gsigstate *me, int sig)
{
	if ((t->mask | t->waiting) & BIT(sig)) {
		t->pending |= BIT(sig);
		wake_up(&sig_wq);
	} else if (ignored(sig)) {
		/* dropped at once, as Linux drops an unblocked ignored one */
	} else if (t == me) {
		act(me, sig);
	} else {
		t->pending |= BIT(sig); /* its handler runs at its next
					   signal point */
		wake_up(&sig_wq);
	}
}

int pthread_kill(pthread_t thread, int sig)
{
	struct gsigstate *t = pthread_sigstate(thread);
	struct gsigstate *me = self_sigstate();

	if (sig != 0 && !valid(sig))
		return EINVAL;
	if (!t)
		return ESRCH;
	if (sig == 0)
		return 0;
	send(t, me, sig);
	if (t != me)
		deliver_pending(me);
	return 0;
}

int raise(int sig)
{
	int rc = pthread_kill(pthread_self(), sig);

	return (int)posix_ret(-rc);
}

/* To the process: the caller takes it unless it blocks it; otherwise
 * it is the process's, for whichever thread waits for it or unblocks it
 * first. */
int kill(pid_t pid, int sig)
{
	struct gsigstate *me = self_sigstate();

	if (pid != getpid() && pid != 0 && pid != -1)
		return (int)posix_ret(-ESRCH);
	if (sig == 0)
		return 0;
	if (!valid(sig))
		return (int)posix_ret(-EINVAL);
	if (!((me->mask | me->waiting) & BIT(sig))) {
		send(me, me, sig);
		return 0;
	}
	if (!ignored(sig) || (me->mask & BIT(sig))) {
		proc_pending |= BIT(sig);
		wake_up(&sig_wq);
	}
	return 0;
}

int sigaction(int sig, const struct sigaction *act_, struct sigaction *old)
{
	if (!valid(sig) || (act_ && (sig == SIGKILL || sig == SIGSTOP)))
		return (int)posix_ret(-EINVAL);
	if (old)
		*old = actions[sig];
	if (act_) {
		actions[sig] = *act_;
		if (ignored(sig)) {
			/* POSIX: setting SIG_IGN discards what is pending */
			proc_pending &= ~BIT(sig);
			self_sigstate()->pending &= ~BIT(sig);
		}
	}
	return 0;
}

_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
	struct sigaction a, old;

	memset(&a, 0, sizeof(a));
	a.sa_handler = handler;
	a.sa_flags = SA_RESTART;
	if (sigaction(sig, &a, &old))
		return SIG_ERR;
	return old.sa_handler;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	struct gsigstate *me = self_sigstate();
	sigset_t cur = me->mask;

	if (set) {
		if (how == SIG_BLOCK)
			me->mask |= *set;
		else if (how == SIG_UNBLOCK)
			me->mask &= ~*set;
		else if (how == SIG_SETMASK)
			me->mask = *set;
		else
			return EINVAL;
		me->mask &= ~(BIT(SIGKILL) | BIT(SIGSTOP));
	}
	if (old)
		*old = cur;
	deliver_pending(me); /* what this unblocked, before returning */
	return 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	return (int)posix_ret(-pthread_sigmask(how, set, old));
}

int sigpending(sigset_t *set)
{
	struct gsigstate *me = self_sigstate();

	*set = (me->pending | proc_pending) & me->mask;
	return 0;
}

/* Waits for a signal of *set: its number, or -EINVAL (an empty set),
 * -EAGAIN (timeout: a relative time, NULL for none) or, when restart is
 * false, -EINTR once a handler of another signal has run (sigwait
 * restarts instead, as glibc's does). */
static int wait_set(const sigset_t *set, const struct timespec *timeout,
		    bool restart)
{
	struct gsigstate *me = self_sigstate();
	sigset_t want = *set & ~(BIT(SIGKILL) | BIT(SIGSTOP)) & ~BIT(0);
	uint64_t deadline;
	int got, rc;

	if (!want)
		return -EINVAL;
	rc = deadline_from_rel(timeout, &deadline);
	if (rc)
		return rc;
	for (;;) {
		got = take(me, want);
		if (got)
			return got;
		if (deliver_pending(me)) {
			if (!restart)
				return -EINTR;
			continue;
		}
		me->waiting = want;
		rc = wait_event_until(
		    sig_wq, (me->pending | proc_pending) & (want | ~me->mask),
		    deadline);
		me->waiting = 0;
		if (rc) {
			got = take(me, want);
			return got ? got : -EAGAIN;
		}
	}
}

int sigwait(const sigset_t *set, int *sig)
{
	int got = wait_set(set, NULL, true);

	if (got < 0)
		return -got;
	*sig = got;
	return 0;
}

int sigtimedwait(const sigset_t *set, siginfo_t *info,
		 const struct timespec *timeout)
{
	int got = wait_set(set, timeout, false);

	if (got < 0)
		return (int)posix_ret(got);
	if (info) {
		memset(info, 0, sizeof(*info));
		info->si_signo = got;
		info->si_code = SI_USER;
		info->si_pid = getpid();
	}
	return got;
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return sigtimedwait(set, info, NULL);
}

/* Waits with mask in place until a handler has run: always -1 EINTR. */
int sigsuspend(const sigset_t *mask)
{
	struct gsigstate *me = self_sigstate();
	sigset_t saved = me->mask;

	me->mask = *mask & ~(BIT(SIGKILL) | BIT(SIGSTOP));
	while (!deliver_pending(me))
		wait_event_until(sig_wq,
				 (me->pending | proc_pending) & ~me->mask, 0);
	me->mask = saved;
	return (int)posix_ret(-EINTR);
}

int pause(void)
{
	sigset_t cur = self_sigstate()->mask;

	return sigsuspend(&cur);
}

/* The functions behind newlib's macros, for callers that take their
 * address or #undef them (C requires them to exist). */
#undef sigemptyset
#undef sigfillset
#undef sigaddset
#undef sigdelset
#undef sigismember

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~0ul & ~BIT(0);
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (!valid(sig))
		return (int)posix_ret(-EINVAL);
	*set |= BIT(sig);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (!valid(sig))
		return (int)posix_ret(-EINVAL);
	*set &= ~BIT(sig);
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (!valid(sig))
		return (int)posix_ret(-EINVAL);
	return !!(*set & BIT(sig));
}
