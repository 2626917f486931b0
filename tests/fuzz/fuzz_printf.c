// SOURCES: kernel/lib/printf.c
/*
 * fuzz_printf.c - two differential targets in one, picked by the first
 * byte: kparse_ulong on arbitrary bytes against a 128-bit reference, and
 * ksnprintf on a conversion spec built from the input (only combinations C
 * defines) against the host snprintf, at a random buffer size.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <domlet/errno.h>
#include <domlet/printf.h>
#include "fuzz.h"

static int ref_parse(const uint8_t *s, size_t len, unsigned long *out)
{
	unsigned __int128 v = 0;
	unsigned base = 10;
	size_t i = 0;
	int big = 0;

	if (len > 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		unsigned d;
		uint8_t c = s[i];

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		v = v * base + d;
		if (v > (unsigned __int128)~0ul)
			big = 1, v = (unsigned __int128)~0ul + 1;
	}
	if (big)
		return -ERANGE;
	*out = (unsigned long)v;
	return 0;
}

static void fuzz_parse(const uint8_t *d, size_t n)
{
	unsigned long a = 1, b = 2;
	int ra = kparse_ulong((const char *)d, n, &a);
	int rb = ref_parse(d, n, &b);

	REQUIRE(ra == rb);
	if (!ra)
		REQUIRE(a == b);
}

static void fuzz_format(const uint8_t *d, size_t n)
{
	static const char convs[] = "diuxXocs%";
	static const char *const lens[] = {"",	 "hh", "h", "l",
					   "ll", "z",  "j", "t"};
	char fmt[64], host[128], mine[128];
	uint64_t v = 0;
	size_t bufsz;
	char conv;
	int flags, lenix, numeric, hr, mr;
	char *f = fmt;

	if (n < 13)
		return;
	conv = convs[d[0] % 9];
	flags = d[1];
	lenix = d[2] % 8;
	bufsz = d[3] % 128;
	memcpy(&v, d + 4, 8);
	numeric = strchr("diuxXo", conv) != NULL;
	*f++ = '%';
	if (conv != '%') {
		if (flags & 1)
			*f++ = '-';
		if ((flags & 2) && numeric)
			*f++ = '0';
		if (flags & 4)
			*f++ = '+';
		if (flags & 8)
			*f++ = ' ';
		if ((flags & 16) && strchr("xXo", conv))
			*f++ = '#';
		if (flags & 32)
			f += sprintf(f, "%d", d[12] % 50);
		if ((flags & 64) && conv != 'c')
			f += sprintf(f, ".%d", d[12] / 4 % 40);
		if (numeric)
			f += sprintf(f, "%s", lens[lenix]);
	}
	*f++ = conv;
	*f = '\0';
	/* The argument has the type the length modifier names (promoted). */
	if (conv == 's') {
		char str[20];
		memcpy(str, d + 4, 8);
		str[8] = '\0';
		hr = snprintf(host, bufsz, fmt, str);
		mr = ksnprintf(mine, bufsz, fmt, str);
	} else if (conv == '%') {
		hr = snprintf(host, bufsz, "%%");
		mr = ksnprintf(mine, bufsz, "%%");
	} else if (lenix >= 3) { /* all 64-bit on x86_64 */
		hr = snprintf(host, bufsz, fmt, (long long)v);
		mr = ksnprintf(mine, bufsz, fmt, (long long)v);
	} else {
		hr = snprintf(host, bufsz, fmt, (int)v);
		mr = ksnprintf(mine, bufsz, fmt, (int)v);
	}
	REQUIRE(hr == mr);
	if (bufsz)
		REQUIRE(strcmp(host, mine) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_parse(data + 1, size - 1);
	else
		fuzz_format(data + 1, size - 1);
	return 0;
}
