/*
 * inet.c - IPv6 address text (see inet.h).  Works on the bytes only, so
 * one copy serves the guest and the host unit test.
 */
#include <errno.h>
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
