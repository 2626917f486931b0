bash "$ROOT/tests/hvm-lib/host-pre.sh" || exit 1
qemu-img convert -f raw -O qcow2 "$OUT/bootsector.img" "$OUT/bootsector.qcow2" ||
	{ echo "qemu-img convert failed"; exit 1; }
qemu-img info "$OUT/bootsector.qcow2" | grep -E '^(file format|virtual size|disk size)'
