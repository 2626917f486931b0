// SOURCES: libc-glue/path.c
// CFLAGS: -Ilibc-glue
/*
 * test_libc_path.c - the libc glue's path handling: normalisation
 * (slashes, ".", "..", relative paths, buffer limits) and the /dev and
 * xvd name checks open() relies on.
 */
#include <errno.h>
#include <string.h>
#include "path.h"
#include "check.h"

static const char *norm(const char *in)
{
	static char out[64];

	if (path_normalize(in, out, sizeof(out)) < 0)
		return "<error>";
	return out;
}

TEST(normalize)
{
	CHECK_STR(norm("/dev/xvda"), "/dev/xvda");
	CHECK_STR(norm("//dev///xvda/"), "/dev/xvda");
	CHECK_STR(norm("/dev/./xvda"), "/dev/xvda");
	CHECK_STR(norm("/tmp/../dev/xvda"), "/dev/xvda");
	CHECK_STR(norm("/../../dev"), "/dev");
	CHECK_STR(norm("dev/console"), "/dev/console");
	CHECK_STR(norm("/"), "/");
	CHECK_STR(norm("."), "/");
	CHECK_STR(norm("/a/b/.."), "/a");
	CHECK_STR(norm("/..."), "/...");
	CHECK_STR(norm(""), "<error>");
}

TEST(limits)
{
	char out[8];

	CHECK_EQ(path_normalize("", out, sizeof(out)), -ENOENT);
	CHECK_EQ(path_normalize("/abcdef", out, sizeof(out)), 7);
	CHECK_STR(out, "/abcdef");
	CHECK_EQ(path_normalize("/abcdefg", out, sizeof(out)), -ENAMETOOLONG);
	CHECK_EQ(path_normalize("/abc/defg", out, sizeof(out)), -ENAMETOOLONG);
	CHECK_EQ(path_normalize("/", out, 1), -ENAMETOOLONG);
	CHECK_EQ(path_normalize("/", out, 2), 1);
}

TEST(devname)
{
	CHECK_STR(path_devname("/dev/xvda"), "xvda");
	CHECK(path_devname("/dev") == NULL);
	CHECK(path_devname("/dev/") == NULL);
	CHECK(path_devname("/dev/a/b") == NULL);
	CHECK(path_devname("/devx/a") == NULL);
	CHECK(path_devname("/tmp/x") == NULL);
}

TEST(xvd)
{
	CHECK(path_is_xvd("xvda"));
	CHECK(path_is_xvd("xvdzz"));
	CHECK(!path_is_xvd("xvd"));
	CHECK(!path_is_xvd("xvdA"));
	CHECK(!path_is_xvd("xvda1"));
	CHECK(!path_is_xvd("xvdabc"));
	CHECK(!path_is_xvd("sda"));
}

/* hvcN and xenvifN: what hvc_index and vif_index accept. */
TEST(dev_number)
{
	CHECK_EQ(path_dev_number("hvc0", "hvc", 16), 0);
	CHECK_EQ(path_dev_number("hvc15", "hvc", 16), 15);
	CHECK_EQ(path_dev_number("hvc16", "hvc", 16), -1);
	CHECK_EQ(path_dev_number("hvc", "hvc", 16), -1);
	CHECK_EQ(path_dev_number("hvc01", "hvc", 16), -1);
	CHECK_EQ(path_dev_number("hvc100", "hvc", 16), -1);
	CHECK_EQ(path_dev_number("hvc1a", "hvc", 16), -1);
	CHECK_EQ(path_dev_number("hvcx", "hvc", 16), -1);
	CHECK_EQ(path_dev_number("xenvif0", "xenvif", 64), 0);
	CHECK_EQ(path_dev_number("xenvif63", "xenvif", 64), 63);
	CHECK_EQ(path_dev_number("xenvif64", "xenvif", 64), -1);
	CHECK_EQ(path_dev_number("xenvif07", "xenvif", 64), -1);
	CHECK_EQ(path_dev_number("hvc3", "xenvif", 64), -1);
}

int main(void)
{
	RUN(normalize);
	RUN(limits);
	RUN(devname);
	RUN(xvd);
	RUN(dev_number);
	return check_failures != 0;
}
