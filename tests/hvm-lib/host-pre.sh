# tests/hvm-lib/host-pre.sh: the host half of an HVM scenario's setup.
#
# A scenario's host-pre.sh runs it (`bash "$ROOT/tests/hvm-lib/host-pre.sh"`)
# to put into its share directory (OUT; $SCEN in dom0):
#   dom0-hvm.cpio.gz  QEMU (xen-qemu-system-i386), SeaBIOS, keymaps and
#                     option ROMs, unpacked into dom0 by hvm_dom0_tools
#   bootsector.img    a 1 MiB disk whose boot sector is bootsector.S
#   bootsector-key.img  the same, built with KEY: it waits for a key
#   vmlinuz           the rig's Debian kernel as a bzImage, for xl's
#                     direct kernel boot of an HVM guest (kernel=)
#   hvm-lib/          the dom0 helpers (. "$SCEN/hvm-lib/dom0.sh")
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
ls -l "$OUT/dom0-hvm.cpio.gz" "$OUT/vmlinuz" "$OUT/bootsector.img" "$OUT/bootsector-key.img"
