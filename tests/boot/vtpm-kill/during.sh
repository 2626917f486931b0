# dom0's half of vtpm-kill (see scenario): the first client against the
# runner's vTPM, ROUNDS kill rounds, a last check.  One result line per
# judged read-back, "ok summary: kill points K ..., lost L, torn T" last.
#
# Console logs are read with bash builtins only (scan): under TCG every
# fork is slow, and busybox tools started many times a second crash now
# and then (README, Status), which must not turn into a verdict here.
set -u
. "$SCENLIB"
: >"$RESULTS"
ROUNDS=${ROUNDS:-18}
SEED=${SEED:-$(($(date +%s) % 100000))}
RANDOM=$SEED
CLIENT=/share/images/vtpmcounter.elf
kills=0 kboot=0 kread=0 kstore=0 lost=0 torn=0 exact=0 inflight=0 noconn=0
lo="" hi=""  # what the next read-back may be: lo, or hi = lo + 1
ready_cs=100 # the last vTPM's time from xl create to ready

# nap SECONDS: a sleep without a process (a read on a FIFO nobody writes).
if mkfifo "$WORK/nap" 2>/dev/null && exec 9<>"$WORK/nap"; then
	nap() { read -r -t "$1" -u 9 _ || true; }
else
	nap() { sleep "$1"; }
fi
now_cs() {
	local up _
	read -r up _ </proc/uptime
	echo $((10#${up/./}))
}
cs() { echo "$(($1 / 100)).$(printf %02d $(($1 % 100)))"; }
log_of() { guest_log "$1"; }

# scan NAME: reads domain NAME's console log (whole lines only: a line
# being written may be cut) and sets S_LOADED (the client's first
# "loaded" value), S_ACK (its last ack), S_VERDICT (the first verdict),
# S_VTPM (the vTPM's "ready" or "error" line), S_STOPPED, S_LAST.
scan() {
	local l
	S_LOADED="" S_ACK="" S_VERDICT="" S_VTPM="" S_STOPPED="" S_LAST=""
	[ -r "$(log_of "$1")" ] || return 0
	while IFS= read -r l; do
		l=${l//$'\r'/}
		case "$l" in
		"acked "*) S_ACK=${l#acked } ;;
		"vtpmcounter: loaded "*) : "${S_LOADED:=${l#vtpmcounter: loaded }}" ;;
		"VERDICT: "*) : "${S_VERDICT:=$l}" ;;
		"vtpm: ready"* | "vtpm: error"*) : "${S_VTPM:=$l}" ;;
		"vtpm: stopped"*) S_STOPPED=1 ;;
		esac
		S_LAST=$l
	done <"$(log_of "$1")"
}

# wait_for NAME SECONDS TEST: scans NAME's log until TEST (a shell test
# of the S_ variables) holds; 1 on timeout.
wait_for() {
	local i
	for ((i = 0; i < $2 * 5; i++)); do
		scan "$1"
		eval "$3" && return 0
		nap 0.2
	done
	return 1
}

# dump NAME...: the last lines of each domain's console, after a FAIL.
dump() {
	local n
	for n in "$@"; do
		[ -r "$(log_of "$n")" ] &&
			tr -d '\r' <"$(log_of "$n")" | tail -n 12 | sed "s/^/  $n: /"
	done
}

# vtpm NAME: creates a vTPM domain on the state disk.
vtpm() {
	sed -e "s/^name = .*/name = \"$1\"/" "$WORK/xl.cfg" >"$WORK/$1.cfg"
	xl create -q "$WORK/$1.cfg" >"$WORK/$1.out" 2>&1 ||
		{ say "FAIL xl create $1: $(tail -n 1 "$WORK/$1.out")"; return 1; }
}

# client NAME ARGS VTPM: creates a vtpmcounter domain using vTPM VTPM.
client() {
	cat >"$WORK/$1.cfg" <<CFG
name = "$1"
type = "pv"
kernel = "$CLIENT"
memory = 16
extra = "$2"
vtpm = [ "backend=$3" ]
on_crash = "destroy"
on_poweroff = "destroy"
CFG
	xl create -q "$WORK/$1.cfg" >"$WORK/$1.out" 2>&1 ||
		{ say "FAIL xl create $1: $(tail -n 1 "$WORK/$1.out")"; return 1; }
}

