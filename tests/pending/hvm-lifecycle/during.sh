# dom0's half: notes the first guest's stub domain for post.sh and waits
# until the runner has destroyed that guest (at its first line, reads in
# flight), then puts a second guest through pause, a reboot of its own
# and the power button.  Each step prints "ok ..."; a failure prints
# "FAIL ..." as its last line and ends with status 1.
set -u
. "$SCENLIB"
. "$SCEN/hvm-lib/dom0.sh"
B=$DOMNAME-b
SER=$WORK/b.serial
fail() {
	echo "FAIL $*"
	xl destroy "$B" 2>/dev/null
	exit 1
}
# The last HVM-BOOTSECTOR message in B's serial file, and waits for one.
last() { tr -d '\r' <"$SER" 2>/dev/null | grep -ao 'HVM-BOOTSECTOR: [a-z :]*' | tail -n 1; }
wait_last() { # MESSAGE SECONDS
	local i
	for ((i = 0; i < $2 * 5; i++)); do
		[ "$(last)" = "HVM-BOOTSECTOR: $1" ] && return 0
		sleep 0.2
	done
	return 1
}
size() { stat -c %s "$SER" 2>/dev/null || echo 0; }
grows() { # FROM SECONDS: the serial file grows past FROM bytes
	local i
	for ((i = 0; i < $2 * 5; i++)); do
		[ "$(size)" -gt "$1" ] && return 0
		sleep 0.2
	done
	return 1
}
since() { hvm_secs $(($(hvm_now) - $1)); }

dm=$(hvm_stubdom_id "$DOMNAME") || fail "$dm"
echo "$dm" >"$WORK/dm-domid"
echo "ok first guest $DOMID, stub domain $dm"
# Gone: xenstore no longer has it (an xl that failed for another reason,
# such as the rig's dom0 process crashes, must not count as gone).
for ((i = 0; i < 1500; i++)); do
	xenstore-exists "/local/domain/$DOMID" 2>/dev/null || break
	sleep 0.2
done
xenstore-exists "/local/domain/$DOMID" 2>/dev/null && fail "the first guest is still there after 300 s"

# The second guest: the same disk and stub domain settings, restarted
# by xl when it reboots.
grep -v -e '^name' -e '^serial' -e '^disk' -e '^on_' "$WORK/xl.cfg" >"$WORK/b.cfg"
cat >>"$WORK/b.cfg" <<CFG
name = "$B"
serial = "file:$SER"
disk = [ "format=raw,vdev=hda,access=rw,target=$WORK/b.img" ]
on_poweroff = "destroy"
on_reboot = "restart"
on_crash = "destroy"
CFG
# B spins instead of reading its disk: its reads made the
# rig's dom0 processes crash (README "Flakiness"); A's few seconds of
# reads before the runner destroys it stay the mid-I/O case.
cp "$SCEN/bootsector-spin.img" "$WORK/b.img"
t0=$(hvm_now)
xl create "$WORK/b.cfg" >"$WORK/b.xl.log" 2>&1 || fail "xl create $B: $(grep -m1 -i error "$WORK/b.xl.log")"
wait_last running 120 || fail "$B does not run 120 s after xl create (last: $(last))"
b_id=$(xl domid "$B") && b_dm=$(xl domid "$B-dm") || fail "$B or $B-dm has no id"
echo "ok $B (guest $b_id, stub domain $b_dm) runs, $(since "$t0")s after xl create"

# xl pause: no reads (no dots) until xl unpause.
s0=$(size)
grows "$s0" 20 || fail "$B prints no dots in 20 s"
xl pause "$B" || fail "xl pause $B"
sleep 1 # what the stub domain had in flight
s1=$(size)
sleep 3
s2=$(size)
xl unpause "$B" || fail "xl unpause $B"
[ "$s1" = "$s2" ] || fail "$B ran on while paused (serial $s1 -> $s2 bytes in 3 s)"
grows "$s2" 20 || fail "$B does not run again in 20 s after xl unpause"
echo "ok xl pause: no dots for 3 s; xl unpause: running again"

