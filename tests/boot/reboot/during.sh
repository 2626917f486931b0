#!/bin/sh
# Once the guest holds, ask it to reboot.
i=0
while [ $i -lt 120 ]; do
	if tr -d '\r' <"$LOG" 2>/dev/null | grep -q "^hello: holding"; then
		exec xl reboot "$DOMNAME"
	fi
	sleep 0.5
	i=$((i + 1))
done
echo "guest never reached hold"
exit 1
