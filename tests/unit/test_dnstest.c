// SOURCES: apps/dnstest/expect.c
// CFLAGS: -Iapps/dnstest
/*
 * test_dnstest.c - dnstest's expectation words: "NAME=ADDR,ADDR" with
 * IPv4 and IPv6 addresses, "NAME=" (must not resolve), malformed words,
 * and matching results by family.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "expect.h"

static struct sockaddr_in v4(const char *s)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = 53};

	inet_pton(AF_INET, s, &sin.sin_addr);
	return sin;
}

static struct sockaddr_in6 v6(const char *s)
{
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};

	inet_pton(AF_INET6, s, &sin6.sin6_addr);
	return sin6;
}

TEST(both_families)
{
	struct expect e;
	struct sockaddr_in a = v4("10.99.0.80"), other = v4("10.99.0.81");
	struct sockaddr_in6 b = v6("fd98:1:0::80");

	CHECK_EQ(expect_parse("www.rig.test=10.99.0.80,fd98:1::80", &e), 0);
	CHECK_STR(e.name, "www.rig.test");
	CHECK_EQ(e.n4, 1);
	CHECK_EQ(e.n6, 1);
	CHECK_EQ(expect_count(&e, AF_INET), 1);
	CHECK_EQ(expect_count(&e, AF_INET6), 1);
	CHECK_EQ(expect_count(&e, AF_UNSPEC), 2);
	CHECK(expect_has(&e, AF_INET, (struct sockaddr *)&a));
	CHECK(expect_has(&e, AF_UNSPEC, (struct sockaddr *)&a));
	CHECK(!expect_has(&e, AF_INET6, (struct sockaddr *)&a));
	CHECK(!expect_has(&e, AF_INET, (struct sockaddr *)&other));
	CHECK(expect_has(&e, AF_INET6, (struct sockaddr *)&b));
	CHECK(expect_has(&e, AF_UNSPEC, (struct sockaddr *)&b));
	CHECK(!expect_has(&e, AF_INET, (struct sockaddr *)&b));
}

TEST(missing_name)
{
	struct expect e;
	struct sockaddr_in a = v4("10.99.0.80");

	CHECK_EQ(expect_parse("nosuch.rig.test=", &e), 0);
	CHECK_STR(e.name, "nosuch.rig.test");
	CHECK_EQ(expect_count(&e, AF_UNSPEC), 0);
	CHECK(!expect_has(&e, AF_UNSPEC, (struct sockaddr *)&a));
}

TEST(several_of_one_family)
{
	struct expect e;
	struct sockaddr_in6 b = v6("fd98:1::3");

	CHECK_EQ(expect_parse("v6=fd98:1::1,fd98:1::2,fd98:1::3,fd98:1::4", &e),
		 0);
	CHECK_EQ(e.n6, 4);
	CHECK_EQ(e.n4, 0);
	CHECK(expect_has(&e, AF_INET6, (struct sockaddr *)&b));
	/* EXPECT_ADDRS (4) per family, no more. */
	CHECK_EQ(expect_parse("v6=::1,::2,::3,::4,::5", &e), -1);
}

TEST(malformed)
{
	struct expect e;
	char longname[EXPECT_NAME_MAX + 8];

	CHECK_EQ(expect_parse("no-equals-sign", &e), -1);
	CHECK_EQ(expect_parse("=10.0.0.1", &e), -1);
	CHECK_EQ(expect_parse("a=10.0.0.1,", &e), -1);
	CHECK_EQ(expect_parse("a=,10.0.0.1", &e), -1);
	CHECK_EQ(expect_parse("a=10.0.0.1,,::1", &e), -1);
	CHECK_EQ(expect_parse("a=10.0.0.256", &e), -1);
	CHECK_EQ(expect_parse("a=host.name", &e), -1);
	memset(longname, 'x', EXPECT_NAME_MAX);
	strcpy(longname + EXPECT_NAME_MAX, "=::1");
	CHECK_EQ(expect_parse(longname, &e), -1);
	longname[EXPECT_NAME_MAX - 1] = 0; /* the longest that fits */
	strcat(longname, "=::1");
	CHECK_EQ(expect_parse(longname, &e), 0);
	CHECK_EQ((int)strlen(e.name), EXPECT_NAME_MAX - 1);
}

int main(void)
{
	RUN(both_families);
	RUN(missing_name);
	RUN(several_of_one_family);
	RUN(malformed);
	return CHECK_DONE();
}
