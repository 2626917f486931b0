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

int main(void)
{
	RUN(rfc5952);
	RUN(buffer_size);
	RUN(matches_host_libc);
	return CHECK_DONE();
}
