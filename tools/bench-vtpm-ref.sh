#!/bin/bash
# tools/bench-vtpm-ref.sh: the swtpm reference of the vtpm benchmark
# (issue 10): TPM commands per second from tpm2-tools against swtpm in
# the rig's dom0 (tests/vtpm-lib/timing.sh: tpm2_getrandom 32,
# tpm2_pcrextend, RSA-2048 and ECC P-256 sign; one tpm2-tools process per
# command).  Timing never decides a test; the figures are only printed.
#
#   tools/bench-vtpm-ref.sh                one rig run of the reference
#                                          scenario, then its figures
#   tools/bench-vtpm-ref.sh scenario DIR   only make the scenario (a copy
#                                          of tests/boot/vtpm-swtpm-ref with
#                                          timing on) at DIR, for a suite
#                                          that runs it with its own guests
#   tools/bench-vtpm-ref.sh report NAME    the figures of scenario NAME from
#                                          the last rig run's logs, as
#                                          "NAME COUNT SECONDS RATE/s" lines
# Environment: VTPM_TIMING_N commands of each kind (default 20).
set -uo pipefail
cd "$(dirname "$0")/.."
N=${VTPM_TIMING_N:-20}

make_scenario() {
	rm -rf "$1"
	mkdir -p "${1%/*}"
	cp -r tests/boot/vtpm-swtpm-ref "$1"
	echo "$N" >"$1/bench"
}

# timing.sh's "TIMING NAME COUNT CENTISECONDS RATE/s" lines in dom0's
# script log of scenario $1.
report() {
	local log=build/rig/logs/$1.dom0.log
	[ -f "$log" ] || { echo "no $log"; return 1; }
	grep -q '^TIMING done' "$log" || { echo "swtpm timing did not finish: $(grep -m1 'TIMING FAIL' "$log")"; return 1; }
	awk '$1 == "TIMING" && NF == 5 { printf "%-14s %5d %8.2f %10s\n", $2, $3, $4 / 100, $5 }' "$log"
}

case "${1:-}" in
scenario) make_scenario "${2:?usage: $0 scenario DIR}" ;;
report) report "${2:?usage: $0 report NAME}" ;;
"")
	dir=build/bench-vtpm/vtpm-swtpm-ref-bench
	make_scenario "$dir"
	tools/rig/run "$dir"
	rc=$?
	echo
	echo "swtpm in dom0 through tpm2-tools (commands per second; printed, never judged)"
	printf '%-14s %5s %8s %10s\n' command count seconds rate
	report vtpm-swtpm-ref-bench || rc=1
	exit $rc
	;;
*) echo "usage: $0 [scenario DIR | report NAME]" >&2; exit 2 ;;
esac
