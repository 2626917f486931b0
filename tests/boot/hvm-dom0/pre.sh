# QEMU and SeaBIOS into dom0, then the boot-sector guest (its times go to
# build/rig/logs/hvm-dom0.dom0.log).
. "$SCENLIB"
. "$SCEN/hvm-lib/dom0.sh"
hvm_dom0_tools || exit 1
hvm_bootsector "$DOMNAME-bs" 120
