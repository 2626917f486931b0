# dom0's /tmp is a small tmpfs: the 70 MB image goes once the guest is.
rm -f "$WORK/disk.img"
echo "disk image removed"
