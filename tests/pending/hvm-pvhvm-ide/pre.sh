# dom0's QEMU (the stub domain's consoles), the guest's two disks, the
# stub domain's ramdisk.
. "$SCENLIB"
. "$SCEN/hvm-lib/dom0.sh"
hvm_stubdom_pre linux-boot.img boot.img || exit 1
cp "$SCEN/data.img" "$WORK/data.img" || exit 1
