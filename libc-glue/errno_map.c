/*
 * errno_map.c - Linux errno numbers (the kernel's, see kapi.h) to the
 * libc's.  The left column is literal Linux numbers on purpose: this file
 * is compiled against the libc's <errno.h>, so those names mean the libc's
 * numbers.  tests/unit/test_libc_errno.c builds it on a Linux host, where
 * both columns must agree, which checks every literal.
 */
#include <errno.h>
#include <stddef.h>

static const struct {
	unsigned char linux_no;
	int libc_no;
} map[] = {
    {1, EPERM},	      {2, ENOENT},	  {3, ESRCH},	    {4, EINTR},
    {5, EIO},	      {6, ENXIO},	  {7, E2BIG},	    {8, ENOEXEC},
    {9, EBADF},	      {10, ECHILD},	  {11, EAGAIN},	    {12, ENOMEM},
    {13, EACCES},     {14, EFAULT},	  {16, EBUSY},	    {17, EEXIST},
    {18, EXDEV},      {19, ENODEV},	  {20, ENOTDIR},    {21, EISDIR},
    {22, EINVAL},     {23, ENFILE},	  {24, EMFILE},	    {25, ENOTTY},
    {27, EFBIG},      {28, ENOSPC},	  {29, ESPIPE},	    {30, EROFS},
    {31, EMLINK},     {32, EPIPE},	  {33, EDOM},	    {34, ERANGE},
    {35, EDEADLK},    {36, ENAMETOOLONG}, {37, ENOLCK},	    {38, ENOSYS},
    {39, ENOTEMPTY},  {40, ELOOP},	  {61, ENODATA},    {62, ETIME},
    {71, EPROTO},     {74, EBADMSG},	  {75, EOVERFLOW},  {84, EILSEQ},
    {90, EMSGSIZE},   {95, EOPNOTSUPP},	  {98, EADDRINUSE}, {105, ENOBUFS},
    {106, EISCONN},   {107, ENOTCONN},	  {110, ETIMEDOUT}, {111, ECONNREFUSED},
    {114, EALREADY},  {115, EINPROGRESS}, {125, ECANCELED},
#ifdef ESHUTDOWN /* newlib has it only with its Linux extensions */
    {108, ESHUTDOWN},
#else
    {108, EPIPE},
#endif
};

int errno_from_linux(int e)
{
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].linux_no == e)
			return map[i].libc_no;
	return EIO;
}

long kerr(long rc)
{
	return rc < 0 ? -errno_from_linux((int)-rc) : rc;
}
