// SOURCES: kernel/lib/printf.c
/*
 * test_printf.c - kvsnprintf against the host's snprintf over generated
 * combinations of flags, width, precision, length modifier and conversion
 * (skipping the combinations C leaves undefined: '#' on d/i/u, '0' on
 * s/c), plus truncation, the return value, %p, and kparse_ulong.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
#include <domlet/errno.h>
#include <domlet/printf.h>
#include "check.h"

static char why[512];
static const char *volatile null_str; /* NULL the compiler cannot see */

/* Formats with both implementations and compares text and return value;
 * records the first mismatch in why. */
#define SAME(fmt, ...)                                                         \
	do {                                                                   \
		char host_[256], mine_[256];                                   \
		int hr_ = snprintf(host_, sizeof(host_), fmt, __VA_ARGS__);    \
		int mr_ = ksnprintf(mine_, sizeof(mine_), fmt, __VA_ARGS__);   \
		if (hr_ != mr_ || strcmp(host_, mine_)) {                      \
			snprintf(why, sizeof(why),                             \
				 "fmt \"%.40s\": host \"%.150s\" (%d) mine "   \
				 "\"%.150s\" (%d)",                            \
				 fmt, host_, hr_, mine_, mr_);                 \
			return 0;                                              \
		}                                                              \
	} while (0)

static const long long ivals[] = {
    0,
    1,
    -1,
    7,
    -7,
    42,
    127,
    -128,
    128,
    255,
    256,
    4095,
    -32768,
    65535,
    65536,
    INT_MAX,
    INT_MIN,
    (long long)UINT_MAX,
    LLONG_MAX,
    LLONG_MIN,
    0x123456789abcdefll,
    -0x123456789abcdefll,
};

/* One value through one generated format, typed by its length modifier. */
static int cmp_one(const char *fmt, char len, int is_signed, long long v)
{
	if (is_signed) {
		switch (len) {
		case 'l':
			SAME(fmt, (long)v);
			break;
		case 'L':
			SAME(fmt, (long long)v);
			break;
		case 'z':
			SAME(fmt, (ssize_t)v);
			break;
		case 't':
			SAME(fmt, (ptrdiff_t)v);
			break;
		case 'j':
			SAME(fmt, (intmax_t)v);
			break;
		default:
			SAME(fmt, (int)v);
			break;
		}
	} else {
		switch (len) {
		case 'l':
			SAME(fmt, (unsigned long)v);
			break;
		case 'L':
			SAME(fmt, (unsigned long long)v);
			break;
		case 'z':
			SAME(fmt, (size_t)v);
			break;
		case 't':
			SAME(fmt, (ptrdiff_t)v);
			break;
		case 'j':
			SAME(fmt, (uintmax_t)v);
			break;
		default:
			SAME(fmt, (unsigned int)v);
			break;
		}
	}
	return 1;
}

static const char *const lens[] = {"hh", "h", "", "l", "ll", "z", "t", "j"};
static const char lenkey[] = {'H', 'h', 0, 'l', 'L', 'z', 't', 'j'};
static const char *const widths[] = {"", "1", "5", "25"};
static const char *const precs[] = {"", ".", ".0", ".1", ".3", ".20"};

/* Builds "%<flags><width><prec><len><conv>" for every combination. */
static int integer_matrix(char conv, int is_signed)
{
	const char flagch[] = "-0+ #";
	char fmt[40];

	for (unsigned int fl = 0; fl < 32; fl++) {
		if ((fl & 16) && (conv == 'd' || conv == 'i' || conv == 'u'))
			continue; /* '#' undefined there */
		for (size_t w = 0; w < 4; w++)
			for (size_t p = 0; p < 6; p++)
				for (size_t l = 0; l < 8; l++) {
					char *f = fmt;

					*f++ = '<';
					*f++ = '%';
					for (int b = 0; b < 5; b++)
						if (fl & (1u << b))
							*f++ = flagch[b];
					f += sprintf(f, "%s%s%s%c>", widths[w],
						     precs[p], lens[l], conv);
					for (size_t i = 0;
					     i <
					     sizeof(ivals) / sizeof(ivals[0]);
					     i++)
						if (!cmp_one(fmt, lenkey[l],
							     is_signed,
							     ivals[i]))
							return 0;
				}
	}
	return 1;
}

#define MATRIX(conv, sgn)                                                      \
	do {                                                                   \
		if (!integer_matrix(conv, sgn)) {                              \
			memcpy(check_why, why, sizeof(why));                   \
			longjmp(check_jmp, 1);                                 \
		}                                                              \
	} while (0)

TEST(signed_d)
{
	MATRIX('d', 1);
}
TEST(signed_i)
{
	MATRIX('i', 1);
}
TEST(unsigned_u)
{
	MATRIX('u', 0);
}
TEST(hex_x)
{
	MATRIX('x', 0);
}
TEST(hex_X)
{
	MATRIX('X', 0);
}
TEST(octal_o)
{
	MATRIX('o', 0);
}

