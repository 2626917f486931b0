# The stub domain's id, for post.sh's leftover check.
. "$SCEN/hvm-lib/dom0.sh"
dm=$(hvm_stubdom_id "$DOMNAME") || { echo "$dm"; exit 1; }
echo "$dm" >"$WORK/dm-domid"
echo "stub domain $dm"
