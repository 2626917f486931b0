/*
 * entry.S - how control arrives from Xen (exceptions, the event upcall)
 * and how it goes back, plus the cooperative context switch.
 *
 * A 64-bit PV guest kernel runs in ring 3.  Xen delivers an exception or
 * the event upcall by writing a "bounce frame" on the current stack:
 *     rcx, r11, [error code], rip, cs, rflags, rsp, ss
 * rcx and r11 are the interrupted values (Xen's own return path uses
 * syscall/sysret, which clobbers them).  We rebuild a uniform frame
 * (struct trapframe in arch/x86/include/arch/trap.h): general registers,
 * vector, error code (0 when the CPU pushes none), then the iret frame.
 *
 * Return is always through HYPERVISOR_iret, never a native iretq: the
 * hypercall restores the event mask from the saved RFLAGS.IF and returns
 * to the guest in one step, and if events became pending while they were
 * masked Xen delivers the upcall right there.  That closes the race of
 * unmasking in guest code and then returning (an event landing between
 * the two would wait until the next hypercall), which Mini-OS handles with
 * a "critical region" fixup; the price is one hypercall per return.
 */
#include <xen/xen.h>

.macro SAVE_GPRS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro RESTORE_GPRS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
.endm

/* Entry without a CPU error code: push 0 in its place. */
.macro TRAP_NOERR name, vec
	.globl \name
\name:
	movq	(%rsp), %rcx
	movq	8(%rsp), %r11
	addq	$16, %rsp
	pushq	$0
	pushq	$\vec
	jmp	trap_common
.endm

.macro TRAP_ERR name, vec
	.globl \name
\name:
	movq	(%rsp), %rcx
	movq	8(%rsp), %r11
	addq	$16, %rsp
	pushq	$\vec
	jmp	trap_common
.endm

	.text
TRAP_NOERR trap_divide_error, 0
TRAP_NOERR trap_debug, 1
TRAP_NOERR trap_int3, 3
TRAP_NOERR trap_overflow, 4
TRAP_NOERR trap_bounds, 5
TRAP_NOERR trap_invalid_op, 6
TRAP_NOERR trap_device_na, 7
TRAP_NOERR trap_coproc_overrun, 9
TRAP_ERR   trap_invalid_tss, 10
TRAP_ERR   trap_segment_np, 11
TRAP_ERR   trap_stack_fault, 12
TRAP_ERR   trap_gp_fault, 13
TRAP_ERR   trap_page_fault, 14
TRAP_NOERR trap_fpu_error, 16
TRAP_ERR   trap_alignment, 17
TRAP_NOERR trap_machine_check, 18
TRAP_NOERR trap_simd_error, 19
/* The event upcall arrives with the same frame as an exception. */
TRAP_NOERR hypervisor_callback, 256

trap_common:
	SAVE_GPRS
	movq	%rsp, %rdi
	movq	%rsp, %rbx		/* callee-saved: survives the call */
	andq	$-16, %rsp		/* ABI alignment whatever Xen gave us */
	call	trap_dispatch
	movq	%rbx, %rsp
	RESTORE_GPRS
	addq	$16, %rsp		/* vector, error code */
	/* iret_context = rax r11 rcx flags rip cs rflags rsp ss: the stub
	 * pushes rcx, r11, rax; we push flags (0: not in a syscall). */
	pushq	$0
	jmp	hypercall_page + __HYPERVISOR_iret * 32

/*
 * Xen calls the failsafe callback when it cannot return to us (a bad
 * segment selector on iret).  Nothing here loads segments, so it means
 * corruption: report and crash.  Frame: rcx r11 ds es fs gs rip cs ...
 */
	.globl failsafe_callback
failsafe_callback:
	movq	(%rsp), %rcx
	movq	8(%rsp), %r11
	addq	$48, %rsp
	pushq	$0
	pushq	$257
	jmp	trap_common

/*
 * switch_context(&prev->sp, next_sp): save the callee-saved registers on
 * the current stack, store the stack pointer, load the next thread's and
 * return on its stack.  Everything else is caller-saved in the SysV ABI,
 * and the kernel uses no FPU/SSE state (-mgeneral-regs-only).
 */
	.globl switch_context
switch_context:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/* A new thread's first "return" lands here with fn in r12, arg in r13. */
	.globl thread_trampoline
thread_trampoline:
	xorl	%ebp, %ebp
	movq	%r13, %rdi
	call	*%r12
	movq	%rax, %rdi
	call	thread_exit
	ud2

/*
 * probe_read64(addr, &val): reads 8 bytes that may not be mapped.  If the
 * load faults, the page-fault handler finds probe_read64_insn in the
 * fixup table, reports the fault and resumes at probe_read64_fixup, so the
 * caller gets -EFAULT (-14) instead of a crash.
 */
	.globl probe_read64, probe_read64_insn, probe_read64_fixup
probe_read64:
probe_read64_insn:
	movq	(%rdi), %rax
	movq	%rax, (%rsi)
	xorl	%eax, %eax
	ret
probe_read64_fixup:
	movq	$-14, %rax
	ret

/* probe_write64(addr, val): the same for a store (W^X checks). */
	.globl probe_write64, probe_write64_insn
probe_write64:
probe_write64_insn:
	movq	%rsi, (%rdi)
	xorl	%eax, %eax
	ret
probe_write64_fixup:
	movq	$-14, %rax
	ret

	.pushsection .fixup_table, "a"
	.quad	probe_read64_insn, probe_read64_fixup
	.quad	probe_write64_insn, probe_write64_fixup
	.popsection
