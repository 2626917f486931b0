dd if=/dev/zero of="$WORK/disk.img" bs=1M count=16 2>&1 | tail -n 1
