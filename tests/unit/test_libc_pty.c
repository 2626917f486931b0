// SOURCES: libc-glue/pty.c
// CFLAGS: -D_GNU_SOURCE
/*
 * test_libc_pty.c - libc-glue's pseudo-terminals, which domlet does not
 * have: openpty fails ENOENT and writes nothing, ptsname gives NULL
 * with ENOTTY.
 */
#include <errno.h>
#include <pty.h>
#include <stdlib.h>
#include "check.h"

TEST(openpty_fails)
{
	int m = -7, s = -7;
	char name[32] = "unchanged";

	errno = 0;
	CHECK(openpty(&m, &s, name, NULL, NULL) == -1);
	CHECK(errno == ENOENT);
	CHECK(m == -7 && s == -7);
	CHECK_STR(name, "unchanged");
}

TEST(ptsname_none)
{
	errno = 0;
	CHECK(ptsname(0) == NULL);
	CHECK(errno == ENOTTY);
}

int main(void)
{
	RUN(openpty_fails);
	RUN(ptsname_none);
	return check_failures != 0;
}
