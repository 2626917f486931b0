# The stub domain's disk: which backend serves it.
. "$SCEN/hvm-lib/dom0.sh"
dm=$(hvm_stubdom_id "$DOMNAME") || { echo "$dm"; exit 1; }
echo "$dm" >"$WORK/dm-domid"
for ((i = 0; i < 150; i++)); do
	be=$(xenstore-read /local/domain/$dm/device/vbd/768/backend 2>/dev/null) && break
	sleep 0.2
done
echo "stub domain $dm's vbd 768: backend ${be:-none}"
echo "${be:-none}" >"$WORK/dm-backend"
[ -n "$be" ] && echo "backend params: $(xenstore-read "$be/params" 2>&1)"
