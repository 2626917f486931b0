/*
 * lifecycle.c - the toolstack's stop request for libc apps
 * (<domlet_app.h>), over the kernel's shutdown_wait.
 */
#include "domlet_app.h"
#include "glue.h"

int app_wait_stop(int timeout_s)
{
	/* "For ever" as a century, which shutdown_wait's u64 holds. */
	uint64_t t = timeout_s > 0 ? (uint64_t)timeout_s * NSEC_PER_SEC
				   : 100ull * 365 * 86400 * NSEC_PER_SEC;
	int rc = shutdown_wait(t);

	return rc < 0 ? (int)posix_ret(kerr(rc)) : 0;
}
