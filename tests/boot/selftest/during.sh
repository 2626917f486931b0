#!/bin/sh
# Answers the guest's READY-FOR-SHUTDOWN with `xl shutdown`, which the
# guest must turn into a clean poweroff.
i=0
while [ $i -lt 200 ]; do
	if grep -q "READY-FOR-SHUTDOWN" "$LOG" 2>/dev/null; then
		xl shutdown "$DOMNAME"
		exit 0
	fi
	sleep 1
	i=$((i + 1))
done
echo "guest never became ready for shutdown"
exit 1
