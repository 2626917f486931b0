# While the guest exists: the stub domain libxl made for it, what libxl
# wrote for it in xenstore, and how long until it is gone.
. "$SCEN/hvm-lib/dom0.sh"
t0=$(hvm_now)
dm=$(hvm_stubdom_id "$DOMNAME") || { echo "$dm"; exit 1; }
echo "stub domain $DOMNAME-dm is domain $dm (guest $DOMID), $(hvm_secs $(($(hvm_now) - t0)))s into during.sh"
echo "$dm" >"$WORK/dm-domid"
# libxl waits (30 s at most) for the stub domain to say its device model
# runs; the seconds from xl create are issue 11's number.
# On the way (printed, never judged): dom0's QEMU for the stub domain's
# consoles has its console 1 backend waiting (InitWait, libxl unpauses
# the stub domain only after that QEMU answers), then the stub domain's
# own console 1 frontend is connected (qemu-dm's code is running).
st=/local/domain/$dm/device-model/$DOMID/state
be=/local/domain/0/backend/console/$dm/1/state
fe=/local/domain/$dm/device/console/1/state
t_be="" t_fe=""
since() { hvm_secs $(($(hvm_now) - ${XL_T0:-$t0})); }
for ((i = 0; i < 300; i++)); do
	[ -z "$t_be" ] && [ "$(xenstore-read "$be" 2>/dev/null)" = 2 ] && t_be=$(since)
	[ -z "$t_fe" ] && [ "$(xenstore-read "$fe" 2>/dev/null)" = 4 ] && t_fe=$(since)
	[ "$(xenstore-read "$st" 2>/dev/null)" = running ] && break
	sleep 0.2
done
if [ "$(xenstore-read "$st" 2>/dev/null)" = running ]; then
	echo "device model running $(since)s after xl create (dom0 console QEMU waiting: ${t_be:-not seen}s; stub domain's console 1 connected: ${t_fe:-not seen}s)"
else
	echo "device model not running 60 s into during.sh ($st: $(xenstore-read "$st" 2>&1))"
fi
xl list
echo "target: $(xenstore-read /local/domain/$dm/target)"
vm=$(xenstore-read /local/domain/$DOMID/vm)
echo "dm-argv keys: $(xenstore-list $vm/image/dm-argv | tr '\n' ' ')"
# The guest's devices are QEMU's in the stub domain: dom0 may run a QEMU
# for the stub domain (its consoles, libxl always starts one) but none
# for the guest itself.
served=""
for p in /proc/[0-9]*; do
	c=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
	[[ $c == *"-xen-domid $DOMID "* ]] && served="$served ${p#/proc/}"
	[[ $c == *"-xen-domid $dm "* ]] && echo "dom0 QEMU for the stub domain: ${c:0:100}"
done
if [ -n "$served" ]; then
	echo "dom0 QEMU serving guest $DOMID:$served" | tee "$WORK/dom0-served"
else
	echo "no dom0 QEMU serves guest $DOMID"
fi
echo "stub domain devices: vbd $(xenstore-list /local/domain/$dm/device/vbd 2>/dev/null | tr '\n' ' ')console $(xenstore-list /local/domain/$dm/device/console 2>/dev/null | tr '\n' ' ')"
# When it ended (crashed: qemu-dm's failure), then when libxl removed it.
crashed=""
# (xl's own status ends the loop: a pipe into tail would always succeed,
# and the loop would run until the runner stops it at the TIMEOUT.)
while st=$(xl list "$DOMNAME-dm" 2>/dev/null); do
	st=${st##*$'\n'}
	if [ -z "$crashed" ] && [[ $st == *" --"*"c-"* ]]; then
		crashed=1
		echo "$DOMNAME-dm crashed $(hvm_secs $(($(hvm_now) - t0)))s into during.sh"
	fi
	sleep 0.5
done
echo "$DOMNAME-dm gone $(hvm_secs $(($(hvm_now) - t0)))s into during.sh"
