/*
 * glibc_ctype.h - glibc's ctype class bits for the C locale, as its
 * __ctype_b_loc() table holds them (little-endian x86-64 layout), for
 * glibc_abi.c.  Pure: tests/unit/test_glibc_ctype.c compares it with the
 * host glibc's own table for every index from -128 to 255.
 */
#ifndef LIBC_GLUE_GLIBC_CTYPE_H
#define LIBC_GLUE_GLIBC_CTYPE_H

/* glibc's _ISbit(): bits 0-7 in the high byte, 8-15 in the low one. */
#define GLIBC_ISBIT(b) ((b) < 8 ? ((1u << (b)) << 8) : ((1u << (b)) >> 8))
#define GLIBC_ISUPPER  GLIBC_ISBIT(0)
#define GLIBC_ISLOWER  GLIBC_ISBIT(1)
#define GLIBC_ISALPHA  GLIBC_ISBIT(2)
#define GLIBC_ISDIGIT  GLIBC_ISBIT(3)
#define GLIBC_ISXDIGIT GLIBC_ISBIT(4)
#define GLIBC_ISSPACE  GLIBC_ISBIT(5)
#define GLIBC_ISPRINT  GLIBC_ISBIT(6)
#define GLIBC_ISGRAPH  GLIBC_ISBIT(7)
#define GLIBC_ISBLANK  GLIBC_ISBIT(8)
#define GLIBC_ISCNTRL  GLIBC_ISBIT(9)
#define GLIBC_ISPUNCT  GLIBC_ISBIT(10)
#define GLIBC_ISALNUM  GLIBC_ISBIT(11)

/* The class bits of c (-128..255; only 0..127 have any in the C locale). */
static inline unsigned short glibc_ctype_bits(int c)
{
	unsigned int v = 0;
	int upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
	int digit = c >= '0' && c <= '9';

	if (c < 0 || c > 127)
		return 0;
	if (upper)
		v |= GLIBC_ISUPPER;
	if (lower)
		v |= GLIBC_ISLOWER;
	if (upper || lower)
		v |= GLIBC_ISALPHA | GLIBC_ISALNUM;
	if (digit)
		v |= GLIBC_ISDIGIT | GLIBC_ISALNUM;
	if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
		v |= GLIBC_ISXDIGIT;
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		v |= GLIBC_ISSPACE;
	if (c == ' ' || c == '\t')
		v |= GLIBC_ISBLANK;
	if (c >= 0x20 && c < 0x7f)
		v |= GLIBC_ISPRINT;
	if (c > 0x20 && c < 0x7f)
		v |= GLIBC_ISGRAPH;
	if (c < 0x20 || c == 0x7f)
		v |= GLIBC_ISCNTRL;
	if (c > 0x20 && c < 0x7f && !upper && !lower && !digit)
		v |= GLIBC_ISPUNCT;
	return (unsigned short)v;
}

#endif
