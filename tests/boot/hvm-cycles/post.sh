# Twenty cycles (ten rounds of two guests), then nothing may be left.
. "$SCEN/hvm-lib/dom0.sh"
free_mib() { xl info 2>/dev/null | sed -n 's/^free_memory *: *//p'; }
# domid NAME: the domain's id on stdout; xl killed by a signal (dom0's
# crashes) is asked again.  Non-zero when there is no such domain.
domid() {
	local t rc
	for t in 1 2 3 4 5; do
		xl domid "$1" 2>/dev/null
		rc=$?
		[ $rc -le 128 ] && return $rc
	done
	return $rc
}
# Wait for the scenario's own guest and its stub domain to be gone.
for ((i = 0; i < 50; i++)); do
	domid "$DOMNAME" >/dev/null || domid "$DOMNAME-dm" >/dev/null || break
	sleep 0.2
done
base=$(free_mib)
# snapshot: one line per backend directory, Xen-related dom0 process and
# QMP socket.
snapshot() {
	local t d p c
	for t in $(xenstore-list /local/domain/0/backend 2>/dev/null); do
		for d in $(xenstore-list /local/domain/0/backend/$t 2>/dev/null); do
			echo "backend/$t/$d"
		done
	done
	for p in /proc/[0-9]*; do
		c=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
		[[ $c == *"-xen-domid "* || $c == *vchan-socket-proxy* ]] && echo "dom0 process ${p#/proc/} (${c:0:60})"
	done
	ls /var/run/xen/ 2>/dev/null | grep '^qmp-libxl-' | sed 's|^|/var/run/xen/|'
	true
}
snapshot >"$WORK/before"
echo "Xen free memory before the cycles: ${base:-?} MiB"
# dom0 processes that crashed so far (the rig's dom0 under TCG: new
# processes, xl and Debian's QEMU among them, now and then crash on
# memory that reads as zeros).
crashes() { dmesg 2>/dev/null | grep -cE 'segfault at|general protection fault'; }
# cycle N MODE: one guest; MODE destroy (at "running") or end (its own
# poweroff).  Prints one line; 1 with a reason, 2 when xl create failed
# while a dom0 process crashed (the caller runs the cycle again).
cycle() {
	local n=$1 mode=$2 name=$DOMNAME-c$1 t0 dm="" id st i img=$WORK/c$1.img c0
	c0=$(crashes)
	cp "$WORK/bs.img" "$img"
	sed -e "s|^name = .*|name = \"$name\"|" -e "s|bs.img|c$n.img|" \
		-e "s|^serial = .*|serial = \"file:$WORK/c$n.serial\"|" "$WORK/xl.cfg" >"$WORK/c$n.cfg"
	t0=$(hvm_now)
	if ! xl create "$WORK/c$n.cfg" >"$WORK/c$n.log" 2>&1; then
		echo "cycle $n: xl create failed:"
		grep -iE 'error|fail|timed out' "$WORK/c$n.log" | head -n 8
		tail -n 5 "/var/log/xen/qemu-dm-$name-dm.log" 2>/dev/null | sed 's/^/  dom0 QEMU of the stub domain: /'
		if [ "$(crashes)" -gt "$c0" ]; then
			echo "retried: cycle $n: a dom0 process crashed meanwhile: $(dmesg | grep -E 'segfault at|general protection fault' | tail -n 1 | cut -c1-120)"
			return 2
		fi
		# The QEMU libxl starts in dom0 for the stub domain's consoles
		# failed to start (seen: "unknown type 'xen-sysdev'", a QOM
		# type its constructors register: dom0's new process read a
		# page as zeros).  The stub domain had not run yet.
		if grep -q 'stubdom_pvqemu_cb' "$WORK/c$n.log"; then
			echo "retried: cycle $n: dom0's QEMU for the stub domain did not start (before the stub domain ran)"
			return 2
		fi
		return 1
	fi
	id=$(domid "$name")
	dm=$(domid "$name-dm")
	if [ -z "$id" ] || [ -z "$dm" ]; then
		echo "cycle $n: no domain id for $name (${id:-?}) or $name-dm (${dm:-?}) after xl create"
		xl destroy "$name" >/dev/null 2>&1
		return 1
	fi
	echo "$id $dm" >>"$WORK/ids"
	st=/local/domain/$dm/device-model/$id/state
	for ((i = 0; i < 300; i++)); do
		[ "$(xenstore-read "$st" 2>/dev/null)" = running ] && break
		sleep 0.2
	done
	local t_run=$(($(hvm_now) - t0))
	if [ "$mode" = destroy ]; then
		xl destroy "$name" >/dev/null 2>&1
	fi
	for ((i = 0; i < 300; i++)); do
		domid "$name" >/dev/null || domid "$name-dm" >/dev/null || break
		sleep 0.2
	done
	if domid "$name" >/dev/null || domid "$name-dm" >/dev/null; then
		echo "cycle $n ($mode): $name or $name-dm still there 60 s on"
		xl destroy "$name" >/dev/null 2>&1
		return 1
	fi
	if [ "$mode" = end ] && ! grep -q '^HVM-BOOTSECTOR: hello' "$WORK/c$n.serial" 2>/dev/null; then
		echo "cycle $n (end): no serial line from $name"
		return 1
	fi
	rm -f "$img"
	echo "cycle $n ($mode): guest $id, stub domain $dm: running $(hvm_secs $t_run)s, gone $(hvm_secs $(($(hvm_now) - t0)))s after xl create"
}
bad="" retries=0
# run_cycle N MODE: cycle, run again (three times at most) while it
# fails for a dom0 crash.  Output in $WORK/N.out.
run_cycle() {
	local t rc
	for t in 1 2 3; do
		cycle "$1" "$2"
		rc=$?
		[ $rc = 2 ] && [ $t -lt 3 ] && continue
		return $rc
	done
}
for ((r = 0; r < 10; r++)); do
	run_cycle $((2 * r + 1)) destroy >"$WORK/a.out" 2>&1 &
	a=$!
	run_cycle $((2 * r + 2)) end >"$WORK/b.out" 2>&1 &
	b=$!
	wait $a || bad="cycle $((2 * r + 1)) failed"
	wait $b || bad="cycle $((2 * r + 2)) failed"
	cat "$WORK/a.out" "$WORK/b.out"
	retries=$((retries + $(cat "$WORK/a.out" "$WORK/b.out" | grep -c '^retried: ')))
	[ -z "$bad" ] || break