# xl save / xl restore: QEMU's device state goes out over the stub
# domain's console 1 (fd set 1) and back in over console 2 (-incoming);
# the restored guest runs on from where it was, without booting again
# (no second "running" line), with a new stub domain.
reads=$(tr -d '\r' <"$SER" | grep -ac 'HVM-BOOTSECTOR: running')
echo "before xl save: $(xl list "$B" | tail -n 1 | tr -s ' '), static-max $(xenstore-read "/local/domain/$b_id/memory/static-max") KiB, target $(xenstore-read "/local/domain/$b_id/memory/target") KiB"
t0=$(hvm_now)
xl save "$B" "$WORK/b.save" >"$WORK/save.out" 2>&1 || fail "xl save $B: $(grep -m1 -i -e error -e fail "$WORK/save.out" || tail -n 1 "$WORK/save.out")"
left=$(hvm_ids_left "$b_id" "$b_dm")
[ -z "$left" ] || fail "after xl save, left of guest $b_id and stub domain $b_dm:$left"
echo "ok xl save: $(stat -c %s "$WORK/b.save") bytes in $(since "$t0")s; guest $b_id and stub domain $b_dm gone"
t0=$(hvm_now)
if ! xl -vvv restore "$WORK/b.save" >"$WORK/restore.out" 2>&1; then
	# What libxc and libxl said, and what Xen had (the guest's memory
	# before the save is printed above).
	grep -v -e '^xc: detail: .*progress' -e 'PAGE_DATA' "$WORK/restore.out" | tail -n 25
	xl info | grep -E 'total_memory|free_memory'
	fail "xl restore: $(grep -m1 -i -e error -e fail "$WORK/restore.out" || tail -n 1 "$WORK/restore.out")"
fi
r_id=$(xl domid "$B") && r_dm=$(xl domid "$B-dm") || fail "the restored $B or $B-dm has no id"
s3=$(size)
grows "$s3" 30 || fail "the restored $B does not run (its serial file stays at $s3 bytes for 30 s)"
again=$(tr -d '\r' <"$SER" | grep -ac 'HVM-BOOTSECTOR: running')
[ "$again" -le "$reads" ] || fail "the restored $B booted again instead of running on"
echo "ok xl restore: guest $r_id with stub domain $r_dm runs on, $(since "$t0")s after xl restore"
b_id=$r_id b_dm=$r_dm

# The sleep button: the guest resets itself, which QEMU in the stub
# domain turns into a reboot; xl restarts it with a new stub domain.
t0=$(hvm_now)
xl trigger "$B" sleep >"$WORK/trigger.out" 2>&1 || fail "xl trigger $B sleep: $(tail -n 1 "$WORK/trigger.out")"
id=""
for ((i = 0; i < 600; i++)); do
	id=$(xl domid "$B" 2>/dev/null) && [ "$id" != "$b_id" ] && break
	id=""
	sleep 0.2
done
[ -n "$id" ] || fail "$B was not restarted as a new domain within 120 s (last: $(last))"
wait_last running 120 || fail "the restarted $B does not run (last: $(last))"
n_dm=$(hvm_stubdom_id "$B") || fail "$n_dm"
[ "$n_dm" != "$b_dm" ] || fail "the restarted $B kept stub domain $b_dm"
left=$(hvm_ids_left "$b_id" "$b_dm")
[ -z "$left" ] || fail "after the reboot, left of guest $b_id and stub domain $b_dm:$left"
echo "ok sleep button: $B reset itself; xl restarted it as guest $id with stub domain $n_dm, running $(since "$t0")s after the trigger; nothing left of $b_id and $b_dm"
grep -h 'reason code' "/var/log/xen/xl-$B.log" 2>/dev/null | tail -n 1

# xl shutdown -F: no PV drivers, so the ACPI power button; the guest
# powers off and everything of it goes.
t0=$(hvm_now)
xl shutdown -F "$B" >"$WORK/shutdown.out" 2>&1 || fail "xl shutdown -F $B: $(tail -n 1 "$WORK/shutdown.out")"
for ((i = 0; i < 300; i++)); do
	xl domid "$B" >/dev/null 2>&1 || xl domid "$B-dm" >/dev/null 2>&1 || break
	sleep 0.2
done
hvm_left_behind "$B" "$id" "$n_dm" >"$WORK/left.out" || fail "after xl shutdown -F: $(tail -n 1 "$WORK/left.out")"
tr -d '\r' <"$SER" | grep -aq 'HVM-BOOTSECTOR: power button' ||
	echo "(its power button line did not reach the serial file before the domain went)"
echo "ok xl shutdown -F: $B powered off by its power button $(since "$t0")s later; nothing of it left"
