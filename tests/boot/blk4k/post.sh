# The guest saw 4096-byte sectors on xvda, and wrote through them exactly
# the pattern it hashed; the loop device is released either way.
set -u
. "$SCENLIB"
/usr/sbin/losetup -d /dev/loop7 2>/dev/null
console_has '^blkfront xvda: .*sector 4096' ||
	{ echo "the guest did not report 4096-byte sectors on xvda"; exit 1; }
sha256_matches DISK-SHA256 "$WORK/disk.img" || exit 1
echo "4096-byte sectors on xvda"
