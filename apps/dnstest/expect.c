/*
 * expect.c - parsing "NAME=[ADDR[,ADDR...]]" and matching results
 * against it (see expect.h).
 */
#include <arpa/inet.h>
#include <string.h>
#include "expect.h"

/* One address; adds it to e, or -1. */
static int add_addr(struct expect *e, const char *s)
{
	if (e->n4 < EXPECT_ADDRS && inet_pton(AF_INET, s, &e->a4[e->n4]) == 1) {
		e->n4++;
		return 0;
	}
	if (e->n6 < EXPECT_ADDRS &&
	    inet_pton(AF_INET6, s, &e->a6[e->n6]) == 1) {
		e->n6++;
		return 0;
	}
	return -1;
}

int expect_parse(const char *word, struct expect *e)
{
	const char *eq = strchr(word, '='), *p;
	char addr[64];
	size_t len;

	memset(e, 0, sizeof(*e));
	if (!eq || eq == word || (size_t)(eq - word) >= sizeof(e->name))
		return -1;
	memcpy(e->name, word, (size_t)(eq - word));
	for (p = eq + 1; *p; p += len + (p[len] == ',')) {
		len = strcspn(p, ",");
		if (len == 0 || len >= sizeof(addr))
			return -1;
		memcpy(addr, p, len);
		addr[len] = 0;
		if (add_addr(e, addr))
			return -1;
		if (p[len] == ',' && !p[len + 1])
			return -1; /* a trailing comma */
	}
	return 0;
}

int expect_count(const struct expect *e, int af)
{
	return (af != AF_INET6 ? e->n4 : 0) + (af != AF_INET ? e->n6 : 0);
}

bool expect_has(const struct expect *e, int af, const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET && af != AF_INET6) {
		const struct sockaddr_in *sin = (const void *)sa;

		for (int i = 0; i < e->n4; i++)
			if (!memcmp(&sin->sin_addr, &e->a4[i],
				    sizeof(e->a4[i])))
				return true;
	}
	if (sa->sa_family == AF_INET6 && af != AF_INET) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		for (int i = 0; i < e->n6; i++)
			if (!memcmp(&sin6->sin6_addr, &e->a6[i],
				    sizeof(e->a6[i])))
				return true;
	}
	return false;
}
