#!/bin/bash
# On BLK-TRAFFIC: detach xvda (xl waits for the frontend to close and
# fails after its own timeout if it does not); on READY-FOR-SHUTDOWN:
# xl shutdown.  The detach's outcome goes to $RESULTS for post.sh.
. "$SCENLIB"
wait_line BLK-TRAFFIC 300 >/dev/null || { say "FAIL guest never started traffic"; exit 1; }
if xl block-detach "$DOMNAME" xvda; then
	say "ok xl block-detach returned 0"
else
	say "FAIL xl block-detach failed: $?"
fi
wait_line READY-FOR-SHUTDOWN 300 >/dev/null ||
	{ say "FAIL guest never became ready for shutdown"; exit 1; }
xl shutdown "$DOMNAME"
