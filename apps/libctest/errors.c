/*
 * errors.c - errno from failing and unsupported calls: unsupported ones
 * give ENOSYS (and one console warning each, which post.sh counts), and
 * ordinary failures give their POSIX errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libctest.h"

static void expect_errno(const char *what, int rc, int want)
{
	int e = errno;

	app_check(rc == -1 && e == want, what, "rc %d errno %d (%s), want %d",
		  rc, e, strerror(e), want);
}

void test_errors(void)
{
	struct stat st;
	char c;

	errno = 0;
	expect_errno("fork: ENOSYS", fork(), ENOSYS);
	expect_errno("fork again: ENOSYS", fork(), ENOSYS);
	expect_errno("unlink: ENOSYS", unlink("/x"), ENOSYS);
	expect_errno("mkdir: ENOSYS", mkdir("/x", 0755), ENOSYS);
	expect_errno("execve: ENOSYS", execve("/x", NULL, NULL), ENOSYS);
	expect_errno("open outside /dev: ENOENT", open("/etc/passwd", O_RDONLY),
		     ENOENT);
	expect_errno("open unknown device: ENOENT",
		     open("/dev/nosuch", O_RDONLY), ENOENT);
	expect_errno("read bad fd: EBADF", (int)read(42, &c, 1), EBADF);
	expect_errno("close bad fd: EBADF", close(-1), EBADF);
	expect_errno("lseek console: ESPIPE", (int)lseek(1, 0, SEEK_SET),
		     ESPIPE);
	expect_errno("write to O_RDONLY: EBADF",
		     (int)write(open("/dev/null", O_RDONLY), "x", 1), EBADF);
	app_check(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode),
		  "stat /dev/null", "errno %d", errno);
	app_check(isatty(1) && !isatty(42), "isatty", "errno %d", errno);
	app_check(fopen("/nonexistent", "r") == NULL && errno == ENOENT,
		  "fopen: ENOENT", "errno %d", errno);
}
