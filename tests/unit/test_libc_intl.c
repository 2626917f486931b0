// SOURCES: libc-glue/intl.c
// CFLAGS: -O0
/*
 * test_libc_intl.c - libc-glue's gettext without catalogs (glib's
 * port calls it): lookups give back their msgid, plural forms pick by
 * n, text domains and their bindings read back, a full table gives
 * ENOMEM.  -O0: glibc's <libintl.h> turns gettext() into macros when
 * optimising, which would rename the functions under test.
 */
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include "check.h"

TEST(lookups_return_msgid)
{
	const char *m = "hello";

	CHECK(gettext(m) == m);
	CHECK(dgettext("glib20", m) == m);
	CHECK(dcgettext("glib20", m, 5) == m);
	CHECK_STR(ngettext("one", "many", 1), "one");
	CHECK_STR(ngettext("one", "many", 0), "many");
	CHECK_STR(dngettext("d", "one", "many", 2), "many");
	CHECK_STR(dcngettext("d", "one", "many", 1, 5), "one");
}

TEST(textdomain_reads_back)
{
	CHECK_STR(textdomain(NULL), "messages");
	CHECK_STR(textdomain("glib20"), "glib20");
	CHECK_STR(textdomain(NULL), "glib20");
	CHECK_STR(textdomain(""), "messages");
}

TEST(bindings_read_back)
{
	CHECK(bindtextdomain("glib20", NULL) == NULL);
	CHECK_STR(bindtextdomain("glib20", "/usr/share/locale"),
		  "/usr/share/locale");
	CHECK_STR(bind_textdomain_codeset("glib20", "UTF-8"), "UTF-8");
	CHECK_STR(bindtextdomain("glib20", NULL), "/usr/share/locale");
	CHECK_STR(bind_textdomain_codeset("glib20", NULL), "UTF-8");
	errno = 0;
	CHECK(bindtextdomain("", "/x") == NULL);
	CHECK(errno == EINVAL);
}

TEST(table_full)
{
	char name[16];
	int i;

	/* glib20 is bound above; 7 more fill the 8 slots. */
	for (i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		CHECK_STR(bindtextdomain(name, "/x"), "/x");
	}
	errno = 0;
	CHECK(bindtextdomain("onemore", "/x") == NULL);
	CHECK(errno == ENOMEM);
	CHECK_STR(bindtextdomain("d3", "/y"), "/y");
}

int main(void)
{
	RUN(lookups_return_msgid);
	RUN(textdomain_reads_back);
	RUN(bindings_read_back);
	RUN(table_full);
	return check_failures != 0;
}
