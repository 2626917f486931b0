# dom0's half: fetch, checkpoint, fetch again, let the original go;
# restore the checkpoint as "$DOMNAME-r" and fetch everything from it.
set -u
. "$SCENLIB"
: >"$RESULTS"
ip=10.99.0.30
copy=$DOMNAME-r
copylog=/var/log/xen/console/guest-$copy.log

wait_line '^httpd: ready' 300 >/dev/null || { say "FAIL guest never ready"; exit 1; }
fetch_check "$ip" before index.html small.bin

xl save -c "$DOMNAME" "$WORK/save.img" >"$WORK/save.out" 2>&1 ||
	{ say "FAIL xl save -c: $(tail -n 1 "$WORK/save.out")"; exit 1; }
say "ok checkpoint written ($(du -k "$WORK/save.img" | cut -f1) KiB)"
fetch_check "$ip" checkpointed index.html small.bin
xl shutdown "$DOMNAME"
wait_gone "$DOMNAME" 120 || { say "FAIL the original did not end"; exit 1; }

sed "s/^name = .*/name = \"$copy\"/" "$WORK/xl.cfg" >"$WORK/copy.cfg"
xl restore "$WORK/copy.cfg" "$WORK/save.img" >"$WORK/restore.out" 2>&1 ||
	{ say "FAIL xl restore: $(tail -n 1 "$WORK/restore.out")"; exit 1; }
finish() {
	echo "--- the restored copy's console"
	tr -d '\r' <"$copylog" 2>/dev/null
	xl destroy "$copy" 2>/dev/null
}
trap finish EXIT
for dev in 'netfront 0' 'blkfront xvda'; do
	line=$(wait_line "^$dev: (reconnected|reconnect).*" 120 "$copylog") ||
		{ say "FAIL restored copy: $dev never reconnected"; continue; }
	case "$line" in
	*reconnected*) say "ok restored copy: $line" ;;
	*) say "FAIL restored copy: $line" ;;
	esac
done
if grep -q '^FAIL restored copy' "$RESULTS"; then
	id=$(xl domid "$copy")
	echo "--- xenstore of the restored copy (domain $id) and its backends"
	xenstore-ls -f "/local/domain/$id/device" 2>&1 | head -n 60
	xenstore-ls -f /local/domain/0/backend 2>&1 | grep "/$id/" | head -n 80
fi
fetch_check "$ip" restored index.html small.bin big.bin
xl shutdown "$copy"
line=$(wait_line '^VERDICT: ' 120 "$copylog")
case "$line" in
"VERDICT: PASS httpd"*) say "ok restored copy: $line" ;;
*) say "FAIL restored copy's verdict: ${line:-none}" ;;
esac
wait_gone "$copy" 60
exit 0
