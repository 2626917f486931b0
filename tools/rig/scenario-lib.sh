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
