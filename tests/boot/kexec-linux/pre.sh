# xvda: the KEXECTEST header (apps/kexectest/main.c), the rig guest's
# kernel as an uncompressed ELF at 1 MiB and its initramfs after it, on a
# 1 MiB boundary, with the command line Linux gets.  dom0's /tmp is a
# small tmpfs: the kernel is unpacked straight into the image (its
# length is the image's size less 1 MiB), and post.sh removes the image.
set -e
cmdline="console=hvc0 rigmode=pass"
initrd=/share/images/guest-initrd
img="$WORK/disk.img"
gunzip -c /share/images/guest-vmlinux.gz |
	dd of="$img" bs=1M seek=1 2>/dev/null
klen=$(( $(stat -c %s "$img") - 1048576 ))
mlen=$(stat -c %s "$initrd")
moff_mib=$(( (klen + 1048575) / 1048576 + 1 ))
printf "KEXECTEST %d %d %d\n%s\n" "$klen" $((moff_mib * 1048576)) "$mlen" \
	"$cmdline" | dd of="$img" conv=notrunc 2>/dev/null
dd if="$initrd" of="$img" bs=1M seek=$moff_mib conv=notrunc 2>/dev/null
# Whole sectors: the image ends on a 1 MiB boundary.
dd if=/dev/zero of="$img" bs=1M count=1 \
	seek=$((moff_mib + (mlen + 1048575) / 1048576)) conv=notrunc 2>/dev/null
ls -l "$img"
