/*
 * string.c - the kernel's memory and string functions, with the standard
 * C semantics.  memcpy/memmove/memset move 8 bytes per step, then bytes:
 * drivers copy every network frame and bounce-buffered block through
 * memcpy, and a byte loop made that the bottleneck of netfront's send
 * path.  The 8-byte accesses go through an unaligned, may_alias type, so
 * any alignment of either pointer is fine on x86.
 *
 * The host tests compile this file with every name renamed (-Dmemcpy=...),
 * so nothing here may depend on being "the" memcpy.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * gcc recognises a byte-copy or byte-fill loop and replaces it with a call
 * to memcpy/memset -- inside memcpy/memset that is infinite recursion.
 * Turn that transformation off for this file (clang does not do it under
 * -ffreestanding).
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

/* One unaligned 64-bit word that may alias anything. */
typedef uint64_t __attribute__((may_alias, aligned(1))) word_t;

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
		*(word_t *)d = *(const word_t *)s;
		d += sizeof(word_t);
		s += sizeof(word_t);
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Compare as integers: relational operators on pointers into
	 * different objects are undefined. */
	if ((uintptr_t)d <= (uintptr_t)s || (uintptr_t)d >= (uintptr_t)s + n) {
		/* Forwards: each word is read before the write that could
		 * overlap it (d <= s), or the ranges are disjoint. */
		for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
			*(word_t *)d = *(const word_t *)s;
			d += sizeof(word_t);
			s += sizeof(word_t);
		}
		while (n--)
			*d++ = *s++;
	} else {
		/* dst overlaps the tail of src: copy backwards. */
		for (; n >= sizeof(word_t); n -= sizeof(word_t))
			*(word_t *)(d + n - sizeof(word_t)) =
			    *(const word_t *)(s + n - sizeof(word_t));
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	word_t w = 0x0101010101010101ull * (unsigned char)c;

	for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
		*(word_t *)d = w;
		d += sizeof(word_t);
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
		if (!*x)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strcpy(char *restrict dst, const char *restrict src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

/* Standard strncpy: pads with NULs and does NOT terminate when src is
 * n bytes or longer. */
char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

char *strcat(char *restrict dst, const char *restrict src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return (char *)haystack;
	for (; *haystack; haystack++)
		if (*haystack == *needle && !strncmp(haystack, needle, n))
			return (char *)haystack;
	return NULL;
}
