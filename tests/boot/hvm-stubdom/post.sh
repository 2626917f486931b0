# Console 0 of the stub domain (libxl's qemu-dm-<guest>.log), then
# nothing may be left: no domain, no dom0 QEMU for either domain, no
# backend directories.
. "$SCEN/hvm-lib/dom0.sh"
log=/var/log/xen/qemu-dm-$DOMNAME.log
hvm_dm_log "$DOMNAME"
dm=$(cat "$WORK/dm-domid" 2>/dev/null)
hvm_left_behind "$DOMNAME" "$DOMID" $dm || exit 1
echo "nothing left behind (guest $DOMID, stub domain ${dm:-?})"
if [ -s "$WORK/dom0-served" ]; then
	cat "$WORK/dom0-served"
	exit 1
fi
grep -q '^qemu-dm: target ' "$log" || { echo "console 0 lacks qemu-dm's target line"; exit 1; }

# Bad input (issue 11, point 6): guests whose device model cannot start.
# qemu-dm (or QEMU in it) must say why on console 0 and end; libxl must
# fail the creation (after its 30 s wait at most) and leave nothing
# behind.  device_model_args_hvm reaches only the guest's device model
# (plain device_model_args also goes to the dom0 QEMU libxl starts for
# the stub domain's consoles).  The guests start together: each one
# costs libxl's wait.
#   bad_guest SUFFIX DM_ARGS CONSOLE0_REGEX   (output in $WORK/SUFFIX.out)
bad_guest() {
	local bad=$DOMNAME-$1 t0 log=/var/log/xen/qemu-dm-$DOMNAME-$1.log
	sed -e "s|^name = .*|name = \"$bad\"|" -e "s|bs.img|$1.img|" \
		-e "s|^serial = .*|serial = \"file:$WORK/$1.serial\"|" "$WORK/xl.cfg" >"$WORK/$1.cfg"
	echo "device_model_args_hvm = [ $2 ]" >>"$WORK/$1.cfg"
	cp "$WORK/bs.img" "$WORK/$1.img"
	t0=$(hvm_now)
	if xl create "$WORK/$1.cfg" >"$WORK/$1.xl.log" 2>&1; then
		xl destroy "$bad" 2>/dev/null
		echo "xl create $bad succeeded with device_model_args_hvm $2"
		return 1
	fi
	echo "$bad: xl create failed after $(hvm_secs $(($(hvm_now) - t0)))s:"
	grep 'error' "$WORK/$1.xl.log"
	hvm_dm_log "$bad"
	tr -d '\r' <"$log" 2>/dev/null | grep -qE "$3" || { echo "console 0 of $bad lacks /$3/"; return 1; }
	hvm_left_behind "$bad" || return 1
	echo "$bad: nothing left behind"
}
# A dom0 QMP socket: refused by qemu-dm before QEMU runs.
bad_guest qmpsock '"-qmp", "unix:/var/run/xen/evil.sock,server=on,wait=off"' \
	'^qemu-dm: error: -qmp: ' >"$WORK/qmpsock.out" 2>&1 &
# A disk the stub domain was not given: QEMU's own error.
bad_guest nodisk '"-drive", "file=/dev/xvdc,if=ide,index=1,media=disk,format=raw"' \
	'xvdc.*(No such|not found|No medium)' >"$WORK/nodisk.out" 2>&1 &
# An option QEMU does not know: QEMU's own error.
bad_guest unknown '"-frobnicate"' \
	'frobnicate.*invalid option' >"$WORK/unknown.out" 2>&1 &
bad=0
for j in 1 2 3; do
	wait -n || bad=1
done
cat "$WORK/qmpsock.out" "$WORK/nodisk.out" "$WORK/unknown.out"
[ $bad = 0 ] || exit 1
[ ! -e /var/run/xen/evil.sock ] || { echo "a dom0 process created /var/run/xen/evil.sock"; exit 1; }
