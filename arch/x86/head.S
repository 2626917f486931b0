/*
 * head.S - the image's first bytes: the ELF notes Xen's PV domain builder
 * reads, the hypercall page it fills in, and _start.
 *
 * The builder maps the image at VIRT_BASE (= KERNEL_BASE) followed by the
 * p2m list, start_info, the xenstore and console pages, the boot page
 * tables and a boot stack, and enters _start with %rsi = start_info.  We
 * move to our own stack in .bss at once so the builder's boot stack page can
 * be recycled like any other free page.
 */
#include <arch/page.h>
#include <xen/elfnote.h>

#define XEN_NOTE(type, desc)                 \
	.pushsection .note.Xen, "a", @note;  \
	.balign 4;                           \
	.long 4;                             \
	.long 9002f - 9001f;                 \
	.long type;                          \
	.asciz "Xen";                        \
	.balign 4;                           \
9001:	desc;                                \
9002:	.balign 4;                           \
	.popsection

XEN_NOTE(XEN_ELFNOTE_GUEST_OS, .asciz "domlet")
XEN_NOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz "0.1")
XEN_NOTE(XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0")
XEN_NOTE(XEN_ELFNOTE_LOADER, .asciz "generic")
XEN_NOTE(XEN_ELFNOTE_VIRT_BASE, .quad KERNEL_BASE)
XEN_NOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad KERNEL_BASE)
XEN_NOTE(XEN_ELFNOTE_ENTRY, .quad _start)
XEN_NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)
XEN_NOTE(XEN_ELFNOTE_SUSPEND_CANCEL, .long 1)

	.section .text.entry, "ax"
	.globl _start
_start:
	cld
	leaq	boot_stack_top(%rip), %rsp
	xorl	%ebp, %ebp		/* ends every backtrace */
	movq	%rsi, %rdi
	call	arch_start		/* never returns */
	ud2

	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc		/* int3 until Xen writes the stubs */

	.section .bss.boot_stack, "aw", @nobits
	.balign 4096
	.globl boot_stack
boot_stack:
	.skip 36864		/* 4 KiB guard page, then 32 KiB */
	.globl boot_stack_top
boot_stack_top:
