# dom0's view of the double detach (during.sh), and no vbd or vif backend
# left once the domain is gone.
set -u
res=$WORK/detach-result
[ -s "$res" ] || { echo "during.sh recorded nothing"; exit 1; }
cat "$res"
if grep -q '^FAIL' "$res"; then
	grep '^FAIL' "$res" | head -n 1
	exit 1
fi
for want in 'xl block-detach returned 0' 'xl network-detach returned 0' \
	'backend/vbd/.* no device left' 'backend/vif/.* no device left'; do
	grep -q "^ok $want" "$res" || { echo "not confirmed: $want"; exit 1; }
done
for kind in vbd vif; do
	if xenstore-list "/local/domain/0/backend/$kind" 2>/dev/null | grep -qx "$DOMID"; then
		echo "backend/$kind/$DOMID still in xenstore after the domain is gone"
		exit 1
	fi
done
echo "detach checks ok"
