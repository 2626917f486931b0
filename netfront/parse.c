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

static uint32_t mix(uint32_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) /* FNV-1a */
		h = (h ^ p[i]) * 16777619u;
	return h;
}

unsigned int nf_flow_queue(const uint8_t *hdr, size_t len, unsigned int nq)
{
	size_t l3 = 14, l4;
	unsigned int type, proto;
	uint32_t h = 2166136261u;

	if (nq <= 1 || len < l3)
		return 0;
	type = (unsigned int)hdr[12] << 8 | hdr[13];
	if (type == 0x8100) { /* one 802.1Q tag */
		if (len < 18)
			return 0;
		type = (unsigned int)hdr[16] << 8 | hdr[17];
		l3 = 18;
	}
	if (type == 0x0800) {
		if (len < l3 + 20 || (hdr[l3] >> 4) != 4)
			return 0;
		proto = hdr[l3 + 9];
		h = mix(h, hdr + l3 + 12, 8);
		l4 = l3 + (size_t)(hdr[l3] & 0xf) * 4;
		/* A fragment's ports are not where they seem. */
		if (hdr[l3 + 6] & 0x3f || hdr[l3 + 7])
			proto = 0;
	} else if (type == 0x86dd) {
		if (len < l3 + 40)
			return 0;
		proto = hdr[l3 + 6];
		h = mix(h, hdr + l3 + 8, 32);
		l4 = l3 + 40;
	} else {
		return 0;
	}
	if ((proto == 6 || proto == 17) && len >= l4 + 4)
		h = mix(h, hdr + l4, 4);
	return (h ^ h >> 16) % nq;
}
