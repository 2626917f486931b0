// SOURCES: libc-glue/inet.c
// CFLAGS: -Ilibc-glue
/*
 * test_libc_inet.c - the glue's IPv6 text (inet6_format): RFC 5952
 * examples, and agreement with the host libc's inet_ntop on 300,000
 * random addresses rich in zero groups.  Addresses ::X:Y with X not
 * zero are left out of the comparison: glibc writes them in the dotted
 * IPv4-compatible form RFC 4291 deprecated ("::0.1.0.2"), the glue and
 * RFC 5952 in hex ("::1:2").
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "inet.h"

static const char *fmt(const char *text)
{
	static char out[INET6_TEXT_MAX];
	unsigned char a[16];

	if (inet_pton(AF_INET6, text, a) != 1)
		return "<bad test address>";
	if (inet6_format(a, out, sizeof(out)) < 0)
		return "<error>";
	return out;
}

TEST(rfc5952)
{
	CHECK_STR(fmt("FD98:1:0:0:0:0:0:80"), "fd98:1::80");
	CHECK_STR(fmt("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
	CHECK_STR(fmt("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");
	CHECK_STR(fmt("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");
	CHECK_STR(fmt("fe80::216:3eff:fe00:9820"), "fe80::216:3eff:fe00:9820");
	CHECK_STR(fmt("::"), "::");
	CHECK_STR(fmt("::1"), "::1");
	CHECK_STR(fmt("1::"), "1::");
	CHECK_STR(fmt("1:2:3:4:5:6:7:0"), "1:2:3:4:5:6:7:0");
	CHECK_STR(fmt("::ffff:10.99.0.1"), "::ffff:10.99.0.1");
	CHECK_STR(fmt("::1:2"), "::1:2");
	CHECK_STR(fmt("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
		  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

TEST(buffer_size)
{
	unsigned char a[16];
	char out[16];

	inet_pton(AF_INET6, "fd98:1::80", a);
	CHECK_EQ(inet6_format(a, out, 11), 10);
	CHECK_STR(out, "fd98:1::80");
	CHECK_EQ(inet6_format(a, out, 10), -ENOSPC);
	CHECK_EQ(inet6_format(a, out, 0), -ENOSPC);
}

/* ::X:Y with X not zero (see the top of the file). */
static int ipv4_compatible(const unsigned char *a)
{
	static const unsigned char zero[12];

	return !memcmp(a, zero, 12) && (a[12] | a[13]);
}

TEST(matches_host_libc)
{
	char want[INET6_ADDRSTRLEN], got[INET6_TEXT_MAX];
	unsigned char a[16];
	int compared = 0;

	srand(1);
	for (int k = 0; k < 300000; k++) {
		for (int i = 0; i < 8; i++) {
			/* Half the groups zero, some 0xffff (mapped). */
			int r = rand();
			unsigned int g = r % 4 < 2    ? 0
					 : r % 4 == 2 ? 0xffff
						      : r >> 8;

			a[2 * i] = (unsigned char)(g >> 8);
			a[2 * i + 1] = (unsigned char)g;
		}
		if (ipv4_compatible(a))
			continue;
		inet_ntop(AF_INET6, a, want, sizeof(want));
		CHECK(inet6_format(a, got, sizeof(got)) > 0);
		CHECK_STR(got, want);
		compared++;
	}
	CHECK(compared > 290000);
}

/* IPv4 text (inet_aton/inet_ntoa): the 4.3BSD forms against the host
 * libc's inet_aton, valid and not. */
TEST(inet4_parse_like_host)
{
	static const char *const cases[] = {"1.2.3.4",
					    "255.255.255.255",
					    "256.1.1.1",
					    "1.2.3.256",
					    "0x7f.1",
					    "127.1",
					    "10.0x10203",
					    "017.0.0.1",
					    "08.1.1.1",
					    "1.2.3.4 tail",
					    "1.2.3.4x",
					    "",
					    "1..2",
					    "1.2.3.4.5",
					    "0",
					    "4294967295",
					    "4294967296",
					    "0xffffffff",
					    "1.16777215",
					    "1.16777216",
					    "1.2.65535",
					    "1.2.65536",
					    ".1.2.3",
					    "1.2.3.",
					    "0x",
					    "0xg",
					    " 1.2.3.4",
					    "1.2.3.4\t",
					    "0377.0377.0.1",
					    "00000001.2.3.4"};
	unsigned char got[4];
	struct in_addr want;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int w = inet_aton(cases[i], &want);
		int g = inet4_parse(cases[i], got);

		if (w != g)
			printf("  inet_aton(\"%s\"): host %d, glue %d\n",
			       cases[i], w, g);
		CHECK_EQ(g, w);
		if (w)
			CHECK(!memcmp(got, &want.s_addr, 4));
	}
}

