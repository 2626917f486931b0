# dom0's QEMU (the stub domain's consoles), the guest's disk (a writable
# copy of the key-waiting boot sector) and the stub-domain ramdisk libxl
# insists on (hvm-stubdom's pre.sh says why).
. "$SCENLIB"
. "$SCEN/hvm-lib/dom0.sh"
hvm_dom0_tools || exit 1
cp "$SCEN/bootsector-key.img" "$WORK/bs.img" || { echo "cannot copy bootsector-key.img"; exit 1; }
printf 'qemu-dm needs no ramdisk\n' >"$WORK/stubdom-ramdisk"