# wait_ready NAME: the vTPM serves (ready_cs updated); a vTPM that
# refused its state disk (both copies corrupt) is a torn state.
wait_ready() {
	local t0
	t0=$(now_cs)
	wait_for "$1" 300 '[ -n "$S_VTPM" ]'
	case "$S_VTPM" in
	"vtpm: ready"*) ready_cs=$(($(now_cs) - t0)); return 0 ;;
	"vtpm: error"*) torn=$((torn + 1)); say "FAIL $1: ${S_VTPM#vtpm: }" ;;
	*) say "FAIL $1: not ready in 300 s: $S_LAST" ;;
	esac
	return 1
}

# judge WHAT GOT: GOT (a read-back) must be lo, or hi if a write was in
# flight; anything else lost the counter.  GOT is then what is there.
judge() {
	case "$2" in
	"$lo") exact=$((exact + 1)); say "ok $1: read $2 (the last ack)" ;;
	"$hi") inflight=$((inflight + 1))
		say "ok $1: read $2 (the write in flight after ack $lo)" ;;
	*) lost=$((lost + 1)); say "FAIL $1: read '$2', want $lo${hi:+ or $hi}" ;;
	esac
	lo=$2 hi=$2
}

# after_client NAME: client NAME is gone: judge what it read, if it read,
# and take its last ack (or the value read) as the new lo; the write
# after it may have been in flight, so hi = lo + 1.
after_client() {
	scan "$1"
	[ -n "$S_LOADED" ] || return 0
	judge "$1" "$S_LOADED"
	case "$S_LOADED" in [0-9]*) ;; *) return 0 ;; esac
	lo=${S_ACK:-$S_LOADED} hi=$((${S_ACK:-$S_LOADED} + 1))
}

# destroy NAME: `xl destroy` until NAME is gone (dom0's own processes
# crash now and then under TCG, xl among them); 1 if it stays.
destroy() {
	local i
	for i in 1 2 3; do
		timeout 60 xl destroy "$1" >/dev/null 2>&1
		wait_gone "$1" 20 && return 0
		echo "xl destroy $1: still there, again"
	done
	return 1
}

# kill_both VTPM [CLIENT]: the kill point: the vTPM, then its client
# (whose device names the dead backend's domain id).
kill_both() {
	kills=$((kills + 1))
	destroy "$1" || { say "FAIL $1 still there after xl destroy"; return 1; }
	[ -z "${2:-}" ] || destroy "$2" ||
		{ say "FAIL $2 still there after xl destroy"; return 1; }
}

# round R: one kill point; 1 ends the rounds (a FAIL said).
round() {
	local v=$DOMNAME-v$1 c=$DOMNAME-c$1 kind d n want ok=1
	kind=$((RANDOM % 6)) # 0: vTPM start-up, 1: client start-up, else stores
	vtpm "$v" || return 1
	if [ $kind = 0 ]; then
		# Up to twice its last start-up time: about half before ready.
		d=$((RANDOM % (2 * ready_cs + 20)))
		nap "$(cs "$d")"
		scan "$v"
		kill_both "$v" || return 1
		kboot=$((kboot + 1))
		case "$S_VTPM" in "vtpm: error"*)
			torn=$((torn + 1)); say "FAIL $v: ${S_VTPM#vtpm: }"; return 1 ;;
		esac
		echo "round $1: vTPM killed ${d}0 ms after xl create (${S_VTPM:-before ready})"
		return 0
	fi
	wait_ready "$v" || { dump "$v"; destroy "$v"; return 1; }
	client "$c" store "$v" || { destroy "$v"; return 1; }
	if [ $kind = 1 ]; then
		d=$((RANDOM % 300))
		nap "$(cs "$d")"
		kill_both "$v" "$c" || { after_client "$c"; return 1; }
		kread=$((kread + 1))
		echo "round $1: killed ${d}0 ms after the client's xl create"
		after_client "$c"
		return 0
	fi
	n=$((1 + RANDOM % 8)) d=$((RANDOM % 50))
	if ! wait_for "$c" 120 '[ -n "$S_LOADED$S_VERDICT" ]'; then
		say "FAIL $c: no read-back in 120 s: $S_LAST"
		ok=0
	elif [ -z "$S_LOADED" ]; then
		# The TPM could not read its NV (as opposed to no connection).
		case "$S_VERDICT" in *"reading the counter"*) torn=$((torn + 1)) ;; esac
		say "FAIL $c: no read-back: $S_VERDICT"
		ok=0
	else
		case "$S_LOADED" in [0-9]*) want=$((S_LOADED + n)) ;; *) want=$((lo + n)) ;; esac
		wait_for "$c" 120 '[ -n "$S_VERDICT" ] || [ "${S_ACK:-0}" -ge $want ]' &&
			[ -z "$S_VERDICT" ] ||
			{ say "FAIL $c: no ack $want: ${S_VERDICT:-$S_LAST}"; ok=0; }
		nap "$(cs "$d")"
	fi
	kill_both "$v" "$c" || { after_client "$c"; return 1; }
	kstore=$((kstore + 1))
	after_client "$c"
	echo "round $1: killed ${d}0 ms after ack ${want:-?}; last ack $lo"
	[ $ok = 1 ] && return 0
	dump "$v" "$c"
	# A client that never connected says nothing about the state: go on
	# (the FAIL stands), unless it keeps happening.
	case "$S_VERDICT" in *tpmfront_open*) noconn=$((noconn + 1)); [ $noconn -le 3 ] ;; *) return 1 ;; esac
}

