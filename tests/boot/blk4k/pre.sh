# xvda: 16 MiB of zeros behind /dev/loop7 with 4096-byte logical sectors
# (util-linux losetup; busybox's has no --sector-size); xvdb as in blk.
set -e
dd if=/dev/zero of="$WORK/disk.img" bs=1M count=16 2>&1 | tail -n 1
/usr/sbin/losetup -d /dev/loop7 2>/dev/null || true
/usr/sbin/losetup --sector-size 4096 /dev/loop7 "$WORK/disk.img"
echo "loop7: $(cat /sys/block/loop7/queue/logical_block_size)-byte sectors"
[ "$(cat /sys/block/loop7/queue/logical_block_size)" = 4096 ]
yes blkfront-ro | head -c 4194304 >"$WORK/ro.img"
