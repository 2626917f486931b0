/*
 * int128.c - the libgcc helpers gcc calls for 128-bit division and for
 * popcount without -mpopcnt: __udivmodti4, __udivti3, __umodti3,
 * __divti3, __modti3, __popcountdi2.  QEMU's objects need them (int128
 * clock arithmetic in util/host-utils.c and qemu-timer.c; bitmaps in
 * util/bitops.c, hw/core/cpu-common.c).
 *
 * Why not the toolchain's libgcc.a: it is built for user space and its
 * leaf functions keep values in the red zone (__umodti3 stores its
 * argument at -0x10(%rsp) and reads it back; __udivmodti4 at -0x18).
 * domlet runs everything on the kernel stack, where Xen writes event and
 * exception frames below %rsp at any instruction, so the red zone can be
 * overwritten between that store and load.  These are compiled with the
 * glue's -mno-red-zone instead.
 *
 * Nothing here may use a 128-bit '/' or '%', which gcc would turn into a
 * call of the very function being defined; shifts, adds, compares and
 * 64-bit division compile inline.  Pure: tests/unit/test_libc_int128.c
 * compiles it with the names prefixed (I128_FN) and compares it with the
 * host's own division.
 */
#include <stdint.h>

#ifndef I128_FN
#define I128_FN(name) __##name
#endif

typedef unsigned __int128 u128;
typedef __int128 s128;

/* (hi:lo) / d with hi < d, so the quotient fits 64 bits: x86's divq. */
static inline uint64_t div128by64(uint64_t hi, uint64_t lo, uint64_t d,
				  uint64_t *rem)
{
	uint64_t q, r;

	__asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
	*rem = r;
	return q;
}

static int clz64(uint64_t x)
{
	return x ? __builtin_clzll(x) : 64;
}

u128 I128_FN(udivmodti4)(u128 a, u128 b, u128 *rem);

u128 I128_FN(udivmodti4)(u128 a, u128 b, u128 *rem)
{
	uint64_t ahi = (uint64_t)(a >> 64), alo = (uint64_t)a;
	uint64_t bhi = (uint64_t)(b >> 64), blo = (uint64_t)b;
	uint64_t qhi, qlo, r;
	int shift;

	if (b == 0) /* as a hardware division by zero would */
		__builtin_trap();
	if (bhi == 0) {
		/* Two divq steps: the high word first, its remainder then
		 * guarantees the second step's quotient fits. */
		qhi = ahi / blo;
		qlo = div128by64(ahi % blo, alo, blo, &r);
		if (rem)
			*rem = r;
		return (u128)qhi << 64 | qlo;
	}
	if (a < b) {
		if (rem)
			*rem = a;
		return 0;
	}
	/* b >= 2^64: the quotient is below 2^64.  Shift-subtract over the
	 * bits where b fits under a (at most 64 rounds). */
	shift = clz64(bhi) - clz64(ahi);
	b <<= shift;
	qlo = 0;
	for (int i = 0; i <= shift; i++) {
		qlo <<= 1;
		if (a >= b) {
			a -= b;
			qlo |= 1;
		}
		b >>= 1;
	}
	if (rem)
		*rem = a;
	return qlo;
}

u128 I128_FN(udivti3)(u128 a, u128 b);
u128 I128_FN(udivti3)(u128 a, u128 b)
{
	return I128_FN(udivmodti4)(a, b, 0);
}

u128 I128_FN(umodti3)(u128 a, u128 b);
u128 I128_FN(umodti3)(u128 a, u128 b)
{
	u128 r;

	I128_FN(udivmodti4)(a, b, &r);
	return r;
}

/* Magnitudes as unsigned (so INT128_MIN works), C's truncating signs:
 * the quotient negative when the signs differ, the remainder taking the
 * dividend's sign. */
static u128 mag(s128 x)
{
	return x < 0 ? -(u128)x : (u128)x;
}

s128 I128_FN(divti3)(s128 a, s128 b);
s128 I128_FN(divti3)(s128 a, s128 b)
{
	u128 q = I128_FN(udivmodti4)(mag(a), mag(b), 0);

	return (s128)((a < 0) != (b < 0) ? -q : q);
}

s128 I128_FN(modti3)(s128 a, s128 b);
s128 I128_FN(modti3)(s128 a, s128 b)
{
	u128 r;

	I128_FN(udivmodti4)(mag(a), mag(b), &r);
	return (s128)(a < 0 ? -r : r);
}

/* Without -mpopcnt gcc calls this for __builtin_popcountl. */
int I128_FN(popcountdi2)(uint64_t x);
int I128_FN(popcountdi2)(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (int)((x * 0x0101010101010101ull) >> 56);
}
