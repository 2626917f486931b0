/*
 * qemu_calls.c - the C library calls QEMU's objects make that libc-glue
 * gained for the device-model stub domain (issue #11): futex wait/wake
 * through syscall(), pthread_kill + sigwait across threads, sigaction
 * handlers through raise/kill/unblocking/sigsuspend, sigtimedwait and
 * sigwaitinfo, pthread_cleanup_push/pop, gettid and prctl;
 * pread/pwrite/preadv on the disk and readv/writev on a pipe, block
 * ioctls, access/realpath/readlink, fstatfs; msync/mincore/mlockall;
 * getrusage; 128-bit division (libc-glue/int128.c); inet_aton/ntoa and
 * getnameinfo.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <netdb.h>
#include <pthread.h>
#include <pwd.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "libctest.h"

static long futex(uint32_t *w, int op, uint32_t val, const struct timespec *t)
{
	return syscall(SYS_futex, w, op, val, t);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- futex ---- */

static uint32_t fword;
static int woken_ok;

static void *futex_waiter(void *arg)
{
	(void)arg;
	if (futex(&fword, FUTEX_WAIT_PRIVATE, 0, NULL) == 0)
		__atomic_fetch_add(&woken_ok, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void test_futex(void)
{
	struct timespec ts = {0, 30 * 1000000};
	uint32_t w = 1;
	pthread_t t[3];
	uint64_t t0;
	long r1, r2, r3;

	errno = 0;
	app_check(futex(&w, FUTEX_WAIT_PRIVATE, 0, NULL) == -1 &&
		      errno == EAGAIN,
		  "futex wait on a changed value: EAGAIN", "errno %d", errno);
	t0 = now_ms();
	errno = 0;
	app_check(futex(&w, FUTEX_WAIT, 1, &ts) == -1 && errno == ETIMEDOUT &&
		      now_ms() - t0 >= 29,
		  "futex wait times out: ETIMEDOUT", "errno %d after %llu ms",
		  errno, (unsigned long long)(now_ms() - t0));
	fword = 0;
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, futex_waiter, NULL);
	usleep(20000); /* all three now sleep in FUTEX_WAIT */
	fword = 1;
	r1 = futex(&fword, FUTEX_WAKE_PRIVATE, 2, NULL);
	r2 = futex(&fword, FUTEX_WAKE_PRIVATE, INT_MAX, NULL);
	r3 = futex(&fword, FUTEX_WAKE_PRIVATE, INT_MAX, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	app_check(r1 == 2 && r2 == 1 && r3 == 0 && woken_ok == 3,
		  "futex wake from another thread counts the woken",
		  "wake 2 -> %ld, all -> %ld, again -> %ld; %d woke", r1, r2,
		  r3, woken_ok);
	errno = 0;
	app_check(syscall(999) == -1 && errno == ENOSYS,
		  "syscall(999) is ENOSYS", "errno %d", errno);
}

/* ---- signals ---- */

static int ipi_count;
static pid_t waiter_tid;

/* dummy-cpus.c's loop: wait for SIG_IPI, three kicks. */
static void *ipi_waiter(void *arg)
{
	sigset_t set;
	int sig;

	(void)arg;
	waiter_tid = gettid();
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	for (int i = 0; i < 3; i++)
		if (sigwait(&set, &sig) == 0 && sig == SIGUSR1)
			ipi_count++;
	return NULL;
}

static int handled, handled_info;
static void on_usr2(int sig)
{
	if (sig == SIGUSR2)
		handled++;
}

static void on_usr2_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig == SIGUSR2 && si && si->si_signo == SIGUSR2)
		handled_info++;
}

static pthread_t main_thread;
static void *kick_main(void *arg)
{
	(void)arg;
	usleep(10000);
	pthread_kill(main_thread, SIGUSR2);
	return NULL;
}