static int strings_and_chars(void)
{
	static const char unterminated[4] = {'a', 'b', 'c', 'd'};

	SAME("[%s]", "hello");
	SAME("[%10s]", "hello");
	SAME("[%-10s]", "hello");
	SAME("[%.2s]", "hello");
	SAME("[%.0s]", "hello");
	SAME("[%8.3s]", "hello");
	SAME("[%-8.3s]", "hello");
	SAME("[%*s]", 7, "ab");
	SAME("[%*s]", -7, "ab");
	SAME("[%.*s]", 1, "ab");
	SAME("[%.*s]", -1, "ab");
	SAME("[%s]", "");
	SAME("[%3s]", "");
	SAME("[%.4s]", unterminated); /* must not read past 4 bytes */
	SAME("[%.3s]", unterminated);
	SAME("[%c]", 'x');
	SAME("[%5c]", 'x');
	SAME("[%-5c]", 'x');
	SAME("[%c%c%c]", 'a', 0x7f, 0xe9);
	SAME("[%s]", null_str);
	SAME("[%10s]", null_str);
	SAME("100%% sure %d%%", 5);
	SAME("%s=%d %s=%x", "a", -5, "b", 255u);
	SAME("[%*d] [%-*d] [%.*d] [%*.*d]", 6, 42, 6, 42, 4, 42, 8, 5, -42);
	SAME("[%*d]", -6, 42);
	SAME("[%.*d]", -3, 42);
	SAME("[%0*d]", 6, -42);
	SAME("%s", "no conversions at all");
	return 1;
}

TEST(strings_chars_misc)
{
	if (!strings_and_chars()) {
		memcpy(check_why, why, sizeof(why));
		longjmp(check_jmp, 1);
	}
	char buf[8];
	CHECK_EQ(ksnprintf(buf, sizeof(buf), "plain"), 5);
	CHECK_STR(buf, "plain");
}

/* Every buffer size from 0 to past the full length: same return value, same
 * prefix, always terminated, never a byte written past size. */
TEST(truncation)
{
	const char *fmts = "%s|%08x|%-6d|%c";
	char host[64], mine[64];

	for (size_t size = 0; size < 40; size++) {
		memset(host, 'Z', sizeof(host));
		memset(mine, 'Z', sizeof(mine));
		int hr = snprintf(host, size, fmts, "truncate-me", 0xbeefu, -12,
				  '!');
		int mr = ksnprintf(mine, size, fmts, "truncate-me", 0xbeefu,
				   -12, '!');
		CHECK_EQ(mr, hr);
		CHECK(memcmp(host, mine, sizeof(host)) == 0);
		if (size)
			CHECK(memchr(mine, 0, size) != NULL);
		CHECK_EQ(mine[size], 'Z');
	}
	CHECK_EQ(ksnprintf(NULL, 0, "%d", 123456), 6);
}

TEST(pointer)
{
	char buf[64];

	CHECK_EQ(ksnprintf(buf, sizeof(buf), "%p", (void *)0x1234), 18);
	CHECK_STR(buf, "0x0000000000001234");
	ksnprintf(buf, sizeof(buf), "%p", (void *)NULL);
	CHECK_STR(buf, "0x0000000000000000");
	ksnprintf(buf, sizeof(buf), "%p", (void *)UINTPTR_MAX);
	CHECK_STR(buf, "0xffffffffffffffff");
	ksnprintf(buf, sizeof(buf), "[%20p]", (void *)0xabc);
	CHECK_STR(buf, "[  0x0000000000000abc]");
	ksnprintf(buf, sizeof(buf), "[%-20p]", (void *)0xabc);
	CHECK_STR(buf, "[0x0000000000000abc  ]");
}

static int parse(const char *s, unsigned long *v)
{
	return kparse_ulong(s, strlen(s), v);
}

TEST(parse_ulong)
{
	unsigned long v = 77;

	CHECK_EQ(parse("0", &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(parse("123", &v), 0);
	CHECK_EQ(v, 123);
	CHECK_EQ(parse("007", &v), 0); /* decimal, not octal */
	CHECK_EQ(v, 7);
	CHECK_EQ(parse("0x1F", &v), 0);
	CHECK_EQ(v, 31);
	CHECK_EQ(parse("0XaBc", &v), 0);
	CHECK_EQ(v, 0xabc);
	CHECK_EQ(parse("18446744073709551615", &v), 0);
	CHECK(v == ULONG_MAX);
	CHECK_EQ(parse("0xffffffffffffffff", &v), 0);
	CHECK(v == ULONG_MAX);
	v = 77;
	CHECK_EQ(parse("18446744073709551616", &v), -ERANGE);
	CHECK_EQ(parse("0x10000000000000000", &v), -ERANGE);
	CHECK_EQ(parse("99999999999999999999999", &v), -ERANGE);
	CHECK_EQ(parse("99999999999999999999999z", &v), -EINVAL);
	CHECK_EQ(v, 77); /* untouched on error */
	CHECK_EQ(parse("", &v), -EINVAL);
	CHECK_EQ(parse("0x", &v), -EINVAL);
	CHECK_EQ(parse("x1", &v), -EINVAL);
	CHECK_EQ(parse("-1", &v), -EINVAL);
	CHECK_EQ(parse("+1", &v), -EINVAL);
	CHECK_EQ(parse(" 1", &v), -EINVAL);
	CHECK_EQ(parse("1 ", &v), -EINVAL);
	CHECK_EQ(parse("12a", &v), -EINVAL);
	CHECK_EQ(parse("0x12g", &v), -EINVAL);
	CHECK_EQ(kparse_ulong("12\0"
			      "3",
			      4, &v),
		 -EINVAL);			  /* NUL inside */
	CHECK_EQ(kparse_ulong("1234", 2, &v), 0); /* only len bytes */
	CHECK_EQ(v, 12);
	CHECK_EQ(kparse_ulong("5", 0, &v), -EINVAL);
}

int main(void)
{
	RUN(signed_d);
	RUN(signed_i);
	RUN(unsigned_u);
	RUN(hex_x);
	RUN(hex_X);
	RUN(octal_o);
	RUN(strings_chars_misc);
	RUN(truncation);
	RUN(pointer);
	RUN(parse_ulong);
	return CHECK_DONE();
}
