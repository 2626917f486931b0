# What during.sh saw, QEMU's console 0 (one line per QMP session), and
# nothing left behind.
. "$SCENLIB"
log=/var/log/xen/qemu-dm-$DOMNAME.log
grep 'QMP session' "$log" 2>/dev/null
require_results "ok info status" "ok info pci" "ok sendkey" || exit 1
sessions=$(grep -c 'QMP session' "$log" 2>/dev/null)
# xl's three commands (and libxl's own "cont" at start-up)
[ "${sessions:-0}" -ge 3 ] || { echo "console 0 shows ${sessions:-0} QMP sessions, want >= 3"; exit 1; }
for ((i = 0; i < 25; i++)); do
	xl domid "$DOMNAME-dm" >/dev/null 2>&1 || break
	sleep 0.2
done
if xl domid "$DOMNAME-dm" >/dev/null 2>&1; then
	echo "$DOMNAME-dm left behind"
	exit 1
fi
echo "$sessions QMP sessions; nothing left behind"
