/*
 * ucontext.c - getcontext, setcontext, swapcontext, makecontext for
 * x86-64 (see include/ucontext.h), which newlib lacks: QEMU's coroutines
 * (coroutine-ucontext.c) start each coroutine with makecontext() and
 * swapcontext().
 *
 * A context holds what a function call must preserve (rbx, rbp, r12-r15,
 * the stack pointer, the SSE and x87 control words) plus where to go on.
 * getcontext() saves its caller's state so that setcontext() makes
 * getcontext() return 0 a second time.  makecontext() points rip at func
 * and rsp at uc_stack's top, where the return address is ctx_start below
 * and any arguments past the sixth follow it; the first six go in the
 * argument registers, which setcontext() loads too.  uc_link rides in
 * rbx, which func must preserve, so ctx_start finds it when func returns.
 * domlet threads are found through a global, not through the stack
 * pointer, so a context may run on any memory, a malloc'd stack included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <ucontext.h>

/* The assembly below hard-codes these offsets. */
#define MC 40 /* offsetof(ucontext_t, uc_mcontext) */
_Static_assert(offsetof(ucontext_t, uc_mcontext) == MC, "uc_mcontext");
_Static_assert(offsetof(mcontext_t, mxcsr) == NGREG * 8, "mxcsr");
_Static_assert(offsetof(mcontext_t, fpucw) == NGREG * 8 + 4, "fpucw");
_Static_assert(REG_RSP == 6 && REG_RIP == 7 && REG_RDI == 8 && REG_R9 == 13,
	       "register indices");

/* rdi = the context to fill: saves the caller's state (rsp as it will be
 * after the return, rip = the return address). */
#define SAVE_CALLER                                                            \
	"	movq %rbx, 40(%rdi)\n"                                               \
	"	movq %rbp, 48(%rdi)\n"                                               \
	"	movq %r12, 56(%rdi)\n"                                               \
	"	movq %r13, 64(%rdi)\n"                                               \
	"	movq %r14, 72(%rdi)\n"                                               \
	"	movq %r15, 80(%rdi)\n"                                               \
	"	leaq 8(%rsp), %rax\n"                                                \
	"	movq %rax, 88(%rdi)\n"                                               \
	"	movq (%rsp), %rax\n"                                                 \
	"	movq %rax, 96(%rdi)\n"                                               \
	"	stmxcsr 152(%rdi)\n"                                                 \
	"	fnstcw 156(%rdi)\n"

__asm__(".text\n"
	".globl getcontext\n"
	".type getcontext, @function\n"
	".p2align 4\n"
	"getcontext:\n" SAVE_CALLER "	xorl %eax, %eax\n"
	"	ret\n"
	".size getcontext, .-getcontext\n"

	".globl setcontext\n"
	".type setcontext, @function\n"
	".p2align 4\n"
	"setcontext:\n"
	"	ldmxcsr 152(%rdi)\n"
	"	fldcw 156(%rdi)\n"
	"	movq 40(%rdi), %rbx\n"
	"	movq 48(%rdi), %rbp\n"
	"	movq 56(%rdi), %r12\n"
	"	movq 64(%rdi), %r13\n"
	"	movq 72(%rdi), %r14\n"
	"	movq 80(%rdi), %r15\n"
	"	movq 88(%rdi), %rsp\n"
	"	movq 96(%rdi), %r11\n"
	"	movq 112(%rdi), %rsi\n"
	"	movq 120(%rdi), %rdx\n"
	"	movq 128(%rdi), %rcx\n"
	"	movq 136(%rdi), %r8\n"
	"	movq 144(%rdi), %r9\n"
	"	movq 104(%rdi), %rdi\n"
	"	xorl %eax, %eax\n"
	"	jmp *%r11\n"
	".size setcontext, .-setcontext\n"

	".globl swapcontext\n"
	".type swapcontext, @function\n"
	".p2align 4\n"
	"swapcontext:\n" SAVE_CALLER "	movq %rsi, %rdi\n"
	"	jmp setcontext\n"
	".size swapcontext, .-swapcontext\n"

	/* func returned: rsp is 16-byte aligned here, rbx = uc_link. */
	".type domlet_ctx_start, @function\n"
	".p2align 4\n"
	"domlet_ctx_start:\n"
	"	testq %rbx, %rbx\n"
	"	jz 1f\n"
	"	movq %rbx, %rdi\n"
	"	call setcontext\n"
	"1:	xorl %edi, %edi\n"
	"	call exit\n"
	"	ud2\n"
	".size domlet_ctx_start, .-domlet_ctx_start\n");

void domlet_ctx_start(void);

void makecontext(ucontext_t *ucp, void (*func)(void), int argc, ...)
{
	static const int argreg[6] = {REG_RDI, REG_RSI, REG_RDX,
				      REG_RCX, REG_R8,	REG_R9};
	greg_t *g = ucp->uc_mcontext.gregs;
	unsigned long top =
	    ((unsigned long)ucp->uc_stack.ss_sp + ucp->uc_stack.ss_size) &
	    ~15UL;
	int nstack = argc > 6 ? argc - 6 : 0;
	/* The stack arguments start 16-byte aligned, as at a call; below
	 * them the return address, so func starts with rsp = 8 mod 16. */
	unsigned long *sp =
	    (unsigned long *)((top - 8UL * (unsigned long)nstack) & ~15UL) - 1;
	va_list ap;

	/* Read as 64 bits, as glibc does: int arguments reach func intact
	 * and code that passes pointers keeps working. */
	va_start(ap, argc);
	for (int i = 0; i < argc; i++) {
		unsigned long v = va_arg(ap, unsigned long);
		if (i < 6)
			g[argreg[i]] = v;
		else
			sp[1 + i - 6] = v;
	}
	va_end(ap);
	sp[0] = (unsigned long)domlet_ctx_start;
	g[REG_RSP] = (greg_t)sp;
	g[REG_RIP] = (greg_t)func;
	g[REG_RBX] = (greg_t)ucp->uc_link;
}
