# dom0's view of the detach (during.sh) and no vif backend left behind.
set -u
res=$WORK/detach-result
[ -s "$res" ] || { echo "during.sh recorded nothing"; exit 1; }
cat "$res"
if grep -q '^FAIL' "$res"; then
	grep '^FAIL' "$res" | head -n 1
	exit 1
fi
grep -q '^ok backend/vif/.* removed' "$res" || { echo "detach not confirmed"; exit 1; }
if xenstore-list /local/domain/0/backend/vif 2>/dev/null | grep -qx "$DOMID"; then
	echo "backend/vif/$DOMID still in xenstore after the domain is gone"
	exit 1
fi
echo "detach checks ok"
