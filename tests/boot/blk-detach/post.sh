# xl block-detach succeeded, and nothing of the disk is left in xenstore.
set -u
[ "$(cat "$WORK/detach.rc" 2>/dev/null)" = ok ] ||
	{ echo "detach: $(cat "$WORK/detach.rc" 2>/dev/null || echo 'never ran')"; exit 1; }
if xenstore-list /local/domain/0/backend/vbd 2>/dev/null | grep -qx "$DOMID"; then
	echo "backend/vbd/$DOMID still in xenstore after the domain is gone"
	exit 1
fi
echo "block-detach ok, no vbd backend left"
