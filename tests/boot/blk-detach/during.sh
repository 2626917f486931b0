#!/bin/bash
# On BLK-TRAFFIC: detach xvda (xl waits for the frontend to close and
# fails after its own timeout if it does not); on READY-FOR-SHUTDOWN:
# xl shutdown.  The detach result is left in $WORK for post.sh.
wait_line() {
	local i
	for i in $(seq 600); do
		grep -q "$1" "$LOG" 2>/dev/null && return 0
		sleep 0.5
	done
	return 1
}
wait_line BLK-TRAFFIC || { echo "guest never started traffic"; exit 1; }
if xl block-detach "$DOMNAME" xvda; then
	echo ok >"$WORK/detach.rc"
else
	echo "xl block-detach failed: $?" >"$WORK/detach.rc"
fi
cat "$WORK/detach.rc"
wait_line READY-FOR-SHUTDOWN || { echo "guest never became ready for shutdown"; exit 1; }
xl shutdown "$DOMNAME"
