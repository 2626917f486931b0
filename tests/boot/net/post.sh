# The guest's verdict covers what it saw; this covers what dom0 saw
# (during.sh's ping and UDP checks) and that the vifs' backends are gone.
set -u
res=$WORK/net-result
[ -s "$res" ] || { echo "during.sh recorded nothing"; exit 1; }
cat "$res"
if grep -q '^FAIL' "$res"; then
	grep '^FAIL' "$res" | head -n 1
	exit 1
fi
grep -q '^ok udp echo: 18 of 18' "$res" || { echo "udp echo incomplete"; exit 1; }
if xenstore-list /local/domain/0/backend/vif 2>/dev/null | grep -qx "$DOMID"; then
	echo "backend/vif/$DOMID still in xenstore after the domain is gone"
	exit 1
fi
echo "dom0 checks ok"
