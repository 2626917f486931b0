# pvgrub-btrfs's disk: GPT as Debian's installer lays out a BIOS disk,
# partition 2 btrfs with the root tree in subvolume @ (Ubuntu's layout),
# every file zstd-compressed (compress-force), Debian's kernel and the
# rig guest's initramfs in /boot, and /boot/grub/grub.cfg from Debian's
# own grub-mkconfig (paths /@/boot/..., rootflags=subvol=@).  Partition
# 3, btrfs with lzo, holds a copy of the kernel and initrd in its
# subvolume "data" for a custom entry added to grub.cfg (id "lzo"), so
# both compressors and a search --fs-uuid onto another btrfs are read at
# boot.
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
uuid=$(mk_uuid btrfs)
uuid2=$(mk_uuid btrfs-lzo)
stage=$WORKDIR/root
mk_stage_debian "$stage"
mk_sparse "$OUT/disk.img" 320
sgdisk -o -n 1:2048:+1M -t 1:ef02 -c 1:bios -n 2:4096:+160M -t 2:8300 -c 2:root \
	-n 3:0:0 -t 3:8300 -c 3:spare "$OUT/disk.img" >/dev/null || mk_die "sgdisk failed"
custom="menuentry 'lzo copy' --id lzo {
	search --no-floppy --fs-uuid --set=root $uuid2
	linux /data/vmlinuz console=hvc0 rigmode=cmdline pvgrubcfg=lzo
	initrd /data/initrd.img
}"
MK_SUBVOL=@ mk_grub_mkconfig "$stage/boot" "$uuid" hd0,gpt2 btrfs \
	'GRUB_TIMEOUT=1' 'GRUB_CMDLINE_LINUX="console=hvc0 rigmode=cmdline pvgrubcfg=zstd"' \
	>"$stage/boot/grub/grub.cfg"
printf '%s\n' "$custom" >>"$stage/boot/grub/grub.cfg"
grep -q '/@/boot/vmlinuz' "$stage/boot/grub/grub.cfg" || mk_die "grub.cfg has no /@/boot paths"
read -r start n <<<"$(mk_part_range "$OUT/disk.img" 2)"
c=$(mk_btrfs "$OUT/disk.img" "$start" "$n" "$uuid" root "$stage" @ zstd)
echo "zstd partition: $c compressed extents"
[ "$c" -gt 0 ] || mk_die "no compressed extents in the zstd partition"
spare=$WORKDIR/spare
mkdir -p "$spare"
cp "$stage/boot/vmlinuz-$KVER" "$spare/vmlinuz"
cp "$stage/boot/initrd.img-$KVER" "$spare/initrd.img"
read -r start n <<<"$(mk_part_range "$OUT/disk.img" 3)"
c=$(mk_btrfs "$OUT/disk.img" "$start" "$n" "$uuid2" spare "$spare" data lzo)
echo "lzo partition: $c compressed extents"
[ "$c" -gt 0 ] || mk_die "no compressed extents in the lzo partition"
mk_cleanup
ls -ls "$OUT/disk.img"
