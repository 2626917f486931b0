/*
 * pty.c - pseudo-terminals, which domlet does not have (its consoles
 * are byte streams: hvc.c): openpty fails ENOENT, as on a Linux system
 * without /dev/ptmx, and ptsname has no name to give (ENOTTY).  QEMU's
 * chardev/char-pty.c (-serial pty) reports the failure; qemu-dm maps a
 * guest's serial ports to consoles instead.
 */
#include <errno.h>
#include <pty.h>
#include <stdlib.h>

int openpty(int *amaster, int *aslave, char *name, const struct termios *termp,
	    const struct winsize *winp)
{
	(void)amaster, (void)aslave, (void)name, (void)termp, (void)winp;
	errno = ENOENT;
	return -1;
}

char *ptsname(int fd)
{
	(void)fd;
	errno = ENOTTY;
	return NULL;
}
