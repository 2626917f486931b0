# pvgrub-measured's disk and expected values: MBR, ext4 on (hd0,msdos1)
# holding Debian's kernel, the rig's TPM guest initramfs and a small
# hand-written /boot/grub/grub.cfg; then, independently of pvgrub, the
# events GRUB's tpm module would log for booting its one entry, and the
# PCR 8 and 9 values they give (each extend: PCR = SHA-256(PCR ||
# digest), from zero), computed from the files read back out of the
# disk image.
. "$ROOT/tools/pvgrub/mkdisk.sh"
mk_setup
[ -s "$RIG/guest-initrd-tpm" ] || mk_die "no $RIG/guest-initrd-tpm: run tools/rig/build"
uuid=$(mk_uuid measured)
dev=hd0,msdos1
kernel=/boot/vmlinuz-$KVER
initrd=/boot/initrd.img-$KVER
kopts="console=hvc0 rigmode=tpm rigtpm=pcrs"
stage=$WORKDIR/root
mkdir -p "$stage/boot/grub"
cp "$BZIMAGE" "$stage$kernel"
cp "$RIG/guest-initrd-tpm" "$stage$initrd"
cat >"$stage/boot/grub/grub.cfg" <<CFG
# pvgrub-measured: each command line run is measured into PCR 8
set default=0
set timeout=0
insmod part_msdos
insmod ext2
search --no-floppy --fs-uuid --set=root $uuid
set kopts="$kopts"
export kopts
menuentry 'Debian GNU/Linux, measured' --class debian {
	insmod gzio
	echo 'Loading Linux ...'
	linux $kernel root=/dev/xvda1 ro \$kopts
	initrd $initrd
}
CFG
mk_sparse "$OUT/disk.img" 64
printf 'label: dos\nlabel-id: 0x5eed0010\nstart=2048, type=83\n' |
	sfdisk -q "$OUT/disk.img" >/dev/null || mk_die "sfdisk failed"
read -r start n <<<"$(mk_part_range "$OUT/disk.img" 1)"
mk_ext "$OUT/disk.img" "$start" "$n" ext4 "$uuid" root "$stage" -b 4096

# What GRUB measures, in order, per PCR (the grub_cmd lines are the
# config's command lines after expansion; menuentry is no command).
back=$WORKDIR/back
mkdir -p "$back"
mk_dump_ext "$OUT/disk.img" "$start" /boot/grub/grub.cfg "$back/grub.cfg"
mk_dump_ext "$OUT/disk.img" "$start" "$kernel" "$back/kernel"
mk_dump_ext "$OUT/disk.img" "$start" "$initrd" "$back/initrd"
cmdline="$kernel root=/dev/xvda1 ro $kopts"
{
	echo "9 file ($dev)/boot/grub/grub.cfg|$back/grub.cfg"
	for c in "set default=0" "set timeout=0" "insmod part_msdos" \
		"insmod ext2" "search --no-floppy --fs-uuid --set=root $uuid" \
		"set kopts=$kopts" "export kopts" "insmod gzio" \
		"echo Loading Linux ..." "linux $cmdline"; do
		echo "8 grub_cmd: $c"
	done
	echo "9 file ($dev)$kernel|$back/kernel"
	echo "8 kernel_cmdline: $cmdline"
	echo "8 grub_cmd: initrd $initrd"
	echo "9 file ($dev)$initrd|$back/initrd"
} >"$WORKDIR/events"
pcr8=$(printf '%064d' 0) pcr9=$pcr8
: >"$OUT/expected.events"
while IFS= read -r ev; do
	pcr=${ev%% *} desc=${ev#* }
	case "$desc" in
	"file "*) d=$(sha256sum <"${desc#*|}" | cut -c1-64); desc=${desc%%|*} ;;
	grub_cmd:*) d=$(printf '%s' "${desc#grub_cmd: }" | sha256sum | cut -c1-64) ;;
	kernel_cmdline:*) d=$(printf '%s' "${desc#kernel_cmdline: }" | sha256sum | cut -c1-64) ;;
	esac
	echo "pcr $pcr sha256 $d $desc" >>"$OUT/expected.events"
	if [ "$pcr" = 8 ]; then
		pcr8=$(printf '%s%s' "$pcr8" "$d" | xxd -r -p | sha256sum | cut -c1-64)
	else
		pcr9=$(printf '%s%s' "$pcr9" "$d" | xxd -r -p | sha256sum | cut -c1-64)
	fi
done <"$WORKDIR/events"
printf 'pcr 8 %s\npcr 9 %s\n' "$pcr8" "$pcr9" >"$OUT/expected.pcrs"
mk_cleanup
cat "$OUT/expected.events" "$OUT/expected.pcrs"
