# Waits for the guest, then for the host's checks (host-during.sh writes
# $SCEN/host-done when it has finished), then shuts the guest down.
set -u
. "$SCENLIB"
trap 'xl shutdown "$DOMNAME"' EXIT
wait_line '^httpd: ready' 300 || { echo "FAIL guest never ready"; exit 1; }
for ((i = 0; i < 600; i++)); do
	[ -s "$SCEN/host-done" ] && break
	sleep 0.5
done
[ -s "$SCEN/host-done" ] || { echo "FAIL no result from the host's checks in 300 s"; exit 1; }
cat "$SCEN/host-done"