done
# What may be left: domains (also dying ones), and anything below that
# was not there before the first cycle: backend directories, dom0
# QEMUs, vchan-socket-proxies, QMP sockets (also of cycles whose create
# failed, whose ids are not known).
left=""
for ((i = 0; i < 50; i++)); do
	[ "$(xl list 2>/dev/null | tail -n +2 | wc -l)" = 1 ] && break
	sleep 0.2
done
[ "$(xl list 2>/dev/null | tail -n +2 | wc -l)" = 1 ] || left="$left domains: $(xl list | tail -n +3 | awk '{print $1 "(" $2 ")"}' | tr '\n' ' ');"
snapshot >"$WORK/after"
ids=$(tr '\n' ' ' <"$WORK/ids" 2>/dev/null)
new=$(grep -vxF -f "$WORK/before" "$WORK/after" | tr '\n' ';')
[ -z "$new" ] || left="$left $new"
# Xen scrubs freed memory in the background: give it time.
now=""
for ((i = 0; i < 100; i++)); do
	now=$(free_mib)
	[ -n "$base" ] && [ -n "$now" ] && [ "$now" -ge $((base - 1)) ] && break
	sleep 0.2
done
echo "Xen free memory after the cycles: ${now:-?} MiB (before: ${base:-?})"
[ -n "$base" ] && [ -n "$now" ] && [ "$now" -lt $((base - 1)) ] && left="$left $((base - now)) MiB of Xen's memory;"
if [ -n "$left" ]; then
	xl list
	echo "left behind:$left"
	exit 1
fi
[ -z "$bad" ] || { echo "$bad (see above)"; exit 1; }
echo "20 cycles ($(echo $ids | wc -w) domains, $retries cycles run again after a dom0 crash), nothing left behind"
