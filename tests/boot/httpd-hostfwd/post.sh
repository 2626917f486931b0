# The host's checks (host-during.sh's lines in $SCEN/host-done) all
# passed, and the guest counted the requests they made.
set -u
. "$SCENLIB"
[ -s "$SCEN/host-done" ] || { echo "no results from the host"; exit 1; }
if grep -q '^FAIL' "$SCEN/host-done"; then
	grep -m1 '^FAIL' "$SCEN/host-done"
	exit 1
fi
for want in "ok index" "ok big" "ok 404" "ok put refused: uploads off" "ok concurrent: 20 of 20"; do
	grep -qx "$want" "$SCEN/host-done" || { echo "host check missing: $want"; exit 1; }
done
reqs=$(tr -d '\r' <"$LOG" | sed -n 's/^httpd: .* connections .*, \([0-9]*\) requests:.*/\1/p' | tail -n 1)
[ "${reqs:-0}" -ge 23 ] || { echo "the guest served ${reqs:-no} requests, the host made at least 23"; exit 1; }
echo "host checks ok; the guest served $reqs requests"
