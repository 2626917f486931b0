# tests/hvm-lib/host-pre.sh: the host half of an HVM scenario's setup.
#
# A scenario's host-pre.sh runs it (`bash "$ROOT/tests/hvm-lib/host-pre.sh"`)
# to put into its share directory (OUT; $SCEN in dom0):
#   dom0-hvm.cpio.gz  QEMU (xen-qemu-system-i386), SeaBIOS, keymaps and
#                     option ROMs, unpacked into dom0 by hvm_dom0_tools
#   bootsector.img    a 1 MiB disk whose boot sector is bootsector.S
#   bootsector-key.img  the same, built with KEY: it waits for a key
#   bootsector-loop.img the same, built with LOOP: it reads its disk until
#                     the power or sleep button (hvm-lifecycle)
#   bootsector-spin.img the loop one with SPIN too: dots from a delay
#                     loop, no disk reads
#   vmlinuz           the rig's Debian kernel as a bzImage, for xl's
#                     direct kernel boot of an HVM guest (kernel=)
#   hvm-lib/          the dom0 helpers (. "$SCEN/hvm-lib/dom0.sh")
# and, with the argument `linux` (tests/boot/hvm-linux...):
#   linux-boot.img    64 MiB: GRUB in its MBR and gap, partition 1 (ext2)
#                     with the rig's kernel and initramfs booted with
#                     rigmode=hvm (tools/rig/guest-init), console ttyS0
#   data.img          16 MiB of zeros: the guest's second disk (hdb),
#                     which it writes and reads back
# (their HOST_PRE_INPUTS add tests/hvm-lib/mkgrubdisk.sh).
# Its scenario file names HOST_PRE_INPUTS="build/rig/dom0-hvm.cpio.gz
# tests/hvm-lib/bootsector.S tests/hvm-lib/dom0.sh tests/hvm-lib/host-pre.sh",
# so tools/rig/run's host-pre cache is renewed when any of them changes
# (the key already covers the rig's kernel).
set -eu
: "${ROOT:?}" "${RIG:?}" "${OUT:?}"
[ -s "$RIG/dom0-hvm.cpio.gz" ] || { echo "no $RIG/dom0-hvm.cpio.gz: run tools/rig/build"; exit 1; }
cp "$RIG/dom0-hvm.cpio.gz" "$RIG/vmlinuz" "$OUT/"
mkdir -p "$OUT/hvm-lib"
cp "$ROOT/tests/hvm-lib/dom0.sh" "$OUT/hvm-lib/"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# bootsector IMG [AS FLAGS]: a 1 MiB disk whose boot sector is bootsector.S
bootsector() {
	local img=$1 size
	shift
	as --32 "$@" -o "$tmp/bs.o" "$ROOT/tests/hvm-lib/bootsector.S"
	ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o "$tmp/bs.bin" "$tmp/bs.o"
	size=$(stat -c %s "$tmp/bs.bin")
	[ "$size" = 512 ] || { echo "boot sector is $size bytes, not 512"; exit 1; }
	rm -f "$OUT/$img"
	truncate -s 1M "$OUT/$img"
	dd if="$tmp/bs.bin" of="$OUT/$img" conv=notrunc status=none
}
bootsector bootsector.img
bootsector bootsector-key.img --defsym KEY=1
bootsector bootsector-loop.img --defsym LOOP=1
bootsector bootsector-spin.img --defsym LOOP=1 --defsym SPIN=1
ls -l "$OUT/dom0-hvm.cpio.gz" "$OUT/vmlinuz" "$OUT"/bootsector*.img
if [ "${1:-}" = linux ]; then
	. "$ROOT/tools/pvgrub/mkdisk.sh"
	. "$ROOT/tests/hvm-lib/mkgrubdisk.sh"
	mk_setup
	# quiet and pci=noearly: every byte on the emulated UART and every
	# early PCI config probe (the AGP aperture check) is an ioreq to
	# QEMU: without them the kernel spent 50 s in each and 76 s replaying
	# its log to ttyS0 on the rig.
	mk_grub_bios_disk "$OUT/linux-boot.img" 64 \
		"console=ttyS0 quiet pci=noearly rigmode=hvm rigip=10.99.0.2 rigpeer=10.99.0.1"
	mk_sparse "$OUT/data.img" 16
	mk_cleanup
	ls -l "$OUT/linux-boot.img" "$OUT/data.img"
fi