TEST(inet4_format_like_host)
{
	char out[16];
	struct in_addr a;

	srand(2);
	for (int k = 0; k < 10000; k++) {
		a.s_addr = (in_addr_t)rand() ^ (in_addr_t)rand() << 16;
		CHECK(inet4_format((unsigned char *)&a.s_addr, out,
				   sizeof(out)) > 0);
		CHECK_STR(out, inet_ntoa(a));
	}
	CHECK_EQ(inet4_format((unsigned char *)&a.s_addr, out, 7), -ENOSPC);
}

/* getnameinfo's numeric answers against the host's with NI_NUMERICHOST
 * and NI_NUMERICSERV. */
TEST(numeric_info_like_host)
{
	static const char *const v6[] = {"::1", "fe80::216:3eff:fe00:9820",
					 "2001:db8::1:0:0:1", "::"};
	char h1[NI_MAXHOST], s1[NI_MAXSERV], h2[NI_MAXHOST], s2[NI_MAXSERV];
	const int fl = NI_NUMERICHOST | NI_NUMERICSERV;
	struct sockaddr_in in = {.sin_family = AF_INET,
				 .sin_port = htons(5900)};
	struct sockaddr_in6 in6 = {.sin6_family = AF_INET6,
				   .sin6_port = htons(443)};

	inet_pton(AF_INET, "10.99.0.1", &in.sin_addr);
	CHECK_EQ(getnameinfo((struct sockaddr *)&in, sizeof(in), h1, sizeof(h1),
			     s1, sizeof(s1), fl),
		 0);
	CHECK_EQ(inet_numeric_info(
		     AF_INET, AF_INET, AF_INET6, (unsigned char *)&in.sin_addr,
		     0, ntohs(in.sin_port), h2, sizeof(h2), s2, sizeof(s2)),
		 0);
	CHECK_STR(h2, h1);
	CHECK_STR(s2, s1);
	for (size_t i = 0; i < sizeof(v6) / sizeof(v6[0]); i++) {
		inet_pton(AF_INET6, v6[i], &in6.sin6_addr);
		in6.sin6_scope_id =
		    i == 2 ? 2 : 0; /* numeric for a global address */
		CHECK_EQ(getnameinfo((struct sockaddr *)&in6, sizeof(in6), h1,
				     sizeof(h1), s1, sizeof(s1), fl),
			 0);
		CHECK_EQ(inet_numeric_info(AF_INET6, AF_INET, AF_INET6,
					   (unsigned char *)&in6.sin6_addr,
					   in6.sin6_scope_id, 443, h2,
					   sizeof(h2), s2, sizeof(s2)),
			 0);
		CHECK_STR(h2, h1);
		CHECK_STR(s2, s1);
	}
	/* short buffers, a skipped part, another family */
	CHECK_EQ(inet_numeric_info(AF_INET, AF_INET, AF_INET6,
				   (unsigned char *)&in.sin_addr, 0, 5900, h2,
				   9, NULL, 0),
		 -ENOSPC);
	CHECK_EQ(inet_numeric_info(AF_INET, AF_INET, AF_INET6,
				   (unsigned char *)&in.sin_addr, 0, 5900, NULL,
				   0, s2, 4),
		 -ENOSPC);
	CHECK_EQ(inet_numeric_info(AF_INET, AF_INET, AF_INET6,
				   (unsigned char *)&in.sin_addr, 0, 5900, NULL,
				   0, s2, 5),
		 0);
	CHECK_STR(s2, "5900");
	CHECK_EQ(inet_numeric_info(1, AF_INET, AF_INET6,
				   (unsigned char *)&in.sin_addr, 0, 1, h2,
				   sizeof(h2), NULL, 0),
		 -EAFNOSUPPORT);
}

int main(void)
{
	RUN(rfc5952);
	RUN(inet4_parse_like_host);
	RUN(inet4_format_like_host);
	RUN(numeric_info_like_host);
	RUN(buffer_size);
	RUN(matches_host_libc);
	return CHECK_DONE();
}
