/*
 * iov.h - the loop behind readv/writev/preadv/pwritev (uio.c): one
 * transfer per iovec, stopping at the first short one, an error after
 * some bytes moved reported as the count (the error comes again on the
 * next call, as POSIX has it).  Pure (host-tested in
 * tests/unit/test_libc_iov.c with a fake transfer).
 */
#ifndef LIBC_GLUE_IOV_H
#define LIBC_GLUE_IOV_H

#include <stddef.h>
#include <stdint.h>

struct iovec;

#define GLUE_IOV_MAX 1024 /* Linux's UIO_MAXIOV */

/* One piece: len bytes at buf, `done` bytes into the whole request;
 * returns bytes moved (0..len) or a negative errno. */
typedef long (*iov_step_fn)(void *ctx, void *buf, size_t len, uint64_t done);

/* -EINVAL for cnt < 0 or > GLUE_IOV_MAX or a total beyond SSIZE_MAX
 * (the lengths are checked before anything moves); else the bytes moved
 * by step over iov[0..cnt), or the first error if nothing moved. */
long iov_transfer(const struct iovec *iov, int cnt, iov_step_fn step,
		  void *ctx);

#endif
