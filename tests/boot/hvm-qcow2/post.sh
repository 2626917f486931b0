# The qcow2 disk was the stub domain's vbd through dom0's qdisk backend
# (QEMU in dom0 for the stub domain); nothing is left behind.
. "$SCEN/hvm-lib/dom0.sh"
log=/var/log/xen/qemu-dm-$DOMNAME.log
hvm_dm_log "$DOMNAME"
be=$(cat "$WORK/dm-backend" 2>/dev/null)
dm=$(cat "$WORK/dm-domid" 2>/dev/null)
[[ $be == /local/domain/0/backend/qdisk/${dm:-X}/768 ]] ||
	{ echo "the stub domain's disk was not dom0's qdisk backend: ${be:-not recorded}"; exit 1; }
grep -q 'format=raw' "$log" || { echo "console 0 shows no format=raw drive for QEMU"; exit 1; }
hvm_left_behind "$DOMNAME" "$DOMID" "$dm" || exit 1
echo "qcow2 through dom0's qdisk backend ($be); nothing left behind"
