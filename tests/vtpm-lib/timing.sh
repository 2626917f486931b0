#!/bin/sh
# tests/vtpm-lib/timing.sh: TPM commands per second for the vtpm benchmark.
#
# Times N runs each of tpm2_getrandom 32, tpm2_pcrextend, and an RSA-2048
# (RSASSA) and ECC P-256 (ECDSA) sign of a fixed message, against the TPM
# that TPM2TOOLS_TCTI names.  The same script runs in the rig guest
# (device:/dev/tpm0 through the vTPM) and in dom0 (swtpm), so both figures
# include one tpm2-tools process per command.  The signing keys are made
# once and evicted to persistent handles, so a sign loads no context and
# leaves no transient object behind (there is no resource manager).
# Prints, per command:
#   TIMING NAME COUNT CENTISECONDS RATE/s
# and "TIMING done" (or "TIMING FAIL WHAT").  Never a verdict on speed.
# Environment: VTPM_TIMING_N (default 20), VTPM_WORK, VTPM_PREFIX.

N=${VTPM_TIMING_N:-20}
W=${VTPM_WORK:-/tmp/vtpm-timing}
PCR=16
RSA=0x81010020
ECC=0x81010021

out() { echo "${VTPM_PREFIX:-}TIMING $*"; }
fail() {
	out "FAIL $*"
	cleanup
	exit 1
}
cs() { # centiseconds since boot (works in busybox and dom0 alike)
	local up
	read -r up _ </proc/uptime
	echo "$up" | tr -d . | sed "s/^0*\(.\)/\1/"
}
cleanup() {
	tpm2_evictcontrol -C o -c "$RSA" >/dev/null 2>&1
	tpm2_evictcontrol -C o -c "$ECC" >/dev/null 2>&1
	tpm2_flushcontext -t >/dev/null 2>&1
}

# persist SPEC HANDLE: a signing key of SPEC under a fresh primary, at HANDLE.
persist() {
	tpm2_createprimary -C o -c "$W/prim.ctx" >/dev/null 2>"$W/err" &&
		tpm2_create -C "$W/prim.ctx" -G "$1" -u "$W/k.pub" -r "$W/k.priv" >/dev/null 2>>"$W/err" &&
		tpm2_flushcontext -t >/dev/null 2>&1 &&
		tpm2_load -C "$W/prim.ctx" -u "$W/k.pub" -r "$W/k.priv" -c "$W/k.ctx" >/dev/null 2>>"$W/err" &&
		tpm2_evictcontrol -C o -c "$W/k.ctx" "$2" >/dev/null 2>>"$W/err"
	local rc=$?
	tpm2_flushcontext -t >/dev/null 2>&1
	return $rc
}

# run NAME CMD...: CMD N times; the rate is N over the elapsed time.
run() {
	local name=$1 i=0 t0 t1
	shift
	t0=$(cs)
	while [ "$i" -lt "$N" ]; do
		"$@" >/dev/null 2>"$W/err" || fail "$name: $(tail -n 1 "$W/err")"
		i=$((i + 1))
	done
	t1=$(cs)
	out "$name $N $((t1 - t0)) $(awk -v n="$N" -v c="$((t1 - t0))" 'BEGIN { if (c > 0) printf "%.2f", n * 100 / c; else print "-" }')/s"
}

mkdir -p "$W" || exit 1
printf 'domlet vtpm timing message' >"$W/msg"
D=$(printf 'domlet vtpm timing extend' | sha256sum | cut -c1-64)
cleanup
persist rsa2048:rsassa "$RSA" || fail "rsa key: $(tail -n 1 "$W/err")"
persist ecc256:ecdsa "$ECC" || fail "ecc key: $(tail -n 1 "$W/err")"
run getrandom32 tpm2_getrandom 32
run pcrextend tpm2_pcrextend "$PCR:sha256=$D"
run rsa2048-sign tpm2_sign -c "$RSA" -g sha256 -o "$W/sig" "$W/msg"
run ecc256-sign tpm2_sign -c "$ECC" -g sha256 -o "$W/sig" "$W/msg"
cleanup
out done
