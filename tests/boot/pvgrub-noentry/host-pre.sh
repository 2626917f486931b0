# pvgrub-noentry's disk: GPT + ext4 with Debian's kernel and initramfs in
# /boot but no boot configuration anywhere (no grub.cfg, menu.lst or BLS
# entries): nothing to boot.
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
stage=$WORKDIR/root
mk_stage_debian "$stage"
rmdir "$stage/boot/grub"
r=$(mk_gpt_debian "$OUT/disk.img" 32)
read -r start n <<<"$r"
mk_ext "$OUT/disk.img" "$start" "$n" ext4 "$(mk_uuid noentry)" root "$stage"
mk_cleanup
ls -ls "$OUT/disk.img"