static void test_sigwait(void)
{
	sigset_t all, old;
	pthread_t t;
	int alive, gone;

	/* as qemu_thread_create: the new thread inherits all blocked */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_create(&t, NULL, ipi_waiter, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	alive = pthread_kill(t, 0);
	/* One kick at a time: standard signals do not queue, so a second
	 * one before the first is taken would merge with it. */
	for (int i = 0; i < 3; i++) {
		pthread_kill(t, SIGUSR1);
		for (int ms = 0; ipi_count <= i && ms < 1000; ms++)
			usleep(1000);
	}
	pthread_join(t, NULL);
	gone = pthread_kill(t, 0);
	app_check(ipi_count == 3 && alive == 0 && gone == ESRCH,
		  "pthread_kill + sigwait across threads",
		  "%d of 3 received; kill(0) %d alive, %d gone", ipi_count,
		  alive, gone);
	app_check(gettid() == getpid() && waiter_tid > 1 &&
		      waiter_tid != gettid(),
		  "gettid", "main %d (pid %d), thread %d", gettid(), getpid(),
		  waiter_tid);
}

static void test_handlers(void)
{
	struct sigaction sa, old;
	sigset_t set, pend;
	bool on_raise, blocked_held, on_unblock, on_kill, info, ign;
	pthread_t t;
	int rc, err;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	on_raise = handled == 1;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR2);
	sigpending(&pend);
	blocked_held = handled == 1 && sigismember(&pend, SIGUSR2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	on_unblock = handled == 2;
	kill(getpid(), SIGUSR2);
	on_kill = handled == 3;
	app_check(on_raise && blocked_held && on_unblock && on_kill,
		  "sigaction handler via raise, unblock, kill(getpid())",
		  "raise %d, held %d, unblock %d, kill %d", on_raise,
		  blocked_held, on_unblock, on_kill);

	/* sigsuspend: blocked here, let through while suspended */
	sa.sa_sigaction = on_usr2_info;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, &old);
	sigprocmask(SIG_BLOCK, &set, NULL);
	main_thread = pthread_self();
	pthread_create(&t, NULL, kick_main, NULL);
	sigemptyset(&pend);
	rc = sigsuspend(&pend);
	err = errno;
	pthread_join(t, NULL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	info = handled_info == 1;
	app_check(rc == -1 && err == EINTR && info && old.sa_handler == on_usr2,
		  "sigsuspend woken by another thread's SA_SIGINFO signal",
		  "rc %d errno %d, %d handled, old handler %s", rc, err,
		  handled_info,
		  old.sa_handler == on_usr2 ? "read back" : "lost");
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	ign = handled == 3 && handled_info == 1;
	signal(SIGUSR2, SIG_DFL);
	app_check(ign, "SIG_IGN drops the signal", "handled %d/%d", handled,
		  handled_info);
}

/* sigtimedwait: a timeout, then a signal already pending, then one
 * sent by another thread during the wait, each with its siginfo. */
static void test_sigtimedwait(void)
{
	sigset_t set, old;
	siginfo_t si;
	struct timespec ts = {0, 20 * 1000 * 1000};
	uint64_t t0, waited;
	pthread_t t;
	int timed, timed_err, pend, bad, bad_err, live;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	t0 = now_ms();
	timed = sigtimedwait(&set, &si, &ts);
	timed_err = errno;
	waited = now_ms() - t0;
	raise(SIGUSR2);
	memset(&si, 0, sizeof(si));
	pend = sigtimedwait(&set, &si, &ts);
	ts.tv_nsec = 1000000000;
	bad = sigtimedwait(&set, &si, &ts);
	bad_err = errno;
	main_thread = pthread_self();
	pthread_create(&t, NULL, kick_main, NULL);
	memset(&si, 0, sizeof(si));
	live = sigwaitinfo(&set, &si);
	pthread_join(t, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	app_check(timed == -1 && timed_err == EAGAIN && waited >= 20 &&
		      pend == SIGUSR2 && bad == -1 && bad_err == EINVAL &&
		      live == SIGUSR2 && si.si_signo == SIGUSR2 &&
		      si.si_code == SI_USER && si.si_pid == getpid(),
		  "sigtimedwait/sigwaitinfo",
		  "timeout %d errno %d after %llu ms; pending %d; bad %d "
		  "errno %d; sent %d (signo %d code %d pid %d)",
		  timed, timed_err, (unsigned long long)waited, pend, bad,
		  bad_err, live, si.si_signo, si.si_code, (int)si.si_pid);
}

/* pthread_cleanup_push/pop: pop(0) drops, pop(1) runs, pthread_exit
 * runs what is left newest first. */
static char cleanup_log[8];
static void log_cleanup(void *arg)
{
	size_t n = strlen(cleanup_log);

	if (n + 1 < sizeof(cleanup_log))
		cleanup_log[n] = *(const char *)arg;
}

static void *cleanup_thread(void *arg)
{
	(void)arg;
	pthread_cleanup_push(log_cleanup, "a");
	pthread_cleanup_push(log_cleanup, "b");
	pthread_cleanup_push(log_cleanup, "x");
	pthread_cleanup_pop(0);
	pthread_cleanup_push(log_cleanup, "c");
	pthread_cleanup_pop(1);
	pthread_exit((void *)7);
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return NULL;
}

static void test_cleanup(void)
{
	pthread_t t;
	void *ret = NULL;

	pthread_create(&t, NULL, cleanup_thread, NULL);
	pthread_join(t, &ret);
	app_check(!strcmp(cleanup_log, "cba") && ret == (void *)7,
		  "pthread_cleanup_push/pop and pthread_exit",
		  "ran '%s', returned %p", cleanup_log, ret);
}

/* One identity, root's: -runas/-chroot (os-posix.c) get clear errors. */
static void test_users(void)
{
	struct passwd *pw = getpwnam("root"), pwr, *out = NULL;
	char buf[64];
	gid_t zero = 0, other = 1000;
	bool db, ids, dirs;

	db = pw && pw->pw_uid == 0 && pw->pw_gid == 0 &&
	     !strcmp(pw->pw_dir, "/") && !getpwnam("qemu") && getpwuid(0) &&
	     !getpwuid(1000) &&
	     getpwnam_r("root", &pwr, buf, sizeof(buf), &out) == 0 &&
	     out == &pwr && !strcmp(pwr.pw_name, "root") &&
	     getpwnam_r("root", &pwr, buf, 4, &out) == ERANGE && !out;
	ids = setuid(0) == 0 && setgid(0) == 0 && setgroups(1, &zero) == 0 &&
	      initgroups("root", 0) == 0 && setuid(1000) == -1 &&
	      errno == EPERM && setgroups(1, &other) == -1 && errno == EPERM;
	dirs = chroot("/") == 0 && chroot("/dev") == -1 && errno == EPERM &&
	       chroot("/nowhere") == -1 && errno == ENOENT;
	app_check(db && ids && dirs, "users: root only, chroot(\"/\") only",
		  "database %d, identity changes %d, chroot %d", db, ids, dirs);
}

static void test_thread_misc(void)
{
	char name[16] = "", viaid[16] = "";

	prctl(PR_SET_NAME, (unsigned long)"libctest-main");
	prctl(PR_GET_NAME, (unsigned long)name);
	pthread_getname_np(pthread_self(), viaid, sizeof(viaid));
	app_check(
	    !strcmp(name, "libctest-main") && !strcmp(viaid, "libctest-main") &&
		pthread_setname_np(pthread_self(),
				   "a-name-too-long-for-comm") == ERANGE &&
		prctl(PR_SET_TIMERSLACK, 1UL) == 0 &&
		pthread_atfork(NULL, NULL, NULL) == 0 && setsid() == -1,
	    "prctl and pthread_*name_np, atfork, setsid", "name '%s' / '%s'",
	    name, viaid);
}

/* ---- files ---- */

static void test_pipe_vectors(void)
{
	char a[4], b[16] = "";
	struct iovec out[] = {{"ab", 2}, {"", 0}, {"cdef", 4}, {"gh", 2}};
	struct iovec in[] = {{a, 3}, {b, sizeof(b)}};
	int p[2], avail = -1;
	ssize_t w, r;

	if (pipe(p))
		return;
	w = writev(p[1], out, 4);
	ioctl(p[0], FIONREAD, &avail);
	r = readv(p[0], in, 2); /* short: 8 of 19 */
	errno = 0;
	app_check(w == 8 && avail == 8 && r == 8 && !memcmp(a, "abc", 3) &&
		      !strcmp(b, "defgh") && pread(p[0], a, 1, 0) == -1 &&
		      errno == ESPIPE,
		  "writev/readv on a pipe, FIONREAD, pread ESPIPE",
		  "wrote %zd, %d ready, read %zd '%.3s' '%s', errno %d", w,
		  avail, r, a, b, errno);
	close(p[0]);
	close(p[1]);
}

static void test_disk_positional(void)
{
	static char out[3000], in[3000], v1[1000], v2[2000];
	struct iovec iv[] = {{v1, sizeof(v1)}, {v2, sizeof(v2)}};
	const off_t at = (2 << 20) + 100; /* clear of files.c's regions */
	uint64_t size = 0;
	int ss = 0, fd = open("/dev/xvda", O_RDWR);
	off_t pos0, pos1;
	bool ok;

	if (!app_check(fd >= 0, "open /dev/xvda for pread", "errno %d", errno))
		return;
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 13 + 1);
	pos0 = lseek(fd, 777, SEEK_SET);
	ok = pwrite(fd, out, sizeof(out), at) == (ssize_t)sizeof(out) &&
	     pread(fd, in, sizeof(in), at) == (ssize_t)sizeof(in) &&
	     !memcmp(in, out, sizeof(in)) &&
	     preadv(fd, iv, 2, at) == (ssize_t)sizeof(out) &&
	     !memcmp(v1, out, sizeof(v1)) &&
	     !memcmp(v2, out + sizeof(v1), sizeof(v2));
	pos1 = lseek(fd, 0, SEEK_CUR);
	app_check(ok && pos0 == 777 && pos1 == 777,
		  "pwrite/pread/preadv on /dev/xvda leave the position",
		  "ok %d, position %lld -> %lld", ok, (long long)pos0,
		  (long long)pos1);
	errno = 0;
	app_check(ioctl(fd, BLKGETSIZE64, &size) == 0 && size == 16 << 20 &&
		      ioctl(fd, BLKSSZGET, &ss) == 0 && ss == 512 &&
		      ioctl(fd, 0x5401 /* TCGETS */, &ss) == -1 &&
		      errno == ENOTTY,
		  "block ioctls", "size %llu, sector %d, errno %d",
		  (unsigned long long)size, ss, errno);
	{
		int ro = -1, set = 1, e_set, p[2], advise, advise_bad,
		    advise_pipe = -1;

		errno = 0;
		ioctl(fd, BLKROSET, &set);
		e_set = errno;
		advise = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		advise_bad = posix_fadvise(fd, 0, 0, 99);
		if (pipe(p) == 0) {
			advise_pipe =
			    posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL);
			close(p[0]);
			close(p[1]);
		}
		app_check(ioctl(fd, BLKROGET, &ro) == 0 && ro == 0 &&
			      e_set == EPERM && advise == 0 &&
			      advise_bad == EINVAL && advise_pipe == ESPIPE &&
			      posix_fadvise(-1, 0, 0, 0) == EBADF,
			  "BLKROGET/BLKROSET, posix_fadvise",
			  "read-only %d, BLKROSET errno %d, fadvise %d, bad "
			  "advice %d, pipe %d",
			  ro, e_set, advise, advise_bad, advise_pipe);
	}
	errno = 0;
	app_check(ftruncate(fd, 4096) == -1 && errno == EINVAL,
		  "ftruncate of a disk: EINVAL", "errno %d", errno);
	close(fd);
}

