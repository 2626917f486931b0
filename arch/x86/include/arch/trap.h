/*
 * trap.h - the frame entry.S builds for every exception and upcall, and
 * the arch-level entry points of arch/x86 (setup.c, traps.c, mm.c).
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdint.h>

struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

#define VECTOR_UPCALL	256
#define VECTOR_FAILSAFE 257

/* entry.S */
void switch_context(unsigned long *save_sp, unsigned long next_sp);
void thread_trampoline(void);

/* traps.c */
void traps_init(void);
void backtrace_from(uint64_t rbp, uint64_t rip);

#endif
