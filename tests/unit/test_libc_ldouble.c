// SOURCES: libc-glue/ldouble.c
/*
 * test_libc_ldouble.c - libc-glue's frexpl/ldexpl for the x87 80-bit
 * long double: normal, subnormal, huge, zero, infinite and NaN values,
 * the range errors of ldexpl, and that they are inverses.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include "check.h"

TEST(frexpl_values)
{
	int e = -9999;

	CHECK(frexpl(1.01L, &e) == 0.505L && e == 1);
	CHECK(frexpl(-8.0L, &e) == -0.5L && e == 4);
	CHECK(frexpl(LDBL_MAX, &e) < 1.0L && e == LDBL_MAX_EXP);
	CHECK(frexpl(LDBL_MIN, &e) == 0.5L && e == LDBL_MIN_EXP);
	CHECK(frexpl(LDBL_TRUE_MIN, &e) == 0.5L &&
	      e == LDBL_MIN_EXP - LDBL_MANT_DIG + 1);
	CHECK(frexpl(0.0L, &e) == 0 && e == 0);
	CHECK(isinf(frexpl(INFINITY, &e)) && e == 0);
	CHECK(isnan(frexpl(NAN, &e)) && e == 0);
}

TEST(ldexpl_values)
{
	long double m;
	int e;

	CHECK(ldexpl(0.75L, 3) == 6.0L);
	CHECK(ldexpl(1.0L, LDBL_MIN_EXP - LDBL_MANT_DIG) == LDBL_TRUE_MIN);
	m = frexpl(12345.678L, &e);
	CHECK(ldexpl(m, e) == 12345.678L);
	CHECK(ldexpl(1.0L, -100000) == 0 && errno == ERANGE);
	errno = 0;
	CHECK(isinf(ldexpl(1.0L, 100000)) && errno == ERANGE);
	CHECK(isinf(ldexpl(-INFINITY, -5)));
}

int main(void)
{
	RUN(frexpl_values);
	RUN(ldexpl_values);
	return check_failures != 0;
}
