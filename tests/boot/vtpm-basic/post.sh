# The guest's basic.sh lines: every step passed, the PCR values are
# those dom0 computes, and every deterministic line equals swtpm's.
set -u
. "$SCENLIB"
. "$SCEN/vtpm-lib/dom0.sh"
require_results "ok vtpm ready" "ok guest:" "ok reference" || exit 1
why=$(vtpm_check "$WORK/guest.out") || { echo "guest: $why"; exit 1; }
echo "guest: $why"
why=$(vtpm_compare "$WORK/guest.out" "$WORK/ref.out") || { echo "vs swtpm: $why"; exit 1; }
echo "vs swtpm: $why"
tr -d '\r' <"$LOG" | grep -m1 '^vtpm: stats ' || { echo "no vtpm stats line"; exit 1; }
