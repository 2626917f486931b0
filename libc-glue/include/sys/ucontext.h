/*
 * sys/ucontext.h - the user context types of ucontext.h, for x86-64
 * (newlib has none).  Only what a context switch inside one domain needs:
 * the System V callee-saved registers, the stack and instruction
 * pointers, the six integer argument registers makecontext() fills, and
 * the SSE/x87 control words.  domlet has no signals, so uc_sigmask is
 * kept for source compatibility and never applied.
 */
#ifndef DOMLET_SYS_UCONTEXT_H
#define DOMLET_SYS_UCONTEXT_H

#include <signal.h> /* stack_t, sigset_t */

/* Indices into mcontext_t.gregs (libc-glue/ucontext.c's assembly uses
 * the same numbers, times 8). */
enum {
	REG_RBX,
	REG_RBP,
	REG_R12,
	REG_R13,
	REG_R14,
	REG_R15,
	REG_RSP,
	REG_RIP,
	REG_RDI,
	REG_RSI,
	REG_RDX,
	REG_RCX,
	REG_R8,
	REG_R9,
	NGREG
};

typedef unsigned long greg_t;
typedef greg_t gregset_t[NGREG];

typedef struct {
	gregset_t gregs;
	unsigned int mxcsr;   /* SSE control and status */
	unsigned short fpucw; /* x87 control word */
} mcontext_t;

typedef struct ucontext {
	unsigned long uc_flags;
	struct ucontext
	    *uc_link; /* resumed when makecontext's function returns */
	stack_t uc_stack;
	mcontext_t uc_mcontext;
	sigset_t uc_sigmask;
} ucontext_t;

#endif
