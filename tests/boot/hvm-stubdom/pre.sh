# QEMU into dom0 (it serves the stub domain's consoles, as libxl always
# asks), the guest's disk (a writable copy: qemu-xen refuses read-only
# IDE disks) and a stub-domain ramdisk: libxl treats a qemu-xen stub
# domain as Linux's and, unless told, looks for
# /usr/lib/xen-4.17/boot/qemu-stubdom-linux-rootfs; qemu-dm ignores it.
. "$SCENLIB"
. "$SCEN/hvm-lib/dom0.sh"
hvm_dom0_tools || exit 1
cp "$SCEN/bootsector.img" "$WORK/bs.img" || { echo "cannot copy bootsector.img"; exit 1; }
printf 'qemu-dm needs no ramdisk\n' >"$WORK/stubdom-ramdisk"
