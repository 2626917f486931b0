/*
 * stdio_malloc.c - formatted I/O (integers, long long, floating point,
 * scanf, strtod, libm) and a malloc/realloc/free stress with content
 * checks that ends with the kernel heap back where it started.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libctest.h"

/* The kernel heap's own counter (kernel/mm.c): one heap for everyone. */
extern size_t heap_bytes_in_use(void);

static void expect_fmt(const char *what, const char *got, const char *want)
{
	app_check(!strcmp(got, want), what, "got \"%s\", want \"%s\"", got,
		  want);
}

void test_stdio(void)
{
	char buf[128];
	double d = 0;
	int i = 0;

	snprintf(buf, sizeof(buf), "%d %5s|%-4d|%x %lld %llu", -42, "ab", 7,
		 0xbeef, -1234567890123ll, 18446744073709551615ull);
	expect_fmt("printf integers", buf,
		   "-42    ab|7   |beef -1234567890123 18446744073709551615");
	snprintf(buf, sizeof(buf), "%.3f %e %g %.1f", 3.14159265, 12345.678,
		 0.0001, -2.25);
	expect_fmt("printf floating point", buf,
		   "3.142 1.234568e+04 0.0001 -2.2");
	snprintf(buf, sizeof(buf), "%zu %jd %hhd", (size_t)7, (intmax_t)-9,
		 (signed char)-1);
	expect_fmt("printf c99 sizes", buf, "7 -9 -1");
	app_check(sscanf("17 2.5", "%d %lf", &i, &d) == 2 && i == 17 &&
		      d == 2.5,
		  "sscanf", "i=%d d=%f", i, d);
	app_check(strtod("1e3", NULL) == 1000.0, "strtod", "%f",
		  strtod("1e3", NULL));
	snprintf(buf, sizeof(buf), "%.6f %.4f", sqrt(2.0), sin(1.0));
	expect_fmt("libm", buf, "1.414214 0.8415");
	fprintf(stderr, "libctest: stderr works\n");
	app_check(fputs("libctest: fputs works\n", stdout) >= 0, "fputs",
		  "EOF");
}

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	rng = rng * 1103515245 + 12345;
	return rng >> 8;
}

/* Fills p with a pattern derived from its slot, to catch overlaps. */
static void fill(unsigned char *p, size_t n, unsigned slot)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(slot * 31 + i);
}

static bool intact(const unsigned char *p, size_t n, unsigned slot)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(slot * 31 + i))
			return false;
	return true;
}

void test_malloc(void)
{
	enum { SLOTS = 256, ROUNDS = 20000 };
	static unsigned char *p[SLOTS];
	static size_t len[SLOTS];
	size_t before = heap_bytes_in_use();
	int bad = 0;

	for (int r = 0; r < ROUNDS && !bad; r++) {
		unsigned s = rnd() % SLOTS;
		size_t n = rnd() % 4 ? rnd() % 512 : rnd() % 65536;

		if (p[s] && !intact(p[s], len[s], s))
			bad = r + 1;
		if (p[s] && rnd() % 2) {
			unsigned char *q = realloc(p[s], n + 1);

			if (!q ||
			    !intact(q, len[s] < n + 1 ? len[s] : n + 1, s))
				bad = r + 1;
			p[s] = q;
		} else {
			free(p[s]);
			p[s] = malloc(n + 1);
		}
		len[s] = p[s] ? n + 1 : 0;
		if (p[s])
			fill(p[s], len[s], s);
	}
	for (int s = 0; s < SLOTS; s++)
		free(p[s]);
	app_check(!bad, "malloc stress", "corruption in round %d", bad);
	app_check(heap_bytes_in_use() == before, "malloc is the kernel heap",
		  "heap %zu bytes before, %zu after", before,
		  heap_bytes_in_use());
	void *a = NULL;
	app_check(posix_memalign(&a, 4096, 100) == 0 &&
		      ((uintptr_t)a & 4095) == 0,
		  "posix_memalign", "%p", a);
	free(a);
	unsigned char *c = calloc(100, 1);
	app_check(c && c[0] == 0 && c[99] == 0, "calloc", "%p", (void *)c);
	free(c);
}
