# Once the guest waits for its key: QMP through xl, then the key.
. "$SCENLIB"
wait_line '^HVM-BOOTSECTOR: waiting for a key' 240 >/dev/null ||
	{ say "FAIL the guest never waited for its key"; exit 0; }
if out=$(xl qemu-monitor-command "$DOMNAME" "info status" 2>&1) &&
	[[ $out == *"VM status: running"* ]]; then
	say "ok info status: $out"
else
	say "FAIL info status: $out"
	exit 0
fi
if out=$(xl qemu-monitor-command "$DOMNAME" "info pci" 2>&1) &&
	[[ $out == *"IDE controller"* ]]; then
	say "ok info pci lists the IDE controller ($(grep -c 'Bus' <<<"$out") devices)"
else
	say "FAIL info pci: ${out:0:200}"
	exit 0
fi
if out=$(xl qemu-monitor-command "$DOMNAME" "sendkey a" 2>&1); then
	say "ok sendkey${out:+: $out}"
else
	say "FAIL sendkey: $out"
fi