# ---- the first vTPM (the runner's domain) and the first client ----
say "seed $SEED (SEED=$SEED reproduces the choices), $ROUNDS rounds"
wait_ready "$DOMNAME" || exit 1
console_has 'blank, formatted' ||
	{ say "FAIL the first vTPM did not format the blank disk"; exit 1; }
client "$DOMNAME-c0" "store n=3" "$DOMNAME" || exit 1
wait_for "$DOMNAME-c0" 300 '[ -n "$S_VERDICT" ]'
case "$S_VERDICT" in
"VERDICT: PASS"*) say "ok first client: loaded $S_LOADED, ${S_VERDICT#VERDICT: PASS }" ;;
*) say "FAIL first client: ${S_VERDICT:-no verdict: $S_LAST}"
	dump "$DOMNAME" "$DOMNAME-c0"; exit 1 ;;
esac
lo=$S_ACK hi=$S_ACK
wait_gone "$DOMNAME-c0" 60
xl shutdown "$DOMNAME" >/dev/null 2>&1
wait_gone "$DOMNAME" 120 || { say "FAIL the first vTPM did not stop"; exit 1; }

# ---- kill rounds ----
t_rounds=$(now_cs)
for r in $(seq 1 "$ROUNDS"); do
	round "$r" || break
done
t_rounds=$(($(now_cs) - t_rounds))
# Nothing of the rounds may still run on the disk when the check starts.
for d in $(xl list 2>/dev/null | sed -n "s/^\($DOMNAME-[vc][0-9]*\) .*/\1/p"); do
	destroy "$d" || { say "FAIL $d cannot be destroyed: no check"; exit 1; }
done

# ---- the check: a fresh vTPM and client read it back, a clean stop ----
v=$DOMNAME-vcheck c=$DOMNAME-ccheck
if vtpm "$v" && wait_ready "$v" && client "$c" check "$v"; then
	wait_for "$c" 120 '[ -n "$S_VERDICT" ]'
	case "$S_LOADED" in
	[0-9]*) judge check "$S_LOADED" ;;
	"") say "FAIL check: nothing read: ${S_VERDICT:-$S_LAST}"; dump "$v" "$c" ;;
	*) judge check "$S_LOADED" ;;
	esac
	wait_gone "$c" 60 || destroy "$c"
	xl shutdown "$v" >/dev/null 2>&1
	if wait_for "$v" 120 '[ -n "$S_STOPPED" ]'; then
		say "ok stopped: $(tr -d '\r' <"$(log_of "$v")" | grep -m1 '^vtpm: stats')"
	else
		say "FAIL $v did not stop cleanly: $S_LAST"
	fi
	wait_gone "$v" 60 || destroy "$v"
fi
say "rounds took $((t_rounds / 100)) s; the last vTPM was ready $(cs "$ready_cs") s after xl create"
say "ok summary: kill points $kills ($kboot in vTPM start-up, $kread in the client's start-up, $kstore while storing), lost $lost, torn $torn; of $((exact + inflight + lost)) read-backs, $exact the last ack, $inflight the write in flight"
