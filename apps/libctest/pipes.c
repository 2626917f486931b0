/*
 * pipes.c - pipe(), pipe2() and eventfd() as event loops use them: data
 * through a pipe, poll() readiness on both ends, a thread asleep in
 * poll() woken by a write, end of file after the write end closes, EPIPE
 * after the read end closes, O_NONBLOCK at empty and full; an eventfd's
 * counter (adds, read-and-clear, EFD_SEMAPHORE, EAGAIN at zero) and a
 * thread asleep in poll() on it woken by eventfd_write.
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "libctest.h"

static int ready_now(int fd, short events)
{
	struct pollfd p = {.fd = fd, .events = events};

	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

/* Sleeps in poll() until fd is readable; returns its revents. */
static void *poll_reader(void *arg)
{
	struct pollfd p = {.fd = (int)(intptr_t)arg, .events = POLLIN};

	return (void *)(intptr_t)(poll(&p, 1, -1) == 1 ? p.revents : -1);
}

/* Starts poll_reader on fd, lets it sleep, then runs wake(fd2). */
static bool woken(int fd, void (*wake)(int), int fd2)
{
	pthread_t t;
	void *res;

	if (pthread_create(&t, NULL, poll_reader, (void *)(intptr_t)fd))
		return false;
	sched_yield(); /* it polls, finds nothing, sleeps */
	sched_yield();
	wake(fd2);
	return pthread_join(t, &res) == 0 && (intptr_t)res == POLLIN;
}

static void write_x(int fd)
{
	(void)!write(fd, "x", 1);
}

static void add_one(int fd)
{
	eventfd_write(fd, 1);
}

static void test_pipe(void)
{
	int fds[2];
	char buf[16] = "";

	if (!app_check(pipe(fds) == 0, "pipe", "errno %d", errno))
		return;
	app_check(ready_now(fds[0], POLLIN) == 0 &&
		      ready_now(fds[1], POLLOUT) == POLLOUT,
		  "empty pipe: not readable, writable", "wrong poll readiness");
	long w = write(fds[1], "hello", 5);
	app_check(w == 5 && ready_now(fds[0], POLLIN) == POLLIN,
		  "pipe readable after a write", "write %ld", w);
	long r = read(fds[0], buf, sizeof(buf));
	app_check(r == 5 && !memcmp(buf, "hello", 5), "pipe data",
		  "read %ld '%.5s'", r, buf);
	app_check(woken(fds[0], write_x, fds[1]), "poll on a pipe woken",
		  "thread not woken by a write");
	r = read(fds[0], buf, sizeof(buf));
	close(fds[1]);
	long eof = read(fds[0], buf, sizeof(buf));
	app_check(r == 1 && eof == 0 && ready_now(fds[0], POLLIN) == POLLIN,
		  "pipe end of file", "read %ld then %ld", r, eof);
	close(fds[0]);

	if (pipe(fds) == 0) {
		close(fds[0]);
		errno = 0;
		w = write(fds[1], "x", 1);
		app_check(w == -1 && errno == EPIPE, "pipe EPIPE",
			  "write %ld errno %d", w, errno);
		close(fds[1]);
	}

	if (!app_check(pipe2(fds, O_NONBLOCK) == 0, "pipe2 O_NONBLOCK",
		       "errno %d", errno))
		return;
	errno = 0;
	r = read(fds[0], buf, 1);
	bool empty_again = r == -1 && errno == EAGAIN;
	static char big[70000];
	w = write(fds[1], big, sizeof(big));
	long w2 = write(fds[1], big, 1);
	int e2 = errno;
	app_check(empty_again && w == 65536 && w2 == -1 && e2 == EAGAIN &&
		      ready_now(fds[1], POLLOUT) == 0,
		  "pipe O_NONBLOCK empty and full",
		  "read %ld, wrote %ld then %ld (errno %d)", r, w, w2, e2);
	long total = 0;
	while ((r = read(fds[0], big, 30000)) > 0)
		total += r;
	app_check(total == 65536, "pipe drained", "%ld bytes", total);
	close(fds[0]);
	close(fds[1]);
}

static void test_eventfd(void)
{
	eventfd_t v = 0;
	int fd = eventfd(0, EFD_NONBLOCK);

	if (!app_check(fd >= 0, "eventfd", "errno %d", errno))
		return;
	errno = 0;
	bool eagain = eventfd_read(fd, &v) == -1 && errno == EAGAIN;
	app_check(eagain && ready_now(fd, POLLIN) == 0, "eventfd empty",
		  "errno %d", errno);
	eventfd_write(fd, 3);
	eventfd_write(fd, 4);
	bool readable = ready_now(fd, POLLIN) == POLLIN;
	int rc = eventfd_read(fd, &v);
	app_check(readable && rc == 0 && v == 7 && ready_now(fd, POLLIN) == 0,
		  "eventfd counter", "rc %d value %llu", rc,
		  (unsigned long long)v);
	app_check(woken(fd, add_one, fd), "poll on an eventfd woken",
		  "thread not woken by eventfd_write");
	close(fd);

	fd = eventfd(2, EFD_NONBLOCK | EFD_SEMAPHORE);
	eventfd_t a = 0, b = 0;
	int r1 = eventfd_read(fd, &a), r2 = eventfd_read(fd, &b);
	int r3 = eventfd_read(fd, &v);
	app_check(fd >= 0 && r1 == 0 && r2 == 0 && a == 1 && b == 1 && r3 == -1,
		  "eventfd semaphore", "reads %d %d %d", r1, r2, r3);
	close(fd);
}

void test_pipes(void)
{
	test_pipe();
	test_eventfd();
}
