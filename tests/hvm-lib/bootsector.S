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
 * Before its line it pokes I/O ports that no device decodes (issue 11,
 * point 6: a guest touching unknown ports): a write to each is dropped,
 * and a read of 1, 2 or 4 bytes must come back all ones, as from an
 * empty ISA bus.  Xen hands those accesses to the device model, so with
 * a stub domain it is QEMU there that answers.  A port that reads back
 * anything else gets "VERDICT: FAIL ..." instead of the line, then the
 * same poweroff.
 *
 * Assembled with --defsym KEY=1 (bootsector-key.img), it prints
 * "HVM-BOOTSECTOR: waiting for a key", waits for one with the BIOS
 * (int 16h, AH=0: SeaBIOS halts until the PS/2 keyboard's interrupt
 * brings a key, so the wait costs no device-model round trips, unlike
 * polling the controller's status port), prints "HVM-BOOTSECTOR: key
 * pressed" and only then powers off: tests/boot/qmp presses it through
 * QEMU's monitor.
 *
 * Assembled with --defsym LOOP=1 (bootsector-loop.img, tests/boot/
 * hvm-lifecycle), it prints "HVM-BOOTSECTOR: reading" and then reads its
 * disk for ever, one sector per BIOS call (int 13h), a dot on the serial
 * port per 32 reads, watching the ACPI PM1a status register at 0xb000
 * (Xen's own, no device-model round trip): the power button (`xl
 * shutdown -F`) prints "HVM-BOOTSECTOR: power button" and powers off;
 * the sleep button (`xl trigger NAME sleep`) prints "HVM-BOOTSECTOR:
 * sleep button: resetting" and resets the machine through the PIIX3's
 * reset control register 0xcf9, which QEMU turns into a reboot of the
 * domain (Xen 4.17 has no reset trigger for `xl reboot -F`).
 *
 * With --defsym SPIN=1 as well (bootsector-spin.img), it prints
 * "HVM-BOOTSECTOR: running" and, instead of reading, counts down a delay
 * loop between dots: the same buttons and dots with no disk I/O at all
 * (hvm-lifecycle's second guest, whose reads made the rig's dom0
 * processes crash, see README "Flakiness").
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
	call	probe
	mov	$msg, %si
	call	print
.ifdef KEY
	xor	%ah, %ah		/* read a key, waiting for it */
	int	$0x16
	mov	$msg_key, %si
	call	print
.endif
.ifdef LOOP
	xor	%ax, %ax
	mov	%ax, %es
	xor	%bp, %bp
read_next:
.ifdef SPIN
	mov	$0x0800, %cx		/* a delay instead of a read */
spin:
	push	%cx
	xor	%cx, %cx
1:	loop	1b
	pop	%cx
	loop	spin
.else
	mov	$0x0201, %ax		/* read 1 sector */
	mov	$0x8000, %bx		/* to 0:8000 */
	mov	%bp, %cx
	and	$0x0f, %cx
	inc	%cx			/* cylinder 0, sector 1..16 */
	mov	$0x0080, %dx		/* head 0, the first disk */
	int	$0x13
.endif
	inc	%bp
	test	$0x1f, %bp
	jnz	buttons
	mov	$msg_dot, %si
	call	print
buttons:
	mov	$0xb000, %dx		/* PM1a_STS */
	in	%dx, %ax
	test	$0x0100, %ax		/* PWRBTN_STS */
	jnz	power
	test	$0x0200, %ax		/* SLPBTN_STS */
	jz	read_next
	out	%ax, %dx		/* write 1s: clear */
	mov	$msg_reset, %si
	call	print
	mov	$0xcf9, %dx		/* reset control: SYS_RST | RST_CPU */
	mov	$0x06, %al
	out	%al, %dx
	jmp	halt
power:
	out	%ax, %dx
	mov	$msg_power, %si
	call	print
.endif
	jmp	off

/* Writes then reads each port of unknown_ports (nothing below 0xc000,
 * where hvmloader starts PCI I/O BARs, is decoded there); on the first
 * read that is not all ones, prints the failure and powers off. */
probe:
	mov	$unknown_ports, %si
probe_next:
	lodsw
	test	%ax, %ax
	jz	probe_wide
	mov	%ax, %dx
	mov	$0x5a, %al
	out	%al, %dx
	in	%dx, %al
	cmp	$0xff, %al
	jne	probe_bad
	jmp	probe_next
probe_wide:
	mov	$0x1234, %dx
	mov	$0xa55a, %ax
	out	%ax, %dx
	in	%dx, %ax
	cmp	$0xffff, %ax
	jne	probe_bad
	mov	$0x7ff0, %dx
	mov	$0x12345678, %eax
	out	%eax, %dx
	in	%dx, %eax
	cmp	$0xffffffff, %eax
	jne	probe_bad
	ret
probe_bad:
	mov	$msg_bad, %si
	call	print
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

unknown_ports:
	.word	0x0200, 0x0333, 0x1234, 0x7ff0, 0xbff8, 0
msg_bad:
	.asciz	"VERDICT: FAIL boot sector: an unknown I/O port did not read as all ones\r\n"

.ifdef LOOP
msg:
.ifdef SPIN
	.asciz	"HVM-BOOTSECTOR: running\r\n"
.else
	.asciz	"HVM-BOOTSECTOR: reading\r\n"
.endif
msg_dot:
	.asciz	"."
msg_power:
	.asciz	"\r\nHVM-BOOTSECTOR: power button\r\n"
msg_reset:
	.asciz	"\r\nHVM-BOOTSECTOR: sleep button: resetting\r\n"
.else
.ifdef KEY
msg:
	.asciz	"HVM-BOOTSECTOR: waiting for a key\r\n"
msg_key:
	.asciz	"HVM-BOOTSECTOR: key pressed\r\n"
.else
msg:
	.asciz	"HVM-BOOTSECTOR: hello from the boot sector\r\n"
.endif
.endif

	.org	510
	.byte	0x55, 0xaa
