# As hvm-stubdom's pre.sh, with the qcow2 image.
. "$SCENLIB"
. "$SCEN/hvm-lib/dom0.sh"
hvm_stubdom_pre bootsector.qcow2 bs.qcow2 || exit 1
