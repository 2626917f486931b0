/*
 * libctest - the newlib + libc-glue boot test (tests/boot/libc): stdio
 * with floating point, malloc stress, POSIX threads with mutexes,
 * condition variables and keys, clocks and sleeps, a block device through
 * read/write/lseek/fsync, argv and the environment from `extra=`,
 * ENOSYS/errno from unsupported calls, ucontext coroutines, pipes and
 * eventfds; TLS, mmap, big thread stacks and socketpair (tls_mem.c);
 * the calls QEMU's stub domain needs (qemu_calls.c); /dev/xenvif0 as
 * QEMU's tap netdev uses it, an ARP exchange with dom0 (vif.c).
 * Ends on one verdict line.
 */
#include <stdint.h>
#include <stdio.h>
#include "libctest.h"

/* With -fno-omit-frame-pointer, rbp = entry rsp - 8, which the ABI makes
 * a multiple of 16. */
__attribute__((noinline)) bool frame_aligned(void)
{
	return ((uintptr_t)__builtin_frame_address(0) & 15) == 0;
}

int main(int argc, char **argv)
{
	app_test_begin("libctest");
	printf("libctest: newlib %s, libc-glue\n", _NEWLIB_VERSION);
	app_check(frame_aligned(), "main stack aligned", "frame %p",
		  __builtin_frame_address(0));
	test_env(argc, argv);
	test_stdio();
	test_malloc();
	test_time();
	test_threads();
	test_errors();
	test_files();
	test_coroutines();
	test_pipes();
	test_tls_mem();
	test_qemu_calls();
	test_vif();
	return app_verdict();
}
