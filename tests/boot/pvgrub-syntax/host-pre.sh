# pvgrub-syntax's disk (pvgrub-menulst's, plus a broken grub.cfg): MBR with a primary, an extended and a logical
# partition; ext3 (1 KiB blocks, as mke2fs makes small ones) on the
# logical one, (hd0,msdos5) = legacy GRUB's (hd0,4), holding Debian's
# kernel and the rig guest's initramfs in /boot and a legacy
# /boot/grub/menu.lst.  Its default is entry 1 (the second, counted from
# 0); entry 0 would boot the guest with rigmode=fail, so booting the
# wrong one fails the scenario.
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
stage=$WORKDIR/root
mk_stage_debian "$stage"
cat >"$stage/boot/grub/menu.lst" <<MENU
# menu.lst for the pvgrub-menulst scenario (legacy GRUB syntax)
default		1
timeout		2
fallback	0

title		Debian GNU/Linux, kernel $KVER (wrong entry: rigmode=fail)
root		(hd0,4)
kernel		/boot/vmlinuz-$KVER root=/dev/xvda5 ro console=hvc0 rigmode=fail
initrd		/boot/initrd.img-$KVER

title		Debian GNU/Linux, kernel $KVER
root		(hd0,4)
kernel		/boot/vmlinuz-$KVER root=/dev/xvda5 ro console=hvc0 rigmode=pass
initrd		/boot/initrd.img-$KVER
MENU
# grub.cfg comes first in the search: a stray '}' on line 3.
printf '# pvgrub-syntax: a syntax error on line 3\nset timeout=2\n}\nmenuentry x {\n\tlinux /boot/vmlinuz\n}\n' >"$stage/boot/grub/grub.cfg"
r=$(mk_mbr_logical "$OUT/disk.img" 48)
read -r start n <<<"$r"
# the primary partition: a small ext2 with nothing to boot
mkdir -p "$WORKDIR/data"
echo "not a boot partition" >"$WORKDIR/data/README"
mk_ext "$OUT/disk.img" 2048 16384 ext2 "$(mk_uuid syntax-data)" data "$WORKDIR/data"
mk_ext "$OUT/disk.img" "$start" "$n" ext3 "$(mk_uuid syntax)" root "$stage"
mk_direct_ext "$OUT/disk.img" "$start" "/boot/vmlinuz-$KVER" "/boot/initrd.img-$KVER" "console=hvc0 rigmode=pass"
mk_cleanup
sfdisk -l "$OUT/disk.img"
