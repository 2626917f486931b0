# After the guest is gone: the disk's first MiB holds what Linux says it
# wrote (its blkfront, connected after the hand-over, really wrote), and
# the toolstack removed every backend of the domain from xenstore.
set -u
. "$SCENLIB"
want=$(tr -d '\r' <"$LOG" | sed -n 's/^DISK-SHA //p' | tail -n 1)
[ -n "$want" ] || { echo "guest printed no DISK-SHA line"; exit 1; }
got=$(dd if="$WORK/disk.img" bs=64k count=16 2>/dev/null | sha256sum | cut -d' ' -f1)
rm -f "$WORK/disk.img" # dom0's /tmp is a small tmpfs
[ "$got" = "$want" ] || { echo "disk image sha256 $got, guest wrote $want"; exit 1; }
no_backends vbd vif || exit 1
echo "disk image checksum ok ($got), backends cleaned up"
