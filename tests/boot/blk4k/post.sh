# The guest saw 4096-byte sectors on xvda, and wrote through them exactly
# the pattern it hashed; the loop device is released either way.
set -u
/usr/sbin/losetup -d /dev/loop7 2>/dev/null
tr -d '\r' <"$LOG" | grep -q '^blkfront xvda: .*sector 4096' ||
	{ echo "the guest did not report 4096-byte sectors on xvda"; exit 1; }
want=$(tr -d '\r' <"$LOG" | sed -n 's/^DISK-SHA256 //p' | tail -n 1)
[ -n "$want" ] || { echo "guest printed no DISK-SHA256 line"; exit 1; }
got=$(sha256sum <"$WORK/disk.img" | cut -d' ' -f1)
[ "$got" = "$want" ] || { echo "disk.img sha256 $got, guest wrote $want"; exit 1; }
echo "4096-byte sectors; disk.img sha256 matches the guest's pattern ($got)"
