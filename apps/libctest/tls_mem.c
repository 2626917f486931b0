/*
 * tls_mem.c - what QEMU and glib need of the C library beyond the
 * basics: __thread variables (.tbss, an initialised one in .tdata, one
 * aligned to 256) distinct in three threads across sleeps and yields,
 * the TCB (%fs:0 its own address, %fs:0x28 the same canary everywhere);
 * anonymous mmap (3 MiB zeroed, mprotect PROT_NONE and back, munmap
 * whole only, ten rounds without leaking); a pthread with a 1 MiB stack
 * using 900 KiB of it; socketpair both ways with poll, EOF and EPIPE.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include "libctest.h"

static __thread long tls_counter;
static __thread int tls_init = 12345;
static __thread char tls_aligned[100] __attribute__((aligned(256)));

static uintptr_t fs_word(unsigned int off)
{
	uintptr_t v;

	__asm__ volatile("movq %%fs:(%1), %0" : "=r"(v) : "r"((uintptr_t)off));
	return v;
}

static void *tls_worker(void *arg)
{
	long me = (long)(intptr_t)arg;
	bool ok = tls_init == 12345 && tls_counter == 0 &&
		  ((uintptr_t)tls_aligned & 255) == 0 && !tls_aligned[7];

	tls_counter = me * 1000;
	tls_init = (int)me;
	memset(tls_aligned, (int)me, sizeof(tls_aligned));
	for (int i = 0; i < 5; i++) {
		if (i & 1)
			usleep(2000);
		else
			sched_yield();
		ok = ok && tls_counter == me * 1000 + i && tls_init == me &&
		     tls_aligned[99] == (char)me;
		tls_counter++;
	}
	ok = ok && fs_word(0) > (uintptr_t)&tls_counter &&
	     fs_word(0) - (uintptr_t)&tls_counter < 4096;
	return (void *)(intptr_t)(ok ? me : -1) == arg ? (void *)fs_word(0x28)
						       : NULL;
}

static void test_tls(void)
{
	pthread_t t[3];
	void *canary[3];
	int good = 0;

	tls_init = 7;
	tls_counter = 99;
	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, tls_worker, (void *)(i + 1));
	for (int i = 0; i < 3; i++)
		if (pthread_join(t[i], &canary[i]) == 0 &&
		    canary[i] == (void *)fs_word(0x28))
			good++;
	app_check(good == 3 && tls_init == 7 && tls_counter == 99 &&
		      ((uintptr_t)tls_aligned & 255) == 0,
		  "__thread in 3 threads (.tdata, .tbss, aligned 256)",
		  "%d good, main %d/%ld, aligned %p", good, tls_init,
		  tls_counter, (void *)tls_aligned);
	app_check(fs_word(0) == fs_word(0x10) && fs_word(0x28) != 0,
		  "TCB self pointer and canary", "%%fs:0 %lx, canary %lx",
		  (unsigned long)fs_word(0), (unsigned long)fs_word(0x28));
}

static void test_mmap(void)
{
	size_t len = 3u << 20;
	bool zero = true, ok = true;
	int rounds = 0;

	for (; rounds < 10 && ok; rounds++) {
		unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			ok = false;
			break;
		}
		for (size_t i = 0; i < len; i += 64)
			zero = zero && !p[i] && !p[i + 63];
		memset(p, 0xa5, len);
		ok = ((uintptr_t)p & 4095) == 0 &&
		     mprotect(p, 4096, PROT_NONE) == 0 &&
		     mprotect(p, 8192, PROT_READ) == 0 &&
		     mprotect(p, 8192, PROT_READ | PROT_WRITE) == 0 &&
		     p[0] == 0xa5 && p[4096] == 0xa5 && p[len - 1] == 0xa5;
		p[0] = 1;
		errno = 0;
		ok = ok && munmap(p, 4096) == -1 && errno == EINVAL &&
		     munmap(p + 4096, len - 4096) == -1 && munmap(p, len) == 0;
	}
	app_check(ok && zero && rounds == 10,
		  "mmap 3 MiB zeroed, mprotect, munmap (10 rounds)",
		  "ok %d zero %d rounds %d errno %d", ok, zero, rounds, errno);
	errno = 0;
	app_check(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 0, 0) ==
			  MAP_FAILED &&
		      errno == ENODEV,
		  "file mmap is ENODEV", "errno %d", errno);
}

static void *deep(void *arg)
{
	volatile unsigned char big[900 * 1024];
	unsigned long sum = 0;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)i;
	for (size_t i = 0; i < sizeof(big); i += 4096)
		sum += big[i + 17];
	return sum == (sizeof(big) / 4096) * 17 ? arg : NULL;
}

static void test_big_stack(void)
{
	pthread_attr_t a;
	pthread_t t;
	size_t got = 0;
	void *ret = NULL;
	int rc;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 1u << 20);
	pthread_attr_getstacksize(&a, &got);
	rc = pthread_create(&t, &a, deep, &a);
	if (!rc)
		pthread_join(t, &ret);
	app_check(rc == 0 && ret == &a && got == 1u << 20,
		  "pthread with a 1 MiB stack using 900 KiB", "rc %d size %zu",
		  rc, got);
}

static int readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};

	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static void *sp_peer(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char buf[8] = "";

	usleep(5000);
	write(fd, "ping", 4);
	return (void *)(intptr_t)(read(fd, buf, sizeof(buf)) == 4 &&
				  !memcmp(buf, "pong", 4));
}

static void test_socketpair(void)
{
	int sv[2], rc;
	char buf[8] = "";
	pthread_t t;
	void *ret = NULL;
	bool ok;

	rc = socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	ok = rc == 0 && readable(sv[0]) == POLLOUT;
	pthread_create(&t, NULL, sp_peer, (void *)(intptr_t)sv[1]);
	/* blocks until the peer writes */
	ok = ok && read(sv[0], buf, sizeof(buf)) == 4 &&
	     !memcmp(buf, "ping", 4) && write(sv[0], "pong", 4) == 4;
	pthread_join(t, &ret);
	ok = ok && ret == (void *)1;
	write(sv[1], "x", 1);
	ok = ok && readable(sv[0]) == (POLLIN | POLLOUT);
	close(sv[1]);
	ok = ok && read(sv[0], buf, 8) == 1 && read(sv[0], buf, 8) == 0;
	errno = 0;
	ok = ok && write(sv[0], "y", 1) == -1 && errno == EPIPE;
	close(sv[0]);
	errno = 0;
	app_check(ok && socketpair(AF_INET, SOCK_STREAM, 0, sv) == -1 &&
		      errno == EAFNOSUPPORT,
		  "socketpair both ways, EOF, EPIPE", "rc %d errno %d", rc,
		  errno);
}

void test_tls_mem(void)
{
	test_tls();
	test_mmap();
	test_big_stack();
	test_socketpair();
}
