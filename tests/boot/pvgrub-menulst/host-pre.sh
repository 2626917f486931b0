# pvgrub-menulst's disk: mkdisk.sh's legacy-GRUB disk (mk_stage_menulst,
# mk_disk_menulst): MBR with a primary, an extended and a logical
# partition; ext3 on the logical one, (hd0,msdos5) = legacy GRUB's
# (hd0,4), holding Debian's kernel and the rig guest's initramfs in /boot
# and a legacy /boot/grub/menu.lst.  Its default is entry 1; entry 0
# would boot the guest with rigmode=fail, so booting the wrong one fails
# the scenario.
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
stage=$WORKDIR/root
mk_stage_menulst "$stage"
# GRUB's pvgrub2 only looks for grub.cfg: for tools/pvgrub/validate a
# grub.cfg that hands over to its legacy parser.
if mk_validating; then
	printf 'insmod legacycfg\nlegacy_configfile /boot/grub/menu.lst\n' >"$stage/boot/grub/grub.cfg"
fi
mk_disk_menulst menulst "$stage"
mk_cleanup
sfdisk -l "$OUT/disk.img"
