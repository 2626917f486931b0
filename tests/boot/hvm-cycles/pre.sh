# dom0's QEMU and SeaBIOS, the guest's disk, the stub domain's ramdisk
# (tests/hvm-lib/dom0.sh, hvm_stubdom_pre).
. "$SCENLIB"
. "$SCEN/hvm-lib/dom0.sh"
hvm_stubdom_pre bootsector.img bs.img || exit 1
