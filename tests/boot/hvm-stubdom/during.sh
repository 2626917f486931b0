# While the guest exists: the stub domain libxl made for it, what libxl
# wrote for it in xenstore, and how long until it is gone.
. "$SCEN/hvm-lib/dom0.sh"
t0=$(hvm_now)
dm=""
for ((i = 0; i < 150; i++)); do
	dm=$(xl domid "$DOMNAME-dm" 2>/dev/null) && break
	dm=""
	sleep 0.2
done
[ -n "$dm" ] || { echo "no $DOMNAME-dm domain within 30 s"; exit 1; }
echo "stub domain $DOMNAME-dm is domain $dm (guest $DOMID), $(hvm_secs $(($(hvm_now) - t0)))s into during.sh"
echo "$dm" >"$WORK/dm-domid"
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
while st=$(xl list "$DOMNAME-dm" 2>/dev/null | tail -n 1); do
	if [ -z "$crashed" ] && [[ $st == *" --"*"c-"* ]]; then
		crashed=1
		echo "$DOMNAME-dm crashed $(hvm_secs $(($(hvm_now) - t0)))s into during.sh"
	fi
	sleep 0.5
done
echo "$DOMNAME-dm gone $(hvm_secs $(($(hvm_now) - t0)))s into during.sh"
