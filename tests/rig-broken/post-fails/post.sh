echo "checking the (nonexistent) disk image"
echo "disk image checksum mismatch (deliberate)"
exit 1
