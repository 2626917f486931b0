# The guest's writes reached the file through its own blkfront; the
# unplug left QEMU's IDE unused for the data disk; nothing left behind.
. "$SCEN/hvm-lib/dom0.sh"
hvm_dm_log "$DOMNAME"
hvm_disk_check "$LOG" "$WORK/data.img" || exit 1
tr -d '\r' <"$LOG" | grep -iE 'unplug|xen_platform|blkfront' | head -n 5
dm=$(cat "$WORK/dm-domid" 2>/dev/null)
hvm_left_behind "$DOMNAME" "$DOMID" $dm || exit 1
echo "nothing left behind (guest $DOMID, stub domain ${dm:-?})"
