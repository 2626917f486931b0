# tests/vtpm-lib/dom0.sh: dom0 helpers for TPM scenarios (sourced by a
# scenario's pre/during/post.sh after "$SCENLIB"; uses the runner's SCEN
# and WORK).  The scenario's host-pre.sh ran tests/vtpm-lib/host-pre.sh,
# so $SCEN holds dom0-tpm.cpio.gz and vtpm-lib/.
#
#   vtpm_dom0_tools            unpack swtpm and tpm2-tools into dom0 (once
#                              per rig boot; ~13 MB of files dom0 lacks)
#   swtpm_start DIR [PORT]     a TPM 2.0 swtpm on 127.0.0.1:PORT (default
#                              2321; control channel PORT+1) with its state
#                              in DIR, started (startup-clear), no RM
#   swtpm_stop DIR             stop it (SIGTERM) and wait until it is gone
#   swtpm_tcti [PORT]          the TPM2TOOLS_TCTI value for it
#   vtpm_basic_swtpm OUT [STEPS]  basic.sh against a fresh swtpm -> OUT
#   vtpm_check OUT             OUT's every step is ok and its PCR lines
#                              are the values dom0 computes (basic.sh expect)
#   vtpm_compare GOT REF       every non-"info" line of GOT equals REF's
#   vtpm_guest_lines [LOG]     the guest's "VTPM " console lines, unprefixed
#   vtpm_guest NAME BACKEND RIGTPM SECS
#                              boots the rig's TPM guest NAME with
#                              vtpm=["backend=BACKEND"] and rigtpm=RIGTPM,
#                              waits up to SECS for its verdict, prints it
#                              ("" if none), waits until it is gone;
#                              returns 0 on PASS.  Its lines afterwards:
#                              vtpm_guest_lines "$(guest_log NAME)"
# Each check prints what it found and returns non-zero with a reason.

VTPM_LIB=${VTPM_LIB:-$SCEN/vtpm-lib}

vtpm_dom0_tools() {
	local stamp
	stamp=$(md5sum <"$SCEN/dom0-tpm.cpio.gz" | cut -c1-32)
	[ "$(cat /run/vtpm-dom0-tools 2>/dev/null)" = "$stamp" ] && return 0
	(cd / && gzip -dc "$SCEN/dom0-tpm.cpio.gz" | cpio -idmu 2>/tmp/vtpm-cpio.err) ||
		{ echo "unpacking dom0-tpm.cpio.gz failed: $(tail -n 1 /tmp/vtpm-cpio.err)"; return 1; }
	command -v swtpm >/dev/null && command -v tpm2_getrandom >/dev/null ||
		{ echo "no swtpm or tpm2-tools after unpacking"; return 1; }
	echo "$stamp" >/run/vtpm-dom0-tools
}

swtpm_tcti() { echo "swtpm:host=127.0.0.1,port=${1:-2321}"; }

swtpm_start() {
	local dir=$1 port=${2:-2321} i
	mkdir -p "$dir"
	swtpm socket --tpm2 --daemon --pid "file=$dir/swtpm.pid" --log "file=$dir/swtpm.log" \
		--server "type=tcp,port=$port,bindaddr=127.0.0.1" \
		--ctrl "type=tcp,port=$((port + 1)),bindaddr=127.0.0.1" \
		--tpmstate "dir=$dir" --flags not-need-init,startup-clear ||
		{ echo "swtpm did not start: $(tail -n 1 "$dir/swtpm.log" 2>/dev/null)"; return 1; }
	echo "$port" >"$dir/port"
	for i in $(seq 50); do
		TPM2TOOLS_TCTI=$(swtpm_tcti "$port") tpm2_getcap properties-fixed >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	echo "swtpm on port $port does not answer"
	return 1
}

# SIGTERM: swtpm writes its permanent state after every command that
# changes it, so nothing is lost (swtpm_ioctl is in swtpm-tools, not here).
swtpm_stop() {
	local dir=$1 pid i
	pid=$(cat "$dir/swtpm.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	rm -f "$dir/swtpm.pid"
	return 0
}

vtpm_basic_swtpm() {
	local out=$1 dir=$WORK/swtpm-basic rc=0
	shift
	rm -rf "$dir"
	swtpm_start "$dir" || return 1
	TPM2TOOLS_TCTI=$(swtpm_tcti) VTPM_WORK=$WORK/basic-work sh "$VTPM_LIB/basic.sh" "$@" >"$out" 2>&1 || rc=$?
	swtpm_stop "$dir"
	return $rc
}

vtpm_check() {
	local got=$1 line bad=0
	grep -q '^done: [0-9]* steps, 0 failed$' "$got" ||
		{ echo "not every step passed: $(grep -m1 -E 'FAIL|^done' "$got" || echo 'no done line')"; return 1; }
	VTPM_WORK=$WORK/expect sh "$VTPM_LIB/basic.sh" expect >"$WORK/expect.out"
	while IFS= read -r line; do
		grep -qxF "$line" "$got" || { echo "expected, not found: $line"; bad=1; }
	done <"$WORK/expect.out"
	[ $bad = 0 ] || return 1
	echo "every step ok; PCR values as dom0 computes them ($(wc -l <"$WORK/expect.out") lines)"
}

vtpm_compare() {
	grep -v '^info ' "$1" >"$WORK/cmp.got"
	grep -v '^info ' "$2" >"$WORK/cmp.ref"
	if ! cmp -s "$WORK/cmp.got" "$WORK/cmp.ref"; then
		echo "differs from the reference (- ref, + got): $(diff -u "$WORK/cmp.ref" "$WORK/cmp.got" | grep -E '^[-+][^-+]' | head -n 2 | tr '\n' ' ')"
		return 1
	fi
	echo "$(wc -l <"$WORK/cmp.got") lines equal the reference"
}

vtpm_guest_lines() {
	tr -d '\r' <"${1:-$LOG}" | sed -n 's/^VTPM //p'
}

vtpm_guest() {
	local name=$1 backend=$2 mode=$3 secs=$4 v
	cat >"$WORK/$name.cfg" <<CFG
name = "$name"
kernel = "/share/images/guest-vmlinux.gz"
ramdisk = "$SCEN/guest-initrd-tpm"
extra = "console=hvc0 rigmode=tpm rigtpm=$mode"
memory = 256
vcpus = 1
vtpm = [ "backend=$backend" ]
on_crash = "destroy"
CFG
	: >"$(guest_log "$name")" 2>/dev/null
	if ! xl create -q "$WORK/$name.cfg" >"$WORK/$name.xl.out" 2>&1; then
		echo "xl create: $(tail -n 1 "$WORK/$name.xl.out")"
		return 1
	fi
	v=$(wait_line '^VERDICT: ' "$secs" "$(guest_log "$name")")
	echo "$v"
	wait_gone "$name" 60 || xl destroy "$name" 2>/dev/null
	case "$v" in "VERDICT: PASS"*) return 0 ;; *) return 1 ;; esac
}
