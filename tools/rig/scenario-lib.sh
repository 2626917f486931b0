# tools/rig/scenario-lib.sh - helpers for scenarios' dom0 scripts
# (pre.sh, during.sh, post.sh).  The runner copies this file into the
# share and exports its path as SCENLIB, so a script starts with
#   . "$SCENLIB"
# It uses the runner's WORK, LOG (the guest's console log), DOMNAME and
# DOMID.
#
# Results: during.sh records each check as one line, "ok WHAT" or
# "FAIL WHAT", in $RESULTS (default $WORK/result) with `say`; post.sh
# then calls `require_results "ok a" "ok b" ...`, which fails on the
# first FAIL line or a missing ok line.

RESULTS=${RESULTS:-$WORK/result}

# say TEXT: print and record one result line.
say() {
	echo "$*"
	echo "$*" >>"$RESULTS"
}

# console_has REGEX [FILE]: a console line (CRs stripped) matches.
console_has() {
	tr -d '\r' 2>/dev/null <"${2:-$LOG}" | grep -qE "$1"
}

# wait_line REGEX [SECONDS [FILE]]: waits (default 300 s) until a line of
# the console log (or FILE) matches; prints the first match, returns 1 on
# timeout.
wait_line() {
	local re=$1 secs=${2:-300} file=${3:-$LOG} line i
	for ((i = 0; i < secs * 2; i++)); do
		line=$(tr -d '\r' 2>/dev/null <"$file" | grep -m1 -E "$re") &&
			{ echo "$line"; return 0; }
		sleep 0.5
	done
	return 1
}

# wait_gone NAME [SECONDS]: waits until domain NAME no longer exists.
wait_gone() {
	local i
	for ((i = 0; i < ${2:-60} * 2; i++)); do
		xl domid "$1" >/dev/null 2>&1 || return 0
		sleep 0.5
	done
	return 1
}

# signal_retry CMD...: runs CMD; if it died of a signal other than a
# kill (dom0's own flakiness under TCG: xl and busybox have been seen
# segfaulting on zeroed memory while guests load the rig), runs it again,
# three times at most.  Each retry is noted in $RESULTS (neither "ok"
# nor "FAIL", so post.sh shows it without failing on it).  Returns CMD's
# last status.
signal_retry() {
	local n rc
	for n in 1 2 3; do
		"$@"
		rc=$?
		if [ $rc -le 128 ] || [ $rc = 137 ] || [ $rc = 143 ] || [ $n = 3 ]; then
			return $rc
		fi
		echo "retried: $* died (exit $rc)" >>"$RESULTS"
	done
}

# require_results "ok a" ...: post.sh's judgement of $RESULTS.
require_results() {
	local want
	[ -s "$RESULTS" ] || { echo "during.sh recorded nothing"; return 1; }
	cat "$RESULTS"
	if grep -q '^FAIL' "$RESULTS"; then
		grep -m1 '^FAIL' "$RESULTS"
		return 1
	fi
	for want in "$@"; do
		grep -q "^$want" "$RESULTS" || { echo "missing: $want"; return 1; }
	done
	return 0
}

# sha256_matches KEY FILE: FILE's SHA-256 is the hex digest on the
# guest's last "KEY " console line (what it wrote and hashed).
sha256_matches() {
	local want got
	want=$(tr -d '\r' <"$LOG" | sed -n "s/^$1 //p" | tail -n 1)
	[ -n "$want" ] || { echo "guest printed no $1 line"; return 1; }
	got=$(sha256sum <"$2" | cut -d' ' -f1)
	[ "$got" = "$want" ] || { echo "${2##*/} sha256 $got, guest wrote $want"; return 1; }
	echo "${2##*/} sha256 matches the guest's $1 ($got)"
}

# no_backends KIND...: once the domain is gone, xenstore holds no KIND
# (vbd, vif) backend of it.
no_backends() {
	local kind
	for kind in "$@"; do
		if xenstore-list "/local/domain/0/backend/$kind" 2>/dev/null | grep -qx "$DOMID"; then
			echo "backend/$kind/$DOMID still in xenstore after the domain is gone"
			return 1
		fi
	done
	return 0
}

# fetch_check HOST TAG [NAME...]: GETs each NAME (default: every file
# listed in $WORK/site.sha256, sha256sum's format) from http://HOST/ with
# wget and compares it with its checksum there; says "FAIL TAG ..." for
# each bad file, else "ok TAG: N files fetched, checksums match".  A wget
# that died of a signal (dom0's flakiness under TCG, not the guest's
# doing) is retried once, and that is said.
fetch_check() {
	local host=$1 tag=$2 sum name got rc bad=0 n=0
	shift 2
	mkdir -p "$WORK/got"
	while read -r sum name; do
		[ $# = 0 ] || [[ " $* " == *" $name "* ]] || continue
		n=$((n + 1))
		rm -f "$WORK/got/file"
		timeout 60 wget -q -O "$WORK/got/file" "http://$host/$name" 2>"$WORK/got/err"
		rc=$?
		if [ $rc -gt 128 ] && [ $rc != 137 ]; then
			echo "wget of /$name died (exit $rc), retrying"
			timeout 60 wget -q -O "$WORK/got/file" "http://$host/$name" 2>"$WORK/got/err"
			rc=$?
		fi
		if [ $rc != 0 ]; then
			say "FAIL $tag GET /$name: $(tail -n 1 "$WORK/got/err")"
			bad=1
			continue
		fi
		got=$(sha256sum <"$WORK/got/file" | cut -d' ' -f1)
		[ "$got" = "$sum" ] || { say "FAIL $tag /$name: checksum differs"; bad=1; }
	done <"$WORK/site.sha256"
	if [ $# != 0 ] && [ $n != $# ]; then
		say "FAIL $tag: $# files asked for, $n of them in site.sha256"
		bad=1
	fi
	[ $bad = 1 ] || say "ok $tag: $n files fetched, checksums match"
}

# guest_log NAME: the console log xenconsoled keeps for domain NAME.
guest_log() { echo "/var/log/xen/console/guest-$1.log"; }

# console_send KEYS [DOMID]: types KEYS (printf %b: \e[B is down, \r is
# Enter) on the guest's PV console, through the pty xenconsoled keeps
# for it (xenstore console/tty), as `xl console` would.
console_send() {
	local tty
	tty=$(xenstore-read "/local/domain/${2:-$DOMID}/console/tty" 2>/dev/null) &&
		[ -c "$tty" ] || { echo "no console tty for domain ${2:-$DOMID}"; return 1; }
	printf '%b' "$1" >"$tty"
}
