#!/bin/bash
# Answers the guest's READY-FOR-SHUTDOWN with `xl shutdown`, which the
# guest must turn into a clean poweroff.
. "$SCENLIB"
wait_line READY-FOR-SHUTDOWN 200 >/dev/null ||
	{ echo "guest never became ready for shutdown"; exit 1; }
xl shutdown "$DOMNAME"
