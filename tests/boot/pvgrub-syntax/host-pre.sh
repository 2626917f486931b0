# pvgrub-syntax's disk: pvgrub-menulst's (mkdisk.sh's legacy-GRUB disk,
# mk_stage_menulst and mk_disk_menulst: the menu.lst's default boots
# rigmode=pass, entry 0 rigmode=fail), plus a /boot/grub/grub.cfg with a
# syntax error on line 3.
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
stage=$WORKDIR/root
mk_stage_menulst "$stage"
# grub.cfg comes first in the search: a stray '}' on line 3.
printf '# pvgrub-syntax: a syntax error on line 3\nset timeout=2\n}\nmenuentry x {\n\tlinux /boot/vmlinuz\n}\n' >"$stage/boot/grub/grub.cfg"
mk_disk_menulst syntax "$stage"
mk_cleanup
sfdisk -l "$OUT/disk.img"
