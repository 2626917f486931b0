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
 * Assembled with --defsym KEY=1 (bootsector-key.img), it prints
 * "HVM-BOOTSECTOR: waiting for a key", polls the PS/2 controller until a
 * byte arrives (interrupts stay off: the byte waits in the controller's
 * output buffer), prints "HVM-BOOTSECTOR: key pressed" and only then
 * powers off: tests/boot/qmp presses it through QEMU's monitor.
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
	call	print
.ifdef KEY
key:
	in	$0x64, %al		/* controller status */
	test	$0x01, %al		/* output buffer full */
	jz	key
	in	$0x60, %al		/* take the byte */
	mov	$msg_key, %si
	call	print
.endif
	jmp	off

/* Prints the string at %si on the 16550. */
print:
	lodsb
	test	%al, %al
	jz	done
	mov	%al, %bl
	mov	$0x3fd, %dx		/* line status register */
wait:
	in	%dx, %al
	test	$0x20, %al		/* THR empty */
	jz	wait
	mov	$0x3f8, %dx
	mov	%bl, %al
	out	%al, %dx
	jmp	print
done:
	ret

off:
	mov	$0xb004, %dx
	mov	$0x2000, %ax		/* SLP_EN | SLP_TYP=0 */
	out	%ax, %dx
halt:
	hlt
	jmp	halt

.ifdef KEY
msg:
	.asciz	"HVM-BOOTSECTOR: waiting for a key\r\n"
msg_key:
	.asciz	"HVM-BOOTSECTOR: key pressed\r\n"
.else
msg:
	.asciz	"HVM-BOOTSECTOR: hello from the boot sector\r\n"
.endif

	.org	510
	.byte	0x55, 0xaa
