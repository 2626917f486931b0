/*
 * iov.c - the vectored transfer loop (iov.h).  Pure.
 */
#include <errno.h>
#include <limits.h>
#include <sys/types.h>
#include <sys/uio.h>
#include "iov.h"

#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

long iov_transfer(const struct iovec *iov, int cnt, iov_step_fn step, void *ctx)
{
	uint64_t total = 0, done = 0;

	if (cnt < 0 || cnt > GLUE_IOV_MAX)
		return -EINVAL;
	for (int i = 0; i < cnt; i++) {
		total += iov[i].iov_len;
		if (iov[i].iov_len > SSIZE_MAX || total > SSIZE_MAX)
			return -EINVAL;
	}
	for (int i = 0; i < cnt; i++) {
		long n;

		if (!iov[i].iov_len)
			continue;
		n = step(ctx, iov[i].iov_base, iov[i].iov_len, done);
		if (n < 0)
			return done ? (long)done : n;
		done += (uint64_t)n;
		if ((size_t)n < iov[i].iov_len)
			break; /* short: the file has no more for now */
	}
	return (long)done;
}
