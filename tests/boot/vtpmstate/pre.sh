# A blank 2 MiB disk: vtpmstate formats it (two 512 KiB slots).  And one
# behind /dev/loop7 with 4096-byte logical sectors (util-linux losetup;
# busybox's has no --sector-size), for the second half of during.sh.
set -e
dd if=/dev/zero of="$WORK/state.img" bs=1M count=2 2>&1 | tail -n 1
dd if=/dev/zero of="$WORK/state4k.img" bs=1M count=2 2>&1 | tail -n 1
/usr/sbin/losetup -d /dev/loop7 2>/dev/null || true
/usr/sbin/losetup --sector-size 4096 /dev/loop7 "$WORK/state4k.img"
[ "$(cat /sys/block/loop7/queue/logical_block_size)" = 4096 ]
