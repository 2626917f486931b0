// SOURCES: libc-glue/ucontext.c
// CFLAGS: -Ilibc-glue/include -fno-omit-frame-pointer
/*
 * test_libc_ucontext.c - libc-glue's x86-64 getcontext, setcontext,
 * makecontext and swapcontext on the host (they take over glibc's names
 * in this program): a second return from getcontext, int arguments in
 * registers and on the stack, the entry stack's alignment for odd stack
 * sizes, ping-pong switching with callee-saved state intact, uc_link on
 * return, and the SSE control word carried by the context.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <xmmintrin.h>
#include "check.h"

#define STACK 65536

static ucontext_t main_uc, co_uc;
static int seen[8];
static uintptr_t entry_frame;
static volatile int step;

TEST(twice)
{
	ucontext_t uc;
	volatile int passes = 0;

	CHECK(getcontext(&uc) == 0);
	if (++passes == 1)
		setcontext(&uc);
	CHECK(passes == 2);
}

static void eight(int a, int b, int c, int d, int e, int f, int g, int h)
{
	int v[8] = {a, b, c, d, e, f, g, h};

	memcpy(seen, v, sizeof(v));
	entry_frame = (uintptr_t)__builtin_frame_address(0);
}

TEST(arguments)
{
	static const int want[8] = {1, -2, 3, 4, 5, 6, 0x7fffffff, -8};
	char *stack = malloc(STACK);

	for (size_t trim = 0; trim < 16; trim += 8) {
		memset(seen, 0, sizeof(seen));
		CHECK(getcontext(&co_uc) == 0);
		co_uc.uc_stack.ss_sp = stack;
		co_uc.uc_stack.ss_size = STACK - 24 - trim;
		co_uc.uc_link = &main_uc;
		makecontext(&co_uc, (void (*)(void))eight, 8, 1, -2, 3, 4, 5, 6,
			    0x7fffffff, -8);
		CHECK(swapcontext(&main_uc, &co_uc) == 0);
		CHECK(memcmp(seen, want, sizeof(want)) == 0);
		CHECK((entry_frame & 15) == 0); /* rbp = entry rsp - 8 */
		CHECK(entry_frame > (uintptr_t)stack &&
		      entry_frame < (uintptr_t)stack + STACK);
	}
	free(stack);
}

static void pingpong(int n)
{
	for (int i = 0; i < n; i++) {
		step = i;
		swapcontext(&co_uc, &main_uc);
	}
	step = -1;
}

TEST(pingpong)
{
	char *stack = malloc(STACK);
	/* Live across the switches: kept in callee-saved registers at -O2. */
	unsigned long a = 0x1111, b = 0x2222, c = 0x3333;

	CHECK(getcontext(&co_uc) == 0);
	co_uc.uc_stack.ss_sp = stack;
	co_uc.uc_stack.ss_size = STACK;
	co_uc.uc_link = &main_uc;
	makecontext(&co_uc, (void (*)(void))pingpong, 1, 100);
	for (int i = 0; i < 100; i++) {
		swapcontext(&main_uc, &co_uc);
		CHECK(step == i);
		a += i, b ^= i, c -= i;
	}
	swapcontext(&main_uc, &co_uc); /* returns through uc_link */
	CHECK(step == -1);
	CHECK(a == 0x1111 + 4950 && c == 0x3333 - 4950);
	CHECK(b == (0x2222 ^ 0)); /* xor of 0..99 is 0 */
	free(stack);
}

TEST(mxcsr)
{
	ucontext_t uc;
	volatile int passes = 0;
	unsigned int orig = _mm_getcsr();

	getcontext(&uc); /* saved with the original rounding */
	if (++passes == 1) {
		_mm_setcsr((orig & ~0x6000u) | 0x6000u); /* round to zero */
		setcontext(&uc);
	}
	CHECK(_mm_getcsr() == orig);
}

int main(void)
{
	RUN(twice);
	RUN(arguments);
	RUN(pingpong);
	RUN(mxcsr);
	return check_failures != 0;
}