static void test_names(void)
{
	char buf[64], *r = realpath("/dev/../dev//./null", buf);
	struct statfs sfs;
	int p[2];
	bool ok_access, ok_statfs = false;
	int e_nopath, e_notdir, e_link;

	errno = 0;
	ok_access = access("/dev/xvda", R_OK | W_OK) == 0 &&
		    access("/", X_OK) == 0 && access("/dev/null", F_OK) == 0 &&
		    access("/dev/nonesuch", F_OK) == -1 && errno == ENOENT;
	errno = 0;
	e_nopath = realpath("/nope/..", NULL) == NULL ? errno : 0;
	errno = 0;
	e_notdir = realpath("/dev/null/../null", NULL) == NULL ? errno : 0;
	errno = 0;
	e_link = readlink("/dev/null", buf + 32, 16) == -1 ? errno : 0;
	app_check(ok_access && r && !strcmp(r, "/dev/null") &&
		      e_nopath == ENOENT && e_notdir == ENOTDIR &&
		      e_link == EINVAL,
		  "access, realpath, readlink",
		  "access %d, realpath '%s', errnos %d %d %d", ok_access,
		  r ? r : "(null)", e_nopath, e_notdir, e_link);
	if (pipe(p) == 0) {
		ok_statfs = fstatfs(p[0], &sfs) == 0 &&
			    sfs.f_type == PIPEFS_MAGIC && sfs.f_bsize == 4096;
		close(p[0]);
		close(p[1]);
	}
	app_check(ok_statfs && statfs("/dev", &sfs) == 0 &&
		      sfs.f_type == TMPFS_MAGIC && umask(077) == 022 &&
		      umask(022) == 077,
		  "fstatfs/statfs, umask", "pipe fstatfs %d", ok_statfs);
	flockfile(stdout);
	printf("libctest: stdout locked (flockfile) and written\n");
	app_check(ftrylockfile(stdout) == 0, "flockfile nests",
		  "ftrylockfile failed");
	funlockfile(stdout);
	funlockfile(stdout);
}

