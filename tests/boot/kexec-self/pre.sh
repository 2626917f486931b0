# xvda: the KEXECTEST header (apps/kexectest/main.c), kexectest.elf at
# 1 MiB and a 3 MB module after it, each on a 1 MiB boundary.
set -e
kernel=/share/images/kexectest.elf
printf 'kexec-module ' >"$WORK/unit"
yes "$(cat "$WORK/unit")$$" | head -c 3000000 >"$WORK/module"
klen=$(stat -c %s "$kernel")
mlen=$(stat -c %s "$WORK/module")
moff_mib=$(( (klen + 1048575) / 1048576 + 1 ))
dd if=/dev/zero of="$WORK/disk.img" bs=1M count=$((moff_mib + 4)) 2>/dev/null
printf 'KEXECTEST %d %d %d\nchild\n' "$klen" $((moff_mib * 1048576)) "$mlen" |
	dd of="$WORK/disk.img" conv=notrunc 2>/dev/null
dd if="$kernel" of="$WORK/disk.img" bs=1M seek=1 conv=notrunc 2>/dev/null
dd if="$WORK/module" of="$WORK/disk.img" bs=1M seek=$moff_mib conv=notrunc \
	2>/dev/null
ls -l "$WORK/disk.img"
