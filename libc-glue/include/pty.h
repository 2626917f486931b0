/*
 * pty.h - openpty, as glibc declares it (libc-glue/pty.c: domlet has
 * no pseudo-terminals, so it fails ENOENT).
 */
#ifndef LIBC_GLUE_PTY_H
#define LIBC_GLUE_PTY_H

#include <termios.h>

int openpty(int *amaster, int *aslave, char *name, const struct termios *termp,
	    const struct winsize *winp);
char *ptsname(int fd);

#endif
