/*
 * math.h - newlib's, plus the two long double functions libc-glue adds
 * (ldouble.c): newlib declares its long double functions only where
 * long double is double, and on x86-64 it is the x87 80-bit format.
 * glib's printf (gnulib) needs frexpl and ldexpl for %Lf.
 */
#include_next <math.h>

#ifndef DOMLET_MATH_H
#define DOMLET_MATH_H

#ifdef __cplusplus
extern "C" {
#endif

long double frexpl(long double x, int *exp);
long double ldexpl(long double x, int exp);

#ifdef __cplusplus
}
#endif

#endif
