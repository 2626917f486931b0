// SOURCES: libc-glue/fdtable.c
// CFLAGS: -Ilibc-glue
/*
 * test_libc_fdtable.c - the libc glue's fd table: lowest free fd, EMFILE,
 * dup2 sharing one description (freed only with its last fd, also when
 * dup2 targets an fd of the same file), EBADF, and lseek arithmetic with
 * its overflow and negative-position errors.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "fdtable.h"
#include "check.h"

TEST(lowest_free)
{
	struct fdtable t = {0};
	struct gfile a = {0}, b = {0};
	struct gfile *last;

	CHECK_EQ(fd_install(&t, &a, 0), 0);
	CHECK_EQ(fd_install(&t, &b, 0), 1);
	CHECK_EQ(fd_install(&t, &b, 5), 5);
	CHECK_EQ(b.refs, 2);
	CHECK_EQ(fd_remove(&t, 0, &last), 0);
	CHECK(last == &a);
	CHECK_EQ(fd_install(&t, &a, 0), 0);
	CHECK_EQ(fd_remove(&t, 1, &last), 0);
	CHECK(last == NULL); /* fd 5 still holds b */
	CHECK_EQ(fd_remove(&t, 5, &last), 0);
	CHECK(last == &b);
	CHECK_EQ(fd_install(&t, &a, -1), -EINVAL);
	CHECK_EQ(fd_install(&t, &a, FD_MAX), -EINVAL);
}

TEST(emfile)
{
	struct fdtable t = {0};
	struct gfile a = {0};

	for (int i = 0; i < FD_MAX; i++)
		CHECK_EQ(fd_install(&t, &a, 0), i);
	CHECK_EQ(fd_install(&t, &a, 0), -EMFILE);
	CHECK_EQ(a.refs, FD_MAX);
}

TEST(bad_fds)
{
	struct fdtable t = {0};
	struct gfile *last = (struct gfile *)1;

	CHECK(fd_get(&t, -1) == NULL);
	CHECK(fd_get(&t, FD_MAX) == NULL);
	CHECK(fd_get(&t, 3) == NULL);
	CHECK_EQ(fd_remove(&t, 3, &last), -EBADF);
	CHECK(last == NULL);
	CHECK_EQ(fd_dup2(&t, 3, 4, &last), -EBADF);
}

TEST(dup2_shares_and_replaces)
{
	struct fdtable t = {0};
	struct gfile a = {0}, b = {0};
	struct gfile *last;

	CHECK_EQ(fd_install(&t, &a, 0), 0);
	CHECK_EQ(fd_install(&t, &b, 0), 1);
	CHECK_EQ(fd_dup2(&t, 0, 1, &last), 1);
	CHECK(last == &b); /* b's only fd was replaced */
	CHECK(fd_get(&t, 1) == &a);
	CHECK_EQ(a.refs, 2);
	/* Same file on both sides, and oldfd == newfd: nothing freed. */
	CHECK_EQ(fd_dup2(&t, 0, 1, &last), 1);
	CHECK(last == NULL);
	CHECK_EQ(a.refs, 2);
	CHECK_EQ(fd_dup2(&t, 0, 0, &last), 0);
	CHECK(last == NULL);
	CHECK_EQ(fd_dup2(&t, 0, FD_MAX, &last), -EBADF);
	CHECK_EQ(fd_remove(&t, 0, &last), 0);
	CHECK(last == NULL);
	CHECK_EQ(fd_remove(&t, 1, &last), 0);
	CHECK(last == &a);
}

TEST(seek)
{
	CHECK_EQ(fd_seek_pos(10, 100, 5, SEEK_SET), 5);
	CHECK_EQ(fd_seek_pos(10, 100, 5, SEEK_CUR), 15);
	CHECK_EQ(fd_seek_pos(10, 100, -5, SEEK_END), 95);
	CHECK_EQ(fd_seek_pos(10, 100, 50, SEEK_END), 150); /* past the end */
	CHECK_EQ(fd_seek_pos(10, -1, 0, SEEK_END), -EINVAL);
	CHECK_EQ(fd_seek_pos(10, 100, -11, SEEK_CUR), -EINVAL);
	CHECK_EQ(fd_seek_pos(INT64_MAX - 1, 0, 2, SEEK_CUR), -EOVERFLOW);
	CHECK_EQ(fd_seek_pos(0, 0, 0, 42), -EINVAL);
}

int main(void)
{
	RUN(lowest_free);
	RUN(emfile);
	RUN(bad_fds);
	RUN(dup2_shares_and_replaces);
	RUN(seek);
	return check_failures != 0;
}