/* ---- memory, rusage, int128, inet ---- */

/* The glue's functions, not lwIP's macros of the same names. */
#undef inet_aton
#undef inet_ntoa
int inet_aton(const char *cp, struct in_addr *inp);
char *inet_ntoa(struct in_addr in);

static void test_memory(void)
{
	const size_t len = 3 * 4096;
	unsigned char vec[3] = {0};
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool ok;

	if (!app_check(p != MAP_FAILED, "mmap for msync", "errno %d", errno))
		return;
	ok = msync(p, len, MS_SYNC) == 0 && mincore(p, len, vec) == 0 &&
	     vec[0] && vec[1] && vec[2] &&
	     mlockall(MCL_CURRENT | MCL_FUTURE) == 0 && munlockall() == 0;
	munmap(p, len);
	printf("libctest: msync of an unmapped range (a probe fault may be "
	       "reported next)\n");
	errno = 0;
	app_check(ok && msync(p, len, MS_ASYNC) == -1 && errno == ENOMEM,
		  "msync/mincore/mlockall; msync unmapped: ENOMEM",
		  "ok %d, errno %d", ok, errno);
}

static void test_rusage(void)
{
	struct rusage a, b;
	int e;

	errno = 0;
	getrusage(RUSAGE_SELF, &a);
	usleep(20000);
	getrusage(RUSAGE_THREAD, &b);
	e = getrusage(12345, &b) == -1 ? errno : 0;
	app_check((a.ru_utime.tv_sec || a.ru_utime.tv_usec) &&
		      (b.ru_utime.tv_sec - a.ru_utime.tv_sec) * 1000000 +
			      (b.ru_utime.tv_usec - a.ru_utime.tv_usec) >=
			  19000 &&
		      e == EINVAL,
		  "getrusage", "utime %lld.%06ld, errno %d",
		  (long long)a.ru_utime.tv_sec, (long)a.ru_utime.tv_usec, e);
}

