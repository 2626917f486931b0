# The first client, every round and the last check judged by during.sh;
# at least 15 kill points, none of which lost or tore the counter.
set -u
. "$SCENLIB"
require_results "ok first client:" "ok check:" "ok stopped:" "ok summary:" ||
	exit 1
line=$(grep -m1 '^ok summary:' "$RESULTS")
k=$(sed -n 's/.*kill points \([0-9]*\).*/\1/p' <<<"$line")
l=$(sed -n 's/.*, lost \([0-9]*\),.*/\1/p' <<<"$line")
t=$(sed -n 's/.*, torn \([0-9]*\).*/\1/p' <<<"$line")
[ "${k:-0}" -ge 15 ] || { echo "only ${k:-no} kill points, want >= 15"; exit 1; }
[ "$l" = 0 ] && [ "$t" = 0 ] || { echo "lost ${l:-?}, torn ${t:-?}"; exit 1; }
echo "kill points $k, lost 0, torn 0"
