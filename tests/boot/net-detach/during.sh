# Detach the vif in the middle of traffic both ways; record the outcome
# in $WORK/detach-result for post.sh.
set -u
res=$WORK/detach-result
say() { echo "$*"; echo "$*" >>"$res"; }
for i in $(seq 240); do
	tr -d '\r' <"$LOG" 2>/dev/null | grep -q '^nettest: ready' && break
	sleep 0.5
done
tr -d '\r' <"$LOG" | grep -q '^nettest: ready' || { say "FAIL guest never ready"; exit 1; }
ping -c 200 -i 0.2 -W 1 10.99.0.3 >"$WORK/ping" 2>&1 &
sleep 3
rx=$(cat /sys/class/net/vif$DOMID.0/statistics/rx_packets 2>/dev/null)
say "ok before detach: dom0 received ${rx:-?} frames from the guest"
if xl network-detach "$DOMNAME" 0 >"$WORK/detach.out" 2>&1; then
	say "ok xl network-detach returned 0"
else
	say "FAIL xl network-detach: $(tail -n 1 "$WORK/detach.out")"
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
