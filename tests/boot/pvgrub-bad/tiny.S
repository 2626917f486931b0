/* A tiny 64-bit PV "kernel": Xen ELF notes (unless NO_NOTES) and a
 * .bss of BSS_MB MiB. */
#define NOTE(type, desc_asm, desc_len) \
	.balign 4; .long 4, desc_len, type; .asciz "Xen"; .balign 4; desc_asm; .balign 4
#ifndef NO_NOTES
	.section .note.Xen, "a", @note
	NOTE(6, .asciz "linux", 6)           /* GUEST_OS */
	NOTE(5, .asciz "xen-3.0", 8)         /* XEN_VERSION */
	NOTE(8, .asciz "generic", 8)         /* LOADER */
	NOTE(3, .quad 0xffffffff80000000, 8) /* VIRT_BASE */
	NOTE(4, .quad 0xffffffff80000000, 8) /* PADDR_OFFSET: p_paddr is the address */
	NOTE(1, .quad _start, 8)             /* ENTRY */
	NOTE(2, .quad hypercall_page, 8)     /* HYPERCALL_PAGE */
#endif
	.text
	.globl _start
_start:	jmp _start
	.balign 4096
hypercall_page:
	.skip 4096
	.bss
	.skip BSS_MB * 1024 * 1024
