/*
 * setjmp.h - newlib's, plus POSIX sigsetjmp/siglongjmp, which newlib
 * gives only to Cygwin and RTEMS.  QEMU's coroutines switch with them.
 * The signal mask (libc-glue/process.c) is saved when asked and
 * restored by siglongjmp, though no signal ever interrupts anything.
 */
#ifndef DOMLET_SETJMP_H
#define DOMLET_SETJMP_H

#include_next <setjmp.h>

/* Only over newlib (host unit tests that see this directory keep their
 * libc's own). */
#if defined(_NEWLIB_VERSION) && !defined(_CYGWIN_WORKING_SIGSETJMP) &&         \
    !defined(__rtems__)
#include <signal.h>

typedef struct {
	jmp_buf jb;
	int savemask;
	sigset_t mask;
} sigjmp_buf[1];

void __domlet_sigjmp_save(sigjmp_buf env, int savemask);
void siglongjmp(sigjmp_buf env, int val) __attribute__((__noreturn__));

/* setjmp must run in the caller's own frame, so this is a macro. */
#define sigsetjmp(env, savemask)                                               \
	(__domlet_sigjmp_save((env), (savemask)), setjmp((env)[0].jb))
#endif

#endif
