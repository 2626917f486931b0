# Detach the vif in the middle of traffic both ways; record the outcome
# in $RESULTS for post.sh.
set -u
. "$SCENLIB"
wait_line '^nettest: ready' 120 >/dev/null || { say "FAIL guest never ready"; exit 1; }
ping -c 200 -i 0.2 -W 1 10.99.0.3 >"$WORK/ping" 2>&1 &
sleep 3
rx=$(cat /sys/class/net/vif$DOMID.0/statistics/rx_packets 2>/dev/null)
say "ok before detach: dom0 received ${rx:-?} frames from the guest"
if xl -vvv network-detach "$DOMNAME" 0 >"$WORK/detach.out" 2>&1; then
	say "ok xl network-detach returned 0"
else
	# CI once saw "libxl_device_nic_del failed" here and nothing else;
	# keep libxl's whole story and the hotplug log for the next time.
	say "FAIL xl network-detach: $(grep -v '^ *$' "$WORK/detach.out" | tail -n 1)"
	sed 's/^/  xl: /' "$WORK/detach.out" | tail -n 60 >>"$RESULTS"
	for f in /var/log/xen/xen-hotplug.log /var/log/xen/xl-*.log; do
		[ -f "$f" ] && tail -n 20 "$f" | sed "s|^|  $f: |" >>"$RESULTS"
	done
	echo "  backend state: $(xenstore-read "/local/domain/0/backend/vif/$DOMID/0/state" 2>&1)" >>"$RESULTS"
fi
for i in $(seq 20); do
	xenstore-exists "/local/domain/0/backend/vif/$DOMID/0" 2>/dev/null || break
	sleep 0.5
done
if xenstore-exists "/local/domain/0/backend/vif/$DOMID/0" 2>/dev/null; then
	say "FAIL backend/vif/$DOMID/0 still in xenstore 10s after the detach"
else
	say "ok backend/vif/$DOMID/0 removed"
fi
kill %1 2>/dev/null
