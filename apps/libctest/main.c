/*
 * libctest - the newlib + libc-glue boot test (tests/boot/libc): stdio
 * with floating point, malloc stress, POSIX threads with mutexes,
 * condition variables and keys, clocks and sleeps, a block device through
 * read/write/lseek/fsync, argv and the environment from `extra=`, and
 * ENOSYS/errno from unsupported calls.  Ends on one verdict line.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include "libctest.h"

static int failures;
static char first_failure[96];

bool check(bool ok, const char *what, const char *why, ...)
{
	va_list ap;

	if (ok) {
		printf("libctest: ok %s\n", what);
		return true;
	}
	if (!failures++)
		snprintf(first_failure, sizeof(first_failure), "%s", what);
	printf("libctest: FAIL %s: ", what);
	va_start(ap, why);
	vprintf(why, ap);
	va_end(ap);
	printf("\n");
	return false;
}

/* With -fno-omit-frame-pointer, rbp = entry rsp - 8, which the ABI makes
 * a multiple of 16. */
__attribute__((noinline)) bool frame_aligned(void)
{
	return ((uintptr_t)__builtin_frame_address(0) & 15) == 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("libctest: newlib %s, libc-glue\n", _NEWLIB_VERSION);
	check(frame_aligned(), "main stack aligned", "frame %p",
	      __builtin_frame_address(0));
	test_env(argc, argv);
	test_stdio();
	test_malloc();
	test_time();
	test_threads();
	test_errors();
	test_files();
	if (failures) {
		printf("VERDICT: FAIL libctest: %d failed, first: %s\n",
		       failures, first_failure);
		return 1;
	}
	printf("VERDICT: PASS libctest\n");
	return 0;
}
