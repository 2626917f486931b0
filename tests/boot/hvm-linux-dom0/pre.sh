# dom0's QEMU and SeaBIOS, the guest's two disks.
. "$SCENLIB"
. "$SCEN/hvm-lib/dom0.sh"
hvm_dom0_tools || exit 1
cp "$SCEN/linux-boot.img" "$WORK/boot.img" && cp "$SCEN/data.img" "$WORK/data.img" || exit 1
