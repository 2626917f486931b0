// SOURCES: libc-glue/iov.c
// CFLAGS: -Ilibc-glue
/*
 * test_libc_iov.c - the loop behind readv/writev/preadv/pwritev
 * (libc-glue/iov.c) over a fake file that moves at most `room` bytes per
 * call and can fail: segments in order with their running offsets, a
 * short transfer ending the call, an error after data giving the count,
 * an error first giving the error, empty segments skipped, and the
 * argument checks (count, SSIZE_MAX) made before anything moves.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>
#include "check.h"
#include "iov.h"

struct fake {
	char data[64];
	size_t pos, room;   /* bytes per call at most */
	int calls, fail_at; /* the call that fails with -EIO (0: none) */
	uint64_t offs[8];   /* `done` as each call saw it */
};

static long fake_read(void *ctx, void *buf, size_t len, uint64_t done)
{
	struct fake *f = ctx;
	size_t n = len < f->room ? len : f->room;

	f->offs[f->calls] = done;
	if (++f->calls == f->fail_at)
		return -EIO;
	memcpy(buf, f->data + f->pos, n);
	f->pos += n;
	return (long)n;
}

TEST(segments_in_order)
{
	struct fake f = {.data = "abcdefghijklmnopqrstuvwxyz", .room = 64};
	char a[3], b[5], c[4];
	struct iovec v[] = {{a, 3}, {NULL, 0}, {b, 5}, {c, 4}};

	CHECK_EQ(iov_transfer(v, 4, fake_read, &f), 12);
	CHECK_EQ(f.calls, 3); /* the empty one is skipped */
	CHECK(!memcmp(a, "abc", 3) && !memcmp(b, "defgh", 5) &&
	      !memcmp(c, "ijkl", 4));
	CHECK(f.offs[0] == 0 && f.offs[1] == 3 && f.offs[2] == 8);
}

TEST(short_transfer_stops)
{
	struct fake f = {.data = "abcdefghijklmnopqrstuvwxyz", .room = 4};
	char a[3], b[5], c[4];
	struct iovec v[] = {{a, 3}, {b, 5}, {c, 4}};

	CHECK_EQ(iov_transfer(v, 3, fake_read, &f), 7);
	CHECK_EQ(f.calls, 2);
}

TEST(errors)
{
	struct fake f = {.room = 64, .fail_at = 2};
	char a[3], b[5];
	struct iovec v[] = {{a, 3}, {b, 5}};

	CHECK_EQ(iov_transfer(v, 2, fake_read, &f), 3); /* data, then error */
	f = (struct fake){.room = 64, .fail_at = 1};
	CHECK_EQ(iov_transfer(v, 2, fake_read, &f), -EIO);
	CHECK_EQ(iov_transfer(v, 0, fake_read, &f), 0);
}

TEST(argument_checks)
{
	struct fake f = {.room = 64};
	char a[3];
	struct iovec v[] = {{a, 3}, {a, SSIZE_MAX}};

	CHECK_EQ(iov_transfer(v, -1, fake_read, &f), -EINVAL);
	CHECK_EQ(iov_transfer(v, GLUE_IOV_MAX + 1, fake_read, &f), -EINVAL);
	CHECK_EQ(iov_transfer(v, 2, fake_read, &f), -EINVAL); /* sum */
	CHECK_EQ(f.calls, 0);
}

int main(void)
{
	RUN(segments_in_order);
	RUN(short_transfer_stops);
	RUN(errors);
	RUN(argument_checks);
	return CHECK_DONE();
}
