/*
 * utsname.c - uname(): sysname and nodename "domlet" (a guest has no
 * host name of its own), machine "x86_64".
 */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>

int uname(struct utsname *buf)
{
	if (!buf) {
		errno = EFAULT;
		return -1;
	}
	memset(buf, 0, sizeof(*buf));
	strcpy(buf->sysname, "domlet");
	strcpy(buf->release, "1");
	strcpy(buf->version, "1");
	strcpy(buf->machine, "x86_64");
	strcpy(buf->nodename, "domlet");
	return 0;
}
