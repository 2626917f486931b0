# tests/hvm-lib/mkgrubdisk.sh - the Linux HVM scenarios' boot disk, made on
# the host without loop devices (sourced by tests/hvm-lib/host-pre.sh after
# tools/pvgrub/mkdisk.sh and mk_setup).
#
# mk_grub_bios_disk IMG MIB CMDLINE: an MBR disk of MIB MiB as a BIOS
# machine boots it: GRUB's boot.img in the MBR (the partition table kept),
# core.img (grub-mkimage, i386-pc: disk, msdos partitions, ext2, linux)
# in the gap after it from sector 1, and partition 1 (ext2, active, from
# 1 MiB) holding the rig's kernel and initramfs (gzip'd) and a grub.cfg that boots
# them at once with CMDLINE, GRUB's own output on the serial port.
# What grub-install does, without a device to install to: boot.img's
# kernel sector is already 1 (its default); core.img's first sector
# (diskboot.img) gets the length of the rest in its block list.

MKGRUB_DIR=/usr/lib/grub/i386-pc

mk_grub_bios_disk() {
	local img=$1 mib=$2 cmdline=$3 stage=$WORKDIR/grub-stage core=$WORKDIR/core.img
	local n start sectors
	[ -s "$MKGRUB_DIR/boot.img" ] && command -v grub-mkimage >/dev/null ||
		mk_die "GRUB's BIOS files are not installed (grub-pc-bin: tools/deps)"
	rm -rf "$stage"
	mkdir -p "$stage/boot/grub"
	cp "$BZIMAGE" "$stage/boot/vmlinuz"
	# gzip'd: a third of the bytes for SeaBIOS to read (4 MB -> 1.6 MB).
	gzip -9 -n -c "$INITRD" >"$stage/boot/initrd"
	cat >"$stage/boot/grub/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
set default=0
menuentry "rig guest (HVM)" {
	echo "GRUB: loading /boot/vmlinuz and /boot/initrd"
	linux /boot/vmlinuz $cmdline
	initrd /boot/initrd
}
EOF
	grub-mkimage -O i386-pc -o "$core" -p "(hd0,msdos1)/boot/grub" \
		biosdisk part_msdos ext2 normal configfile linux echo serial terminal test ||
		mk_die "grub-mkimage failed"
	n=$((($(stat -c %s "$core") + 511) / 512))
	[ "$n" -lt 2048 ] || mk_die "core.img is $n sectors: it does not fit before 1 MiB"
	# diskboot.img's block list: the rest of core.img, from sector 2.
	printf "$(printf '\\x%02x\\x%02x' $(((n - 1) & 255)) $(((n - 1) >> 8)))" |
		dd of="$core" bs=1 seek=$((0x1fc)) conv=notrunc status=none
	mk_sparse "$img" "$mib"
	printf 'label: dos\nlabel-id: 0x5eed0b10\nstart=2048, type=83, bootable\n' |
		sfdisk -q "$img" >/dev/null || mk_die "sfdisk failed"
	dd if="$MKGRUB_DIR/boot.img" of="$img" bs=440 count=1 conv=notrunc status=none
	dd if="$core" of="$img" bs=512 seek=1 conv=notrunc status=none
	read -r start sectors < <(mk_part_range "$img" 1)
	mk_ext "$img" "$start" "$sectors" ext2 "$(mk_uuid hvm-linux)" hvmboot "$stage"
	rm -rf "$stage" "$core"
}
