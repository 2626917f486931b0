# xvda: the KEXECTEST header (apps/kexectest/main.c), the rig guest's
# kernel as an uncompressed ELF at 1 MiB and its initramfs after it, on a
# 1 MiB boundary, with the command line Linux gets.
set -e
cmdline="console=hvc0 rigmode=selftest rigip=10.99.0.4 rigpeer=10.99.0.1"
gunzip -c /share/images/guest-vmlinux.gz >"$WORK/vmlinux"
initrd=/share/images/guest-initrd
klen=$(stat -c %s "$WORK/vmlinux")
mlen=$(stat -c %s "$initrd")
moff_mib=$(( (klen + 1048575) / 1048576 + 1 ))
printf "KEXECTEST %d %d %d\n%s\n" "$klen" \
	$((moff_mib * 1048576)) "$mlen" "$cmdline" >"$WORK/disk.img"
dd if="$WORK/vmlinux" of="$WORK/disk.img" bs=1M seek=1 conv=notrunc 2>/dev/null
rm -f "$WORK/vmlinux"
dd if="$initrd" of="$WORK/disk.img" bs=1M seek=$moff_mib conv=notrunc 2>/dev/null
# Whole sectors: the image ends on a 1 MiB boundary.
dd if=/dev/zero of="$WORK/disk.img" bs=1M count=1 \
	seek=$((moff_mib + (mlen + 1048575) / 1048576)) conv=notrunc 2>/dev/null
ls -l "$WORK/disk.img"
