# pvgrub-menu's disk: as pvgrub-grubcfg's (GPT + ext4, Debian's
# grub-mkconfig), but without the submenu, so the menu has two entries:
# 1 "Debian GNU/Linux, with Linux KVER" (quiet) and 2 its recovery mode
# (single), both booting rigmode=cmdline; a 30 s timeout leaves dom0 time
# to type.
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
uuid=$(mk_uuid menu)
stage=$WORKDIR/root
mk_stage_debian "$stage"
mk_grub_mkconfig "$stage/boot" "$uuid" hd0,gpt2 ext2 'GRUB_TIMEOUT=30' \
	'GRUB_DISABLE_SUBMENU=y' 'GRUB_CMDLINE_LINUX="console=hvc0 rigmode=cmdline"' >"$stage/boot/grub/grub.cfg"
r=$(mk_gpt_debian "$OUT/disk.img" 48)
read -r start n <<<"$r"
mk_ext "$OUT/disk.img" "$start" "$n" ext4 "$uuid" root "$stage" -b 4096
mk_direct_ext "$OUT/disk.img" "$start" "/boot/vmlinuz-$KVER" "/boot/initrd.img-$KVER" "console=hvc0 rigmode=cmdline"
mk_cleanup
ls -ls "$OUT/disk.img"
