#!/bin/sh
# tests/vtpm-lib/host-check.sh: basic.sh and timing.sh against a fresh
# swtpm on the host, under busybox sh when there is one (as in the rig
# guest), in a few seconds and without the rig: a quick check after
# editing them.  Needs Debian's swtpm and tpm2-tools (tools/deps).
# Exit status: non-zero when a step failed or the PCR lines differ from
# basic.sh expect.
set -u
LIB=$(cd "$(dirname "$0")" && pwd)
D=$(mktemp -d /tmp/vtpm-host-check.XXXXXX)
PORT=${VTPM_PORT:-2421}
SH="sh"
command -v busybox >/dev/null && SH="busybox sh"
swtpm socket --tpm2 --daemon --pid "file=$D/pid" --tpmstate "dir=$D" \
	--server "type=tcp,port=$PORT,bindaddr=127.0.0.1" --ctrl "type=tcp,port=$((PORT + 1)),bindaddr=127.0.0.1" \
	--flags not-need-init,startup-clear || { echo "swtpm did not start"; exit 1; }
export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$PORT" VTPM_WORK=$D/work
$SH "$LIB/basic.sh" | tee "$D/basic.out"
rc=$?
$SH "$LIB/basic.sh" expect >"$D/expect.out"
while IFS= read -r line; do
	grep -qxF "$line" "$D/basic.out" || { echo "expected, not found: $line"; rc=1; }
done <"$D/expect.out"
VTPM_TIMING_N=${VTPM_TIMING_N:-5} $SH "$LIB/timing.sh" || rc=1
kill "$(cat "$D/pid")"
rm -rf "$D"
[ "$rc" = 0 ] && echo "host-check: ok" || echo "host-check: FAILED"
exit "$rc"
