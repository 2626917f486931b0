# The frontends' verdicts (during.sh), then the vTPM's own counters: it
# refused every hostile page and handshake, and served on.
set -u
. "$SCENLIB"
require_results "ok vtpm ready" "ok hostile:" "ok die:" "ok good:" "ok linux:" \
	"ok linux steps:" "ok no vtpm backends left" || exit 1
stats=$(tr -d '\r' <"$LOG" | grep -m1 '^vtpm: stats ')
echo "${stats:-no vtpm: stats line}"
v=$(sed -n 's/.* violations=\([0-9]*\).*/\1/p' <<<"$stats")
r=$(sed -n 's/.* refused=\([0-9]*\).*/\1/p' <<<"$stats")
[ "${v:-0}" -ge 8 ] || { echo "the vTPM counted ${v:-no} violations, want >= 8"; exit 1; }
[ "${r:-0}" -ge 10 ] || { echo "the vTPM counted ${r:-no} refused handshakes, want >= 10"; exit 1; }
echo "the vTPM survived: $v violations, $r refused handshakes, then served the Linux guest"
