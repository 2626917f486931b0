/*
 * threads.c - POSIX threads: a counter under a mutex with switches
 * inside the critical section, a producer/consumer queue on condition
 * variables, a timed wait that times out, thread-specific data with
 * destructors, per-thread errno, detached threads, floating point
 * printf on a thread's stack, and stdout surviving a thread that used it.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "libctest.h"

#define NTHREADS 4
#define LOOPS	 500

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count_up(void *arg)
{
	for (int i = 0; i < LOOPS; i++) {
		pthread_mutex_lock(&lock);
		long c = counter;
		if (i % 7 == 0)
			sched_yield(); /* another thread must block here */
		counter = c + 1;
		pthread_mutex_unlock(&lock);
	}
	return arg;
}

static void mutex_counter(void)
{
	pthread_t t[NTHREADS];
	void *ret;
	int joined = 0;

	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, count_up, (void *)i);
	for (long i = 0; i < NTHREADS; i++)
		if (pthread_join(t[i], &ret) == 0 && ret == (void *)i)
			joined++;
	app_check(joined == NTHREADS && counter == NTHREADS * LOOPS,
		  "threads + mutex", "joined %d, counter %ld (want %d)", joined,
		  counter, NTHREADS * LOOPS);
}

/* A one-slot queue: the producer waits for it to empty. */
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcond = PTHREAD_COND_INITIALIZER;
static int slot, full;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= 100; i++) {
		pthread_mutex_lock(&qlock);
		while (full)
			pthread_cond_wait(&qcond, &qlock);
		slot = i;
		full = 1;
		pthread_cond_broadcast(&qcond);
		pthread_mutex_unlock(&qlock);
	}
	return NULL;
}

static void condvar_queue(void)
{
	pthread_t t;
	long sum = 0;

	pthread_create(&t, NULL, producer, NULL);
	for (int n = 0; n < 100; n++) {
		pthread_mutex_lock(&qlock);
		while (!full)
			pthread_cond_wait(&qcond, &qlock);
		sum += slot;
		full = 0;
		pthread_cond_signal(&qcond);
		pthread_mutex_unlock(&qlock);
	}
	pthread_join(t, NULL);
	app_check(sum == 5050, "condition variables", "sum %ld, want 5050",
		  sum);
}

static void cond_timeout(void)
{
	struct timespec abs, t0, t1;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_nsec += 50 * 1000000;
	if (abs.tv_nsec >= 1000000000)
		abs.tv_sec++, abs.tv_nsec -= 1000000000;
	pthread_mutex_lock(&qlock);
	rc = pthread_cond_timedwait(&qcond, &qlock, &abs);
	pthread_mutex_unlock(&qlock);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		  (t1.tv_nsec - t0.tv_nsec) / 1000000;
	app_check(rc == ETIMEDOUT && ms >= 49 && ms < 5000, "cond_timedwait",
		  "rc %d after %ld ms", rc, ms);
}

static pthread_key_t key;
static int destructed;

static void key_dtor(void *v)
{
	(void)v;
	destructed++;
}

/* Checks keys and errno stay per thread across switches; and that a
 * double prints right on a pthread's stack (SSE alignment). */
static void *tls_worker(void *arg)
{
	char buf[32];
	long me = (long)arg;
	bool ok = frame_aligned();

	pthread_setspecific(key, arg);
	errno = (int)me + 100;
	for (int i = 0; i < 5; i++) {
		sched_yield();
		ok = ok && pthread_getspecific(key) == arg &&
		     errno == (int)me + 100;
	}
	snprintf(buf, sizeof(buf), "%.2f", 1.5 + (double)me);
	snprintf(buf + 16, 16, "%.2f", 1.5 + (double)me);
	ok = ok && !strcmp(buf, buf + 16) && buf[1] == '.';
	return ok ? arg : NULL;
}

static void thread_locals(void)
{
	pthread_t t[NTHREADS];
	int good = 0;
	void *ret;

	pthread_key_create(&key, key_dtor);
	errno = 0;
	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, tls_worker, (void *)(i + 1));
	for (long i = 0; i < NTHREADS; i++)
		if (pthread_join(t[i], &ret) == 0 && ret == (void *)(i + 1))
			good++;
	app_check(good == NTHREADS && errno == 0 && destructed == NTHREADS,
		  "thread-specific data and errno",
		  "%d good, errno %d, %d dtors", good, errno, destructed);
}

static int detached_ran;

static void *detached_fn(void *arg)
{
	(void)arg;
	detached_ran++;
	return NULL;
}

static void detached(void)
{
	pthread_attr_t a;
	pthread_t t;
	int rc;

	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 3; i++)
		pthread_create(&t, &a, detached_fn, NULL);
	usleep(20000);
	rc = pthread_join(t, NULL);
	/* The next create reaps the exited detached threads. */
	pthread_create(&t, &a, detached_fn, NULL);
	usleep(20000);
	app_check(detached_ran == 4 && (rc == EINVAL || rc == ESRCH),
		  "detached threads", "%d ran, join gave %d", detached_ran, rc);
	pthread_attr_destroy(&a);
}

static void *printer(void *arg)
{
	return (void *)(intptr_t)printf("libctest: %s\n", (const char *)arg);
}

/* A thread that used stdio and ended must not take stdout with it (its
 * own newlib state used to get its own streams, and reclaiming that
 * state closed fds 0-2 for everyone). */
static void thread_stdio(void)
{
	pthread_t t;
	void *ret = NULL;
	int fl;

	app_check(pthread_create(&t, NULL, printer, "printf from a thread") ==
			  0 &&
		      pthread_join(t, &ret) == 0 && (intptr_t)ret > 0,
		  "printf in a thread", "returned %ld", (long)(intptr_t)ret);
	fl = fcntl(1, F_GETFL);
	app_check(fl != -1 &&
		      printf("libctest: stdout after the thread ended\n") > 0 &&
		      fflush(stdout) == 0,
		  "stdout outlives a thread that used it", "fcntl %d errno %d",
		  fl, errno);
}

void test_threads(void)
{
	mutex_counter();
	condvar_queue();
	cond_timeout();
	thread_locals();
	detached();
	thread_stdio();
}
