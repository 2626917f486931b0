/*
 * kexec_tramp.S - the last instructions of a kexec (arch/x86/kexec.c).
 *
 * Copied to offset 0 of a page that the old and the new page tables both
 * map at the same address, with its data (struct tramp_data) at offset
 * TRAMP_DATA; it runs with events masked and no trap table.  One
 * mmuext_op hypercall switches to the new L4 and unpins the old one (Xen
 * reads the second op after the switch, through the new tables: hence
 * the shared page).  Nothing else of the old address space is touched:
 * the hypercall is a bare `syscall` (the PV ABI the hypercall page's
 * stubs use), not a call into our hypercall page, and no stack is used
 * until the new boot stack is loaded.  Then the registers are what Xen's
 * domain builder gives a new vCPU: rsi = start_info, rsp = top of the
 * boot stack, the rest zero.  A failure stops at ud2, which with no trap
 * table crashes the domain (Xen logs why).
 */
#define TRAMP_DATA	0x800	/* keep in step with kexec.c */
#define HYPERCALL_MMUEXT_OP 26
#define DOMID_SELF	0x7ff0
#define D_ENTRY		48	/* offsets in struct tramp_data */
#define D_RSP		56
#define D_RSI		64

	.section .text.kexec_tramp, "ax"
	.globl kexec_tramp_start, kexec_tramp_end
	.balign 16
kexec_tramp_start:
.Lstart:
	leaq	.Lstart+TRAMP_DATA(%rip), %rbx
	movq	%rbx, %rdi		/* ops[2] */
	movl	$2, %esi
	xorl	%edx, %edx		/* no done count */
	movl	$DOMID_SELF, %r10d
	movl	$HYPERCALL_MMUEXT_OP, %eax
	syscall
	testq	%rax, %rax
	jnz	1f
	movq	D_RSP(%rbx), %rsp
	movq	D_RSI(%rbx), %rsi
	pushq	D_ENTRY(%rbx)
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	ret
1:	ud2
kexec_tramp_end:
