# The first guest was destroyed while reading its disk: nothing of it or
# of its stub domain may be left (domains, dom0 QEMU, backends).
. "$SCEN/hvm-lib/dom0.sh"
hvm_dm_log "$DOMNAME" | tail -n 4
dm=$(cat "$WORK/dm-domid" 2>/dev/null)
[ -n "$dm" ] || { echo "during.sh noted no stub domain"; exit 1; }
hvm_left_behind "$DOMNAME" "$DOMID" "$dm" || exit 1
echo "ok destroyed while reading: nothing left of guest $DOMID and stub domain $dm"
