/*
 * coroutines.c - ucontext (libc-glue/ucontext.c), the way QEMU's
 * coroutine-ucontext backend uses it: getcontext returning twice after
 * setcontext, makecontext with int arguments (two, as QEMU passes a
 * pointer split in halves, and eight, two of them on the stack), a
 * generator that swaps back and forth many times, uc_link taking over
 * when the function returns, an aligned stack and floating point on the
 * coroutine's stack, a coroutine that yields the CPU to other threads,
 * coroutines inside a second thread, and QEMU's switch between started
 * coroutines: sigsetjmp/siglongjmp across stacks (with a signal mask
 * that reads back).
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include "libctest.h"

#define STACK  (64 * 1024)
#define YIELDS 1000

static ucontext_t main_uc, co_uc, done_uc;
static volatile int value;
static volatile bool co_aligned, co_float_ok;
static unsigned long args_seen[8];

static void twice(void)
{
	ucontext_t uc;
	volatile int passes = 0;

	int rc = getcontext(&uc);
	passes++;
	if (passes == 1)
		setcontext(&uc);
	app_check(rc == 0 && passes == 2, "getcontext returns again",
		  "rc %d passes %d", rc, passes);
}

/* QEMU's shape: a pointer split into two ints. */
static void generator(int lo, int hi)
{
	int *limit = (int *)(((uintptr_t)(unsigned)hi << 32) | (unsigned)lo);
	char buf[32];

	co_aligned = frame_aligned();
	snprintf(buf, sizeof(buf), "%.3f", 1.0 / 8);
	co_float_ok = strcmp(buf, "0.125") == 0;
	for (int i = 1; i <= *limit; i++) {
		value = i;
		if (i % 100 == 0)
			sched_yield(); /* other threads run meanwhile */
		swapcontext(&co_uc, &main_uc);
	}
	value = -1; /* then return: uc_link (done_uc) takes over */
}

static void eight(int a, int b, int c, int d, int e, int f, int g, int h)
{
	unsigned long v[8] = {a, b, c, d, e, f, g, h};

	memcpy(args_seen, v, sizeof(v));
	co_aligned = co_aligned && frame_aligned();
}

static volatile int got;

/* Runs the generator to its end on stack; true if it yielded 1..limit in
 * order and its return resumed done_uc. */
static bool run_generator(int limit, char *stack)
{
	uintptr_t p = (uintptr_t)&limit;

	got = 0;
	value = 0;
	getcontext(&co_uc);
	co_uc.uc_stack.ss_sp = stack;
	co_uc.uc_stack.ss_size = STACK;
	co_uc.uc_link = &done_uc;
	makecontext(&co_uc, (void (*)(void))generator, 2, (int)(uint32_t)p,
		    (int)(uint32_t)(p >> 32));
	getcontext(&done_uc);
	while (value != -1) { /* -1: the generator returned to here */
		swapcontext(&main_uc, &co_uc);
		if (value != -1 && value != got + 1)
			return false;
		if (value != -1)
			got = value;
	}
	return got == limit;
}

static bool run_eight(char *stack)
{
	static const unsigned long want[8] = {1, 2, 3, 4, 5, 6, 7, 0xfffffff8};

	memset(args_seen, 0, sizeof(args_seen));
	getcontext(&co_uc);
	co_uc.uc_stack.ss_sp = stack;
	/* An odd size: makecontext must align the top itself. */
	co_uc.uc_stack.ss_size = STACK - 24;
	co_uc.uc_link = &main_uc;
	makecontext(&co_uc, (void (*)(void))eight, 8, 1, 2, 3, 4, 5, 6, 7, -8);
	swapcontext(&main_uc, &co_uc);
	for (int i = 0; i < 8; i++)
		if ((uint32_t)args_seen[i] != want[i])
			return false;
	return true;
}

/* QEMU's coroutine-ucontext: the first entry uses swapcontext, every
 * later switch sigsetjmp(env, 0)/siglongjmp between the two stacks. */
static sigjmp_buf caller_env, co_env;
static volatile int jumps;

static void jumper(void)
{
	for (;;) {
		jumps++;
		if (!sigsetjmp(co_env, 0))
			siglongjmp(caller_env, 1);
	}
}

static bool run_jumps(char *stack)
{
	getcontext(&co_uc);
	co_uc.uc_stack.ss_sp = stack;
	co_uc.uc_stack.ss_size = STACK;
	co_uc.uc_link = NULL; /* never returns */
	makecontext(&co_uc, jumper, 0);
	jumps = 0;
	if (!sigsetjmp(caller_env, 0))
		swapcontext(&main_uc, &co_uc); /* first entry */
	while (jumps < 100)
		if (!sigsetjmp(caller_env, 0))
			siglongjmp(co_env, 1);
	return jumps == 100;
}

static bool mask_reads_back(void)
{
	sigset_t set, old, now;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (pthread_sigmask(SIG_BLOCK, &set, &old) ||
	    pthread_sigmask(SIG_SETMASK, NULL, &now) ||
	    !sigismember(&now, SIGUSR1))
		return false;
	return sigprocmask(SIG_SETMASK, &old, NULL) == 0 &&
	       pthread_sigmask(99, &set, NULL) == EINVAL;
}

static void *in_thread(void *arg)
{
	return (void *)(uintptr_t)run_generator(50, arg);
}

void test_coroutines(void)
{
	char *stack = malloc(STACK), *stack2 = malloc(STACK);
	pthread_t t;
	void *res = NULL;

	if (!stack || !stack2) {
		app_check(false, "coroutine stacks", "malloc failed");
		return;
	}
	twice();
	bool ok = run_generator(YIELDS, stack);
	app_check(ok, "coroutine generator", "%d of %d yields in order", got,
		  YIELDS);
	app_check(co_aligned, "coroutine stack aligned",
		  "frame not 16-byte aligned");
	app_check(co_float_ok, "coroutine floating point",
		  "snprintf %%.3f of 1/8 wrong");
	app_check(run_eight(stack), "makecontext 8 int arguments",
		  "got %lu %lu %lu %lu %lu %lu %lu %lx", args_seen[0],
		  args_seen[1], args_seen[2], args_seen[3], args_seen[4],
		  args_seen[5], args_seen[6], args_seen[7]);
	app_check(co_aligned, "coroutine stack aligned (stack arguments)",
		  "frame not 16-byte aligned");
	app_check(run_jumps(stack), "coroutine switches by siglongjmp",
		  "%d jumps", jumps);
	app_check(mask_reads_back(), "signal mask reads back",
		  "pthread_sigmask/sigprocmask disagree");
	int rc = pthread_create(&t, NULL, in_thread, stack2);
	if (rc == 0)
		rc = pthread_join(t, &res);
	app_check(rc == 0 && res, "coroutine inside a thread", "rc %d", rc);
	free(stack);
	free(stack2);
}
