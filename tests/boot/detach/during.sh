#!/bin/bash
# On BLK-TRAFFIC (block I/O and vif frames both flowing): detach the disk
# and the vif at the same moment, each xl in the background, and record
# both outcomes and whether the backends left xenstore; on
# READY-FOR-SHUTDOWN: xl shutdown.  post.sh judges $RESULTS.
set -u
. "$SCENLIB"
# pkts BEFORE: the vif's rx count now (frames dom0 got from the guest).
pkts() { cat "/sys/class/net/vif$DOMID.0/statistics/rx_packets" 2>/dev/null || echo 0; }
wait_line BLK-TRAFFIC 300 >/dev/null || { say "FAIL guest never started traffic"; exit 1; }
p0=$(pkts)
sleep 1
p1=$(pkts)
if [ "$p1" -gt "$p0" ]; then
	say "ok frames flowing on the vif before the detach ($((p1 - p0)) in 1 s)"
else
	say "FAIL no frames on the vif before the detach ($p0 -> $p1)"
fi
xl -v block-detach "$DOMNAME" xvda >"$WORK/blk.out" 2>&1 &
blk=$!
xl -v network-detach "$DOMNAME" 0 >"$WORK/net.out" 2>&1 &
net=$!
if wait $blk; then say "ok xl block-detach returned 0"; else
	say "FAIL xl block-detach: $(tail -n 1 "$WORK/blk.out")"
	sed 's/^/  xl: /' "$WORK/blk.out" | tail -n 40 >>"$RESULTS"
fi
if wait $net; then say "ok xl network-detach returned 0"; else
	say "FAIL xl network-detach: $(tail -n 1 "$WORK/net.out")"
	sed 's/^/  xl: /' "$WORK/net.out" | tail -n 40 >>"$RESULTS"
fi
for kind in vbd vif; do
	for i in $(seq 20); do
		[ -n "$(xenstore-list "/local/domain/0/backend/$kind/$DOMID" 2>/dev/null)" ] || break
		sleep 0.5
	done
	if [ -n "$(xenstore-list "/local/domain/0/backend/$kind/$DOMID" 2>/dev/null)" ]; then
		say "FAIL backend/$kind/$DOMID still has devices 10 s after the detach"
	else
		say "ok backend/$kind/$DOMID has no device left"
	fi
done
wait_line READY-FOR-SHUTDOWN 300 >/dev/null || { say "FAIL guest never became ready for shutdown"; exit 1; }
xl shutdown "$DOMNAME"
