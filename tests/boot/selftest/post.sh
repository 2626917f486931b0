#!/bin/sh
# xl shutdown left nothing of the domain behind in xenstore.
if xenstore-ls /local/domain 2>/dev/null | grep -q "name = \"$DOMNAME\""; then
	echo "domain $DOMNAME still in xenstore"
	exit 1
fi
exit 0
