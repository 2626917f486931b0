# pvgrub-formats's disk: GPT + ext4 (4 KiB blocks) on partition 2 with
# Debian's bzImage as it is (its payload is xz) and the ELF vmlinux taken
# out of it (scripts/extract-vmlinux's way) compressed whole in each
# format (tools/pvgrub/mkdisk.sh, mk_compress), named without a telling
# extension (pvgrub must go by magic), and a grub.cfg with one entry per
# file in MK_FORMATS order after the bzImage: entry 1 bzImage, 2 none,
# 3 gzip, 4 bzip2, 5 lzma, 6 xz, 7 lzo, 8 lz4 (frame), 9 lz4 legacy,
# 10 zstd.  Each entry boots rigmode=cmdline with pvgrubfmt=FORMAT, so
# the guest's CMDLINE line says which file it came from.
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
mk_vmlinux
uuid=$(mk_uuid formats)
stage=$WORKDIR/root
mk_stage_debian "$stage"
for f in $MK_FORMATS; do
	cp "$VMLINUX_DIR/vmlinux-$f" "$stage/boot/kernel-$f"
done
entry() { # TITLE ID KERNEL
	cat <<ENTRY
menuentry '$1' --class debian --id 'fmt-$2' {
	insmod gzio
	if [ x\$grub_platform = xxen ]; then insmod xzio; insmod lzopio; fi
	insmod part_gpt
	insmod ext2
	search --no-floppy --fs-uuid --set=root $uuid
	echo 'Loading $3 ...'
	linux $3 root=UUID=$uuid ro console=hvc0 rigmode=cmdline pvgrubfmt=$2
	initrd /boot/initrd.img-$KVER
}
ENTRY
}
{
	echo '# one entry per kernel format (tests/boot/pvgrub-formats)'
	echo 'set default=0'
	echo 'set timeout=5'
	entry "bzImage (xz payload, as Debian ships it)" bzimage "/boot/vmlinuz-$KVER"
	for f in $MK_FORMATS; do
		entry "vmlinux ELF, compression: $f" "$f" "/boot/kernel-$f"
	done
} >"$stage/boot/grub/grub.cfg"
mb=$(($(du -sm --apparent-size "$stage" | cut -f1) * 5 / 4 + 16))
r=$(mk_gpt_debian "$OUT/disk.img" "$mb")
read -r start n <<<"$r"
mk_ext "$OUT/disk.img" "$start" "$n" ext4 "$uuid" root "$stage" -b 4096
mk_direct_ext "$OUT/disk.img" "$start" "/boot/vmlinuz-$KVER" "/boot/initrd.img-$KVER" "console=hvc0 rigmode=cmdline pvgrubfmt=bzimage"
if mk_validating; then
	for f in $MK_FORMATS; do
		mk_dump_ext "$OUT/disk.img" "$start" "/boot/kernel-$f" "$OUT/kernel-$f"
	done
fi
mk_cleanup
ls -ls "$OUT/disk.img"