static void test_int128(void)
{
	volatile unsigned __int128 x = (unsigned __int128)0x123456789abcdef0ull
					   << 64 |
				       0x0fedcba987654321ull;
	volatile unsigned __int128 y = 0x1000000007ull, z = x >> 3;
	volatile __int128 sx = -(__int128)x / 5;
	volatile unsigned long long pc = 0xf0f0f0f0f0f0f0f1ull;
	unsigned __int128 q = x / y, r = x % y, q2 = x / z, r2 = x % z;
	__int128 sq = sx / -7, sr = sx % -7;

	app_check(q * y + r == x && r < y && q2 == 8 && r2 == (x & 7) &&
		      sq * -7 + sr == sx && sr <= 0 && sr > -7 &&
		      __builtin_popcountll(pc) == 33,
		  "int128 division and popcount (libc-glue/int128.c)",
		  "q %llx:%016llx r %llx", (unsigned long long)(q >> 64),
		  (unsigned long long)q, (unsigned long long)r);
}

static void test_inet(void)
{
	struct in_addr a;
	struct sockaddr_in sin;
	char host[NI_MAXHOST], serv[NI_MAXSERV], *text;
	int rc;

	rc = inet_aton("10.0x10203", &a);
	text = inet_ntoa(a);
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(5900);
	sin.sin_addr = a;
	app_check(rc == 1 && !strcmp(text, "10.1.2.3") &&
		      getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
				  sizeof(host), serv, sizeof(serv),
				  NI_NUMERICHOST | NI_NUMERICSERV) == 0 &&
		      !strcmp(host, "10.1.2.3") && !strcmp(serv, "5900") &&
		      getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
				  sizeof(host), NULL, 0,
				  NI_NAMEREQD) == EAI_NONAME,
		  "inet_aton/inet_ntoa, getnameinfo", "'%s', '%s' '%s'", text,
		  host, serv);
}

void test_qemu_calls(void)
{
	test_futex();
	test_sigwait();
	test_handlers();
	test_sigtimedwait();
	test_cleanup();
	test_users();
	test_thread_misc();
	test_pipe_vectors();
	test_disk_positional();
	test_names();
	test_memory();
	test_rusage();
	test_int128();
	test_inet();
}
