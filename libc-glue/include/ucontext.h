/*
 * ucontext.h - getcontext, setcontext, makecontext, swapcontext for
 * x86-64 (libc-glue/ucontext.c), as QEMU's coroutine-ucontext backend
 * and other coroutine libraries use them.  System V semantics: a context
 * made by makecontext() starts func on uc_stack with its int arguments
 * (any number; the first six in registers), and when func returns the
 * thread goes on in uc_link, or exits the program (exit(0)) if that is
 * NULL.  Signal masks are not saved or restored (domlet has no signals).
 */
#ifndef DOMLET_UCONTEXT_H
#define DOMLET_UCONTEXT_H

#include <sys/ucontext.h>

int getcontext(ucontext_t *ucp);
int setcontext(const ucontext_t *ucp);
void makecontext(ucontext_t *ucp, void (*func)(void), int argc, ...);
int swapcontext(ucontext_t *oucp, const ucontext_t *ucp);

#endif
