# xvda: 16 MiB of zeros for the guest's pattern; xvdb: 4 MiB of a known
# text the guest reads back through the read-only disk.
set -e
dd if=/dev/zero of="$WORK/disk.img" bs=1M count=16 2>&1 | tail -n 1
yes blkfront-ro | head -c 4194304 >"$WORK/ro.img"
ls -l "$WORK/disk.img" "$WORK/ro.img"
