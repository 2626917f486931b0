/*
 * parse.c - strict parsers for netfront's xenstore values (nf_parse.h).
 */
#include <domlet/errno.h>
#include "netfront/nf_parse.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int nf_parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t m[6];
	int i, hi, lo;

	for (i = 0; i < 6; i++) {
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (lo < 0)
			return -EINVAL;
		m[i] = (uint8_t)(hi << 4 | lo);
		if (s[2] != (i == 5 ? '\0' : ':'))
			return -EINVAL;
		s += 3;
	}
	/* A vif needs a unicast address; 00:00:00:00:00:00 is no address. */
	if ((m[0] & 1) || !(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]))
		return -EINVAL;
	for (i = 0; i < 6; i++)
		mac[i] = m[i];
	return 0;
}

int nf_parse_bool(const char *s, int *val)
{
	if ((s[0] != '0' && s[0] != '1') || s[1] != '\0')
		return -EINVAL;
	*val = s[0] - '0';
	return 0;
}

int nf_parse_uint(const char *s, unsigned long max, unsigned long *val)
{
	unsigned long v = 0;
	const char *p;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -EINVAL;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		if (v > (max - (unsigned long)(*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*val = v;
	return 0;
}
