# What the guest wrote to its second disk is in the file in dom0; its
# stub domain's console 0; nothing left behind.
. "$SCEN/hvm-lib/dom0.sh"
hvm_dm_log "$DOMNAME"
hvm_disk_check "$LOG" "$WORK/data.img" || exit 1
dm=$(cat "$WORK/dm-domid" 2>/dev/null)
hvm_left_behind "$DOMNAME" "$DOMID" $dm || exit 1
echo "nothing left behind (guest $DOMID, stub domain ${dm:-?})"
