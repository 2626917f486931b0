// SOURCES: libc-glue/iconv.c
/*
 * test_libc_iconv.c - libc-glue's iconv (UTF-8, ASCII, ISO-8859-1):
 * conversions both ways, and POSIX's errors: EILSEQ (malformed,
 * overlong, surrogate, unencodable), EINVAL (cut off), E2BIG (full
 * output, with the pointers left after the last whole character).
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include "check.h"

/* Converts in (n bytes) into out (room bytes); errno in *err. */
static size_t conv(const char *to, const char *from, const char *in, size_t n,
		   char *out, size_t room, int *err, size_t *left)
{
	iconv_t cd = iconv_open(to, from);
	char *ip = (char *)in, *op = out;
	size_t r;

	CHECK(cd != (iconv_t)-1);
	errno = 0;
	r = iconv(cd, &ip, &n, &op, &room);
	*err = errno;
	*left = n;
	if (room)
		*op = 0;
	iconv_close(cd);
	return r;
}

TEST(conversions)
{
	char out[32];
	size_t left;
	int err;

	CHECK(conv("ISO-8859-1", "UTF-8", "caf\xc3\xa9", 5, out, sizeof(out),
		   &err, &left) == 0);
	CHECK_STR(out, "caf\xe9");
	CHECK(conv("UTF-8", "latin1", "caf\xe9", 4, out, sizeof(out), &err,
		   &left) == 0);
	CHECK_STR(out, "caf\xc3\xa9");
	CHECK(conv("UTF8", "UTF-8", "\xf0\x9f\x98\x80\xe2\x82\xac", 7, out,
		   sizeof(out), &err, &left) == 0);
	CHECK_STR(out, "\xf0\x9f\x98\x80\xe2\x82\xac");
	CHECK(conv("ASCII", "UTF-8", "abc", 3, out, sizeof(out), &err, &left) ==
	      0);
	CHECK_STR(out, "abc");
	CHECK(iconv_open("UTF-16", "UTF-8") == (iconv_t)-1);
	CHECK(errno == EINVAL);
}

TEST(errors)
{
	char out[32];
	size_t left;
	int err;

	/* Overlong "/", a surrogate, a stray continuation byte. */
	CHECK(conv("UTF-8", "UTF-8", "\xc0\xaf", 2, out, sizeof(out), &err,
		   &left) == (size_t)-1);
	CHECK(err == EILSEQ && left == 2);
	CHECK(conv("UTF-8", "UTF-8", "a\xed\xa0\x80", 4, out, sizeof(out), &err,
		   &left) == (size_t)-1);
	CHECK(err == EILSEQ && left == 3);
	CHECK(conv("UTF-8", "UTF-8", "\x80", 1, out, sizeof(out), &err,
		   &left) == (size_t)-1);
	CHECK(err == EILSEQ);
	/* Euro sign has no Latin-1 form; é has no ASCII one. */
	CHECK(conv("ISO-8859-1", "UTF-8", "\xe2\x82\xac", 3, out, sizeof(out),
		   &err, &left) == (size_t)-1);
	CHECK(err == EILSEQ && left == 3);
	CHECK(conv("ASCII", "ISO-8859-1", "\xe9", 1, out, sizeof(out), &err,
		   &left) == (size_t)-1);
	CHECK(err == EILSEQ);
	/* Cut off after the lead byte. */
	CHECK(conv("UTF-8", "UTF-8", "ab\xe2\x82", 4, out, sizeof(out), &err,
		   &left) == (size_t)-1);
	CHECK(err == EINVAL && left == 2);
	/* Room for "ab" only: é (two bytes) does not fit in one. */
	CHECK(conv("UTF-8", "ISO-8859-1", "ab\xe9", 3, out, 3, &err, &left) ==
	      (size_t)-1);
	CHECK(err == E2BIG && left == 1);
}

int main(void)
{
	RUN(conversions);
	RUN(errors);
	return check_failures != 0;
}
