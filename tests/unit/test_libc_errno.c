// SOURCES: libc-glue/errno_map.c
/*
 * test_libc_errno.c - the glue's Linux -> libc errno table.  On a Linux
 * host the libc's numbers are Linux's, so every entry must map to itself:
 * that checks each literal in the table.  Also: every errno the kernel
 * defines (domlet/errno.h) is in the table, and unknown numbers give EIO.
 */
#include <errno.h>
#include "check.h"

int errno_from_linux(int e);
long kerr(long rc);

/* The names domlet/errno.h defines; keep in step with it. */
static const int kernel_errnos[] = {
    EPERM,	 ENOENT,    ESRCH,     EINTR,	     EIO,	   ENXIO,
    E2BIG,	 ENOEXEC,   EBADF,     ECHILD,	     EAGAIN,	   ENOMEM,
    EACCES,	 EFAULT,    EBUSY,     EEXIST,	     EXDEV,	   ENODEV,
    ENOTDIR,	 EISDIR,    EINVAL,    ENFILE,	     EMFILE,	   ENOTTY,
    EFBIG,	 ENOSPC,    ESPIPE,    EROFS,	     EMLINK,	   EPIPE,
    EDOM,	 ERANGE,    EDEADLK,   ENAMETOOLONG, ENOLCK,	   ENOSYS,
    ENOTEMPTY,	 ELOOP,	    ENODATA,   ETIME,	     EPROTO,	   EBADMSG,
    EOVERFLOW,	 EILSEQ,    EMSGSIZE,  EOPNOTSUPP,   EADDRINUSE,   ENOBUFS,
    EISCONN,	 ENOTCONN,  ESHUTDOWN, ETIMEDOUT,    ECONNREFUSED, EALREADY,
    EINPROGRESS, ECANCELED,
};

TEST(identity_on_linux)
{
	for (unsigned i = 0; i < sizeof(kernel_errnos) / sizeof(int); i++)
		CHECK_EQ(errno_from_linux(kernel_errnos[i]), kernel_errnos[i]);
}

TEST(kerr)
{
	CHECK_EQ(kerr(0), 0);
	CHECK_EQ(kerr(4096), 4096);
	CHECK_EQ(kerr(-ENODEV), -ENODEV);
	CHECK_EQ(kerr(-200), -EIO); /* not a number the kernel uses */
	CHECK_EQ(errno_from_linux(0), EIO);
}

int main(void)
{
	RUN(identity_on_linux);
	RUN(kerr);
	return check_failures != 0;
}
