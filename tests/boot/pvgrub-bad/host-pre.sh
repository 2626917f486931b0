# pvgrub-bad's disks: every bad input of issue 9 point 7 (see the
# scenario file for the list).  xvda: GPT + ext4 with the bad kernels,
# a broken second config and a last entry that opens a good one.  xvdb: MBR whose
# partition 1 is an ext4 with an impossible block size in its superblock
# and whose partition 2 runs past the end of the (truncated) disk.
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
uuid=$(mk_uuid bad)
stage=$WORKDIR/root
mk_stage_debian "$stage"
b=$stage/boot
size=$(stat -c %s "$BZIMAGE")
# 1: the bzImage cut in half
head -c $((size / 2)) "$BZIMAGE" >"$b/bad-truncated"
# 2: 64 KiB of garbage in the middle of the payload (fixed bytes, so the
#    disk is the same every time)
cp "$BZIMAGE" "$b/bad-corrupt"
head -c 65536 < <(yes 'pvgrub corrupt payload') |
	dd of="$b/bad-corrupt" bs=64k seek=$((size / 2)) oflag=seek_bytes conv=notrunc status=none
# 3: a 64-bit ELF without Xen notes; 4: one with notes and 512 MiB of bss
#    (the domain has 256)
gcc -DNO_NOTES -DBSS_MB=1 -nostdlib -static -no-pie -Wl,-Ttext-segment=0xffffffff80000000 \
	-Wl,--build-id=none -o "$b/bad-nonotes" "$OUT/tiny.S"
gcc -DBSS_MB=512 -nostdlib -static -no-pie -Wl,-Ttext-segment=0xffffffff80000000 \
	-Wl,--build-id=none -o "$b/bad-toobig" "$OUT/tiny.S"
# 6: a second config with a syntax error on line 3
cat >"$b/grub/broken.cfg" <<'CFG'
# pvgrub-bad: this file has a syntax error on line 3
set timeout=5
}
menuentry 'never shown' {
	linux /boot/vmlinuz
}
CFG
entry() { # TITLE BODY...
	local t=$1
	shift
	printf "menuentry '%s' {\n" "$t"
	printf '\t%s\n' "$@"
	printf '}\n'
}
k=/boot/vmlinuz-$KVER
i=/boot/initrd.img-$KVER
args="root=UUID=$uuid ro console=hvc0 rigmode=pass"
{
	echo '# pvgrub-bad: entries 1-8 are bad, 9 is good'
	echo 'set default=8'
	echo 'set timeout=60'
	echo "search --no-floppy --fs-uuid --set=root $uuid"
	entry "1 truncated kernel" "linux /boot/bad-truncated $args" "initrd $i"
	entry "2 corrupt kernel" "linux /boot/bad-corrupt $args" "initrd $i"
	entry "3 kernel without Xen notes" "linux /boot/bad-nonotes $args"
	entry "4 kernel too big for memory" "linux /boot/bad-toobig $args"
	entry "5 missing initrd" "linux $k $args" "initrd /boot/initrd.img-missing"
	entry "6 config with a syntax error" "configfile /boot/grub/broken.cfg"
	entry "7 corrupt superblock" "linux (hd1,msdos1)$k $args" "initrd (hd1,msdos1)$i"
	entry "8 partition past the disk end" "linux (hd1,msdos2)$k $args" "initrd (hd1,msdos2)$i"
	entry "9 good, through another config" "configfile /boot/grub/more.cfg"
} >"$b/grub/grub.cfg"
# 9: the good entry is in another config, whose menu replaces the first
{
	echo '# pvgrub-bad: opened by entry 9 of grub.cfg'
	echo 'set timeout=1'
	echo "search --no-floppy --fs-uuid --set=root $uuid"
	entry "good" "linux $k ${args/rigmode=pass/rigmode=cmdline} pvgrubcfg=more" "initrd $i"
} >"$b/grub/more.cfg"
r=$(mk_gpt_debian "$OUT/disk.img" 48)
read -r start n <<<"$r"
mk_ext "$OUT/disk.img" "$start" "$n" ext4 "$uuid" root "$stage" -b 4096

# xvdb: partition 1 (16 MiB) a real ext4 holding the kernel, then its
# superblock's s_log_block_size (offset 24) set to 20 (a 1 GiB block);
# partition 2 from 17 MiB to 64 MiB, then the disk cut to 32 MiB.
mk_sparse "$OUT/disk2.img" 64
printf 'label: dos\nlabel-id: 0x5eed0bad\nstart=2048, size=32768, type=83\nstart=34816, type=83\n' |
	sfdisk -q "$OUT/disk2.img" >/dev/null || mk_die "sfdisk failed"
mkdir -p "$WORKDIR/d2/boot"
cp "$BZIMAGE" "$WORKDIR/d2/boot/vmlinuz-$KVER"
cp "$INITRD" "$WORKDIR/d2/boot/initrd.img-$KVER"
mk_ext "$OUT/disk2.img" 2048 32768 ext4 "$(mk_uuid bad-2)" broken "$WORKDIR/d2"
printf '\x14\x00\x00\x00' | dd of="$OUT/disk2.img" bs=1 seek=$((2048 * 512 + 1024 + 24)) conv=notrunc status=none
truncate -s 32M "$OUT/disk2.img"
mk_direct_ext "$OUT/disk.img" "$start" "/boot/vmlinuz-$KVER" "/boot/initrd.img-$KVER" "console=hvc0 rigmode=pass"
mk_cleanup
ls -ls "$OUT"/disk*.img
