/*
 * inet.c - IPv6 address text (see inet.h).  Works on the bytes only, so
 * one copy serves the guest and the host unit test.
 */
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "inet.h"

/* The first of the longest runs of two or more zero groups (RFC 5952
 * 4.2.2-4.2.3): its start, or -1; its length in *len. */
static int longest_zero_run(const unsigned int *w, int *len)
{
	int best = -1, run;

	*len = 0;
	for (int i = 0; i < 8; i += run ? run : 1) {
		for (run = 0; i + run < 8 && w[i + run] == 0; run++)
			;
		if (run >= 2 && run > *len) {
			best = i;
			*len = run;
		}
	}
	return best;
}

int inet6_format(const unsigned char *a, char *out, size_t size)
{
	static const unsigned char mapped[12] = {[10] = 0xff, [11] = 0xff};
	char buf[INET6_TEXT_MAX];
	unsigned int w[8];
	int n = 0, zero, zlen;

	if (!memcmp(a, mapped, sizeof(mapped))) {
		n = snprintf(buf, sizeof(buf), "::ffff:%u.%u.%u.%u", a[12],
			     a[13], a[14], a[15]);
	} else {
		for (int i = 0; i < 8; i++)
			w[i] = (unsigned int)a[2 * i] << 8 | a[2 * i + 1];
		zero = longest_zero_run(w, &zlen);
		for (int i = 0; i < 8; i++) {
			if (i == zero) {
				n += snprintf(buf + n, sizeof(buf) - n, "::");
				i += zlen - 1;
				continue;
			}
			n += snprintf(buf + n, sizeof(buf) - n, "%s%x",
				      i && i != zero + zlen ? ":" : "", w[i]);
		}
	}
	if ((size_t)n + 1 > size)
		return -ENOSPC;
	memcpy(out, buf, (size_t)n + 1);
	return n;
}

/* One part of an IPv4 address: its value, the text after it in *end;
 * false if there are no digits or it overflows 32 bits. */
static bool parse_part(const char *p, const char **end, uint32_t *val)
{
	unsigned int base = 10;
	uint64_t v = 0;
	bool digits = false;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
		digits = true; /* "0" alone is a number */
	}
	for (;; p++) {
		unsigned int d;

		if (isdigit((unsigned char)*p))
			d = (unsigned int)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned int)(tolower((unsigned char)*p) - 'a' +
					   10);
		else
			break;
		if (d >= base)
			return false;
		v = v * base + d;
		if (v > UINT32_MAX)
			return false;
		digits = true;
	}
	*end = p;
	*val = (uint32_t)v;
	return digits;
}

int inet4_parse(const char *cp, unsigned char *out)
{
	uint32_t part[4], addr;
	int n = 0;
	const char *p = cp;

	for (;;) {
		if (!parse_part(p, &p, &part[n]))
			return 0;
		n++;
		if (*p != '.')
			break;
		if (n == 4)
			return 0;
		p++;
	}
	if (*p && !isspace((unsigned char)*p))
		return 0;
	/* The last part fills the bytes the earlier ones leave. */
	addr = part[n - 1];
	if (n > 1 && addr > (0xffffffffu >> (8 * (n - 1))))
		return 0;
	for (int i = 0; i < n - 1; i++) {
		if (part[i] > 0xff)
			return 0;
		addr |= part[i] << (24 - 8 * i);
	}
	out[0] = (unsigned char)(addr >> 24);
	out[1] = (unsigned char)(addr >> 16);
	out[2] = (unsigned char)(addr >> 8);
	out[3] = (unsigned char)addr;
	return 1;
}

int inet4_format(const unsigned char *a, char *out, size_t size)
{
	char buf[16];
	int n =
	    snprintf(buf, sizeof(buf), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);

	if ((size_t)n + 1 > size)
		return -ENOSPC;
	memcpy(out, buf, (size_t)n + 1);
	return n;
}

int inet_numeric_info(int family, int af_inet, int af_inet6,
		      const unsigned char *addr, unsigned int scope,
		      unsigned int port, char *host, size_t hostlen, char *serv,
		      size_t servlen)
{
	char text[INET6_TEXT_MAX + 11];
	int n;

	if (family != af_inet && family != af_inet6)
		return -EAFNOSUPPORT;
	if (host && hostlen) {
		if (family == af_inet)
			n = inet4_format(addr, text, sizeof(text));
		else
			n = inet6_format(addr, text, sizeof(text));
		if (family == af_inet6 && scope)
			n += snprintf(text + n, sizeof(text) - (size_t)n,
				      "%%%u", scope);
		if ((size_t)n + 1 > hostlen)
			return -ENOSPC;
		memcpy(host, text, (size_t)n + 1);
	}
	if (serv && servlen) {
		n = snprintf(text, sizeof(text), "%u", port);
		if ((size_t)n + 1 > servlen)
			return -ENOSPC;
		memcpy(serv, text, (size_t)n + 1);
	}
	return 0;
}
