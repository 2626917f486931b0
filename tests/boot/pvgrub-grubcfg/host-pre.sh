# pvgrub-grubcfg's disk: GPT (BIOS boot partition 1, ext4 root on
# partition 2, as Debian's installer lays out a BIOS disk), Debian's
# kernel and the rig guest's initramfs in /boot with the /vmlinuz and
# /initrd.img symlinks, and /boot/grub/grub.cfg written by Debian's own
# grub-mkconfig (default entry 0 after a 2 s timeout).
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
uuid=$(mk_uuid grubcfg)
stage=$WORKDIR/root
mk_stage_debian "$stage"
mk_grub_mkconfig "$stage/boot" "$uuid" hd0,gpt2 ext2 \
	'GRUB_TIMEOUT=2' 'GRUB_CMDLINE_LINUX="console=hvc0 rigmode=pass"' >"$stage/boot/grub/grub.cfg"
r=$(mk_gpt_debian "$OUT/disk.img" 64)
read -r start n <<<"$r"
mk_ext "$OUT/disk.img" "$start" "$n" ext4 "$uuid" root "$stage" -b 4096
mk_direct_ext "$OUT/disk.img" "$start" "/boot/vmlinuz-$KVER" "/boot/initrd.img-$KVER" "console=hvc0 rigmode=pass"
mk_cleanup
ls -ls "$OUT/disk.img"
