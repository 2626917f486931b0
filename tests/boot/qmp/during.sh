# Once the guest waits for its key: QMP through xl, then the key.  An xl
# that dies of a signal is retried (signal_retry: the rig's dom0, not the
# stub domain); a failed check destroys the guest, so the scenario ends
# with its reason instead of the guest's wait running into the timeout.
. "$SCENLIB"
fail() {
	say "FAIL $*"
	xl destroy "$DOMNAME" >/dev/null 2>&1
	exit 0
}
wait_line '^HVM-BOOTSECTOR: waiting for a key' 240 >/dev/null ||
	fail "the guest never waited for its key"
out=$(signal_retry xl qemu-monitor-command "$DOMNAME" "info status" 2>&1)
[[ $? = 0 && $out == *"VM status: running"* ]] || fail "info status: $out"
say "ok info status: $out"
out=$(signal_retry xl qemu-monitor-command "$DOMNAME" "info pci" 2>&1)
[[ $? = 0 && $out == *"IDE controller"* ]] || fail "info pci: ${out:0:200}"
say "ok info pci lists the IDE controller ($(grep -c 'Bus' <<<"$out") devices)"
out=$(signal_retry xl qemu-monitor-command "$DOMNAME" "sendkey a" 2>&1) ||
	fail "sendkey: $out"
say "ok sendkey${out:+: $out}"
