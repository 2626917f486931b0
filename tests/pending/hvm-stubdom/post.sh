# Console 0 of the stub domain (libxl's qemu-dm-<guest>.log), then
# nothing may be left: no domain, no dom0 QEMU for either domain, no
# backend directories.
. "$SCEN/hvm-lib/dom0.sh"
log=/var/log/xen/qemu-dm-$DOMNAME.log
echo "--- $log"
tr -d '\r' <"$log" 2>/dev/null || echo "(none)"
echo "---"
dm=$(cat "$WORK/dm-domid" 2>/dev/null)
for ((i = 0; i < 25; i++)); do
	xl domid "$DOMNAME" >/dev/null 2>&1 || xl domid "$DOMNAME-dm" >/dev/null 2>&1 || break
	sleep 0.2
done
left=""
xl domid "$DOMNAME" >/dev/null 2>&1 && left="$left domain $DOMNAME;"
xl domid "$DOMNAME-dm" >/dev/null 2>&1 && left="$left domain $DOMNAME-dm;"
for d in $DOMID $dm; do
	for p in /proc/[0-9]*; do
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q -- "-xen-domid $d " &&
			left="$left dom0 process ${p#/proc/} ($(tr '\0' ' ' <"$p/cmdline" | cut -c1-60));"
	done
	for t in vbd vif console qdisk; do
		xenstore-list /local/domain/0/backend/$t/$d >/dev/null 2>&1 && left="$left backend/$t/$d;"
	done
done
if [ -n "$left" ]; then
	xl list
	echo "left behind:$left"
	exit 1
fi
echo "nothing left behind (guest $DOMID, stub domain ${dm:-?})"
grep -q '^qemu-dm: target ' "$log" || { echo "console 0 lacks qemu-dm's target line"; exit 1; }
