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
if [ -s "$WORK/dom0-served" ]; then
	cat "$WORK/dom0-served"
	exit 1
fi
grep -q '^qemu-dm: target ' "$log" || { echo "console 0 lacks qemu-dm's target line"; exit 1; }

# Bad input (issue 11, point 6): a guest whose device_model_args name a
# dom0 QMP socket.  qemu-dm must refuse it on console 0 and end; libxl
# must fail the creation (after its 30 s wait) and leave nothing.
bad=$DOMNAME-bad
sed -e "s|^name = .*|name = \"$bad\"|" -e "s|bs.img|bs-bad.img|" \
	-e "s|^serial = .*|serial = \"file:$WORK/bad.serial\"|" "$WORK/xl.cfg" >"$WORK/bad.cfg"
echo 'device_model_args = [ "-qmp", "unix:/var/run/xen/evil.sock,server=on,wait=off" ]' >>"$WORK/bad.cfg"
cp "$WORK/bs.img" "$WORK/bs-bad.img"
t0=$(hvm_now)
if xl create "$WORK/bad.cfg" >"$WORK/bad.xl.log" 2>&1; then
	xl destroy "$bad" 2>/dev/null
	echo "xl create $bad succeeded with a refused device_model_args"
	exit 1
fi
echo "$bad: xl create failed after $(hvm_secs $(($(hvm_now) - t0)))s:"
grep 'error' "$WORK/bad.xl.log"
echo "--- /var/log/xen/qemu-dm-$bad.log"
tr -d '\r' <"/var/log/xen/qemu-dm-$bad.log" 2>/dev/null | grep -v '^qemu-dm: dm-argv'
echo "---"
grep -q '^qemu-dm: error: -qmp: ' "/var/log/xen/qemu-dm-$bad.log" ||
	{ echo "console 0 of $bad lacks qemu-dm's -qmp refusal"; exit 1; }
sleep 1
if xl domid "$bad" >/dev/null 2>&1 || xl domid "$bad-dm" >/dev/null 2>&1; then
	xl list
	echo "$bad or $bad-dm left behind"
	exit 1
fi
echo "$bad: nothing left behind"
