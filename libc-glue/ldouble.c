/*
 * ldouble.c - frexpl and ldexpl for x86-64's long double (the x87
 * 80-bit extended format: sign and 15-bit exponent over a 64-bit
 * mantissa with an explicit integer bit), which newlib lacks.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

union ldbl_bits {
	long double v;
	struct {
		uint64_t mant;
		uint16_t sign_exp;
	} b;
};

/* x * 2^exp, rounded once by the FPU (fscale); ERANGE on overflow or
 * when a nonzero x underflows to zero. */
long double ldexpl(long double x, int exp)
{
	long double r;

	if (x == 0 || isinf(x) || isnan(x))
		return x;
	/* fscale takes the exponent as a long double; past +-65536 the
	 * result is already 0 or infinite. */
	if (exp > 65536)
		exp = 65536;
	if (exp < -65536)
		exp = -65536;
	__asm__("fscale" : "=t"(r) : "0"(x), "u"((long double)exp));
	if (isinf(r) || r == 0)
		errno = ERANGE;
	return r;
}

/* x = m * 2^*exp with 0.5 <= |m| < 1; 0, infinities and NaN come back
 * unchanged with *exp 0. */
long double frexpl(long double x, int *exp)
{
	union ldbl_bits u = {.v = x};
	int e = u.b.sign_exp & 0x7fff, adj = 0;

	*exp = 0;
	if (x == 0 || isinf(x) || isnan(x))
		return x;
	if (e == 0) { /* subnormal: scale into the normal range first */
		u.v = x * 0x1p64L;
		e = u.b.sign_exp & 0x7fff;
		adj = -64;
	}
	*exp = e - 16382 + adj;
	u.b.sign_exp = (u.b.sign_exp & 0x8000) | 16382;
	return u.v;
}
