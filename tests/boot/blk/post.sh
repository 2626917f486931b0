# After the guest is gone: the writable image holds exactly the pattern
# the guest hashed (blkback wrote it through to the file), the read-only
# image is untouched, and no vbd backend of the domain is left.
set -u
want=$(tr -d '\r' <"$LOG" | sed -n 's/^DISK-SHA256 //p' | tail -n 1)
[ -n "$want" ] || { echo "guest printed no DISK-SHA256 line"; exit 1; }
got=$(sha256sum <"$WORK/disk.img" | cut -d' ' -f1)
[ "$got" = "$want" ] || { echo "disk.img sha256 $got, guest wrote $want"; exit 1; }
ro=$(yes blkfront-ro | head -c 4194304 | sha256sum | cut -d' ' -f1)
[ "$(sha256sum <"$WORK/ro.img" | cut -d' ' -f1)" = "$ro" ] || { echo "read-only image changed"; exit 1; }
if xenstore-list /local/domain/0/backend/vbd 2>/dev/null | grep -qx "$DOMID"; then
	echo "backend/vbd/$DOMID still in xenstore after the domain is gone"
	exit 1
fi
echo "disk.img sha256 matches the guest's pattern ($got); ro.img untouched"
