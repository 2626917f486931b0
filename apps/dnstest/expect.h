/*
 * expect.h - dnstest's expectations: what a name must resolve to.
 *
 * One command-line word per name, "NAME=[ADDR[,ADDR...]]": the IPv4 and
 * IPv6 addresses it has; "NAME=" says it must not resolve at all.  Pure
 * code (no network), host-tested in tests/unit/test_dnstest.c.
 */
#ifndef DNSTEST_EXPECT_H
#define DNSTEST_EXPECT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>

#define EXPECT_NAME_MAX 64
#define EXPECT_ADDRS	4 /* of each family */

struct expect {
	char name[EXPECT_NAME_MAX];
	int n4, n6;
	struct in_addr a4[EXPECT_ADDRS];
	struct in6_addr a6[EXPECT_ADDRS];
};

/* Parses one word; 0, or -1 if it is not NAME=[ADDR[,ADDR...]] with a
 * name that fits, numeric addresses and at most EXPECT_ADDRS of each
 * family. */
int expect_parse(const char *word, struct expect *e);
/* How many addresses of family af (AF_INET, AF_INET6, AF_UNSPEC: both)
 * the name has. */
int expect_count(const struct expect *e, int af);
/* Whether sa is one of the name's addresses of family af (AF_UNSPEC:
 * either).  The port is not compared. */
bool expect_has(const struct expect *e, int af, const struct sockaddr *sa);

#endif
