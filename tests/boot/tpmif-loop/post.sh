# The frontends' verdicts (during.sh), then the backend's counters: it
# refused every hostile page and handshake, and reset the TPM for each
# new frontend domain (a, b, hostile, die, good2: at least 5; a and b
# may add one each when the other was served between their connects).
set -u
. "$SCENLIB"
require_results "ok good:" "ok a:" "ok b:" "ok hostile:" "ok die:" "ok good2:" \
	"ok no vtpm backends left" || exit 1
stats=$(tr -d '\r' <"$LOG" | grep -m1 '^tpmiftest: stats ')
echo "$stats"
v=$(sed -n 's/.* violations=\([0-9]*\).*/\1/p' <<<"$stats")
r=$(sed -n 's/.* refused=\([0-9]*\).*/\1/p' <<<"$stats")
[ "${v:-0}" -ge 8 ] || { echo "backend counted ${v:-no} violations, want >= 8"; exit 1; }
[ "${r:-0}" -ge 10 ] || { echo "backend counted ${r:-no} refused handshakes, want >= 10"; exit 1; }
x=$(sed -n 's/.* resets=\([0-9]*\).*/\1/p' <<<"$stats")
[ "${x:-0}" -ge 5 ] && [ "${x:-0}" -le 7 ] ||
	{ echo "backend made ${x:-no} platform resets, want 5-7 (one per new domain)"; exit 1; }
echo "backend survived: $v violations, $r refused handshakes, $x resets"
