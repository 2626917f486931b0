# After the guest is gone: the writable image holds exactly the pattern
# the guest hashed (blkback wrote it through to the file), the read-only
# image is untouched, and no vbd backend of the domain is left.
set -u
. "$SCENLIB"
sha256_matches DISK-SHA256 "$WORK/disk.img" || exit 1
ro=$(yes blkfront-ro | head -c 4194304 | sha256sum | cut -d' ' -f1)
[ "$(sha256sum <"$WORK/ro.img" | cut -d' ' -f1)" = "$ro" ] || { echo "read-only image changed"; exit 1; }
no_backends vbd || exit 1
echo "ro.img untouched, no vbd backend left"
