# tools/pvgrub/bench-host-pre.sh: the disk of tools/bench-pvgrub (sourced
# by its scenarios' host-pre.sh; one cache for all of them).  As
# tests/boot/pvgrub-grubcfg's: GPT + ext4, Debian's xz bzImage and the
# rig guest's initramfs, grub.cfg from Debian's grub-mkconfig, but with
# GRUB_TIMEOUT=0 (no menu wait) and without `quiet`, so the booted
# Linux's first console line ("Linux version ...") comes early and is the
# same line in every boot compared.  Also the kernel and initrd copied
# out of the image for xl's direct boot (direct-kernel, direct-initrd,
# direct.cmdline: the grub.cfg entry's own command line).
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
uuid=$(mk_uuid bench)
stage=$WORKDIR/root
mk_stage_debian "$stage"
mk_grub_mkconfig "$stage/boot" "$uuid" hd0,gpt2 ext2 'GRUB_TIMEOUT=0' \
	'GRUB_CMDLINE_LINUX_DEFAULT=""' 'GRUB_CMDLINE_LINUX="console=hvc0 rigmode=pass"' >"$stage/boot/grub/grub.cfg"
cmdline=$(sed -n "s|^[[:space:]]*linux[[:space:]]*/boot/vmlinuz-$KVER ||p" "$stage/boot/grub/grub.cfg" | head -n 1)
[ -n "$cmdline" ] || mk_die "no linux line in the generated grub.cfg"
r=$(mk_gpt_debian "$OUT/disk.img" 48)
read -r start n <<<"$r"
mk_ext "$OUT/disk.img" "$start" "$n" ext4 "$uuid" root "$stage" -b 4096
mk_dump_ext "$OUT/disk.img" "$start" "/boot/vmlinuz-$KVER" "$OUT/direct-kernel"
mk_dump_ext "$OUT/disk.img" "$start" "/boot/initrd.img-$KVER" "$OUT/direct-initrd"
echo "$cmdline" >"$OUT/direct.cmdline"
mk_cleanup
echo "command line: $cmdline"
ls -ls "$OUT/disk.img"
