// SOURCES: libc-glue/int128.c
// CFLAGS: -DI128_FN(n)=glue_##n
/*
 * test_libc_int128.c - libc-glue's 128-bit division and popcount helpers
 * (built here as glue_udivmodti4, ...) against the host compiler's own
 * __int128 arithmetic and __builtin_popcountll: edge values (0, 1, 2^64
 * boundaries, INT128_MIN, -1) crossed with each other, then random
 * operands of every width.
 */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

u128 glue_udivmodti4(u128 a, u128 b, u128 *rem);
u128 glue_udivti3(u128 a, u128 b);
u128 glue_umodti3(u128 a, u128 b);
s128 glue_divti3(s128 a, s128 b);
s128 glue_modti3(s128 a, s128 b);
int glue_popcountdi2(uint64_t x);

static uint64_t rnd(void)
{
	return (uint64_t)random() << 42 ^ (uint64_t)random() << 21 ^
	       (uint64_t)random();
}

/* A random value of a random width (so small divisors come up). */
static u128 rnd128(void)
{
	u128 v = (u128)rnd() << 64 | rnd();
	int bits = (int)(rnd() % 129);

	return bits == 128 ? v : v & (((u128)1 << bits) - 1);
}

static int check_pair(u128 a, u128 b)
{
	u128 r;
	s128 sa = (s128)a, sb = (s128)b;

	if (b == 0)
		return 1;
	if (glue_udivmodti4(a, b, &r) != a / b || r != a % b)
		return 0;
	if (glue_udivti3(a, b) != a / b || glue_umodti3(a, b) != a % b)
		return 0;
	if (sb == -1 && sa == (s128)((u128)1 << 127))
		return 1; /* overflows in C too */
	return glue_divti3(sa, sb) == sa / sb && glue_modti3(sa, sb) == sa % sb;
}

TEST(edge_values)
{
	const u128 one = 1, max = ~(u128)0;
	const u128 v[] = {0,
			  1,
			  2,
			  3,
			  7,
			  UINT64_MAX,
			  one << 64,
			  (one << 64) + 1,
			  (one << 64) - 2,
			  one << 63,
			  one << 127,
			  (one << 127) - 1,
			  max,
			  max - 1,
			  (u128)UINT64_MAX << 64,
			  (u128)12345678901234567ull << 40};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (size_t j = 0; j < sizeof(v) / sizeof(v[0]); j++)
			CHECK(check_pair(v[i], v[j]));
}

TEST(random_operands)
{
	srandom(11);
	for (int i = 0; i < 200000; i++)
		CHECK(check_pair(rnd128(), rnd128()));
}

TEST(popcount)
{
	CHECK_EQ(glue_popcountdi2(0), 0);
	CHECK_EQ(glue_popcountdi2(UINT64_MAX), 64);
	CHECK_EQ(glue_popcountdi2(0x8000000000000001ull), 2);
	for (int i = 0; i < 10000; i++) {
		uint64_t x = rnd();

		CHECK_EQ(glue_popcountdi2(x), __builtin_popcountll(x));
	}
}

int main(void)
{
	RUN(edge_values);
	RUN(random_operands);
	RUN(popcount);
	return CHECK_DONE();
}
