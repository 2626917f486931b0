/*
 * tests/hvm-lib/bootsector.S: the smallest HVM guest, a boot sector.
 * SeaBIOS loads it at 0:7c00 from the guest's first disk; it writes one
 * line to the emulated 16550 at 0x3f8 (waiting for the transmit holding
 * register to empty before each byte) and powers the domain off with an
 * ACPI S5 request: SLP_EN with SLP_TYP 0 (Xen's DSDT gives _S5 as 0) in
 * PM1a_CNT, at 0xb004 where hvmloader puts the PIIX4 PM block.  QEMU
 * turns that into a poweroff of the domain.  If the request does nothing
 * it halts, and the scenario fails on its timeout.
 *
 * Built on the host by tests/hvm-lib/host-pre.sh (as, ld --oformat binary).
 */
	.code16
	.text
	.globl _start
_start:
	cli
	xor	%ax, %ax
	mov	%ax, %ds
	mov	%ax, %ss
	mov	$0x7c00, %sp
	cld
	mov	$msg, %si
next:
	lodsb
	test	%al, %al
	jz	off
	mov	%al, %bl
	mov	$0x3fd, %dx		/* line status register */
wait:
	in	%dx, %al
	test	$0x20, %al		/* THR empty */
	jz	wait
	mov	$0x3f8, %dx
	mov	%bl, %al
	out	%al, %dx
	jmp	next
off:
	mov	$0xb004, %dx
	mov	$0x2000, %ax		/* SLP_EN | SLP_TYP=0 */
	out	%ax, %dx
halt:
	hlt
	jmp	halt

msg:
	.asciz	"HVM-BOOTSECTOR: hello from the boot sector\r\n"

	.org	510
	.byte	0x55, 0xaa
