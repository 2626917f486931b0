#!/bin/sh
# Nothing of the destroyed domain is left in xenstore.
sleep 1
if [ -n "$DOMID" ] && xenstore-exists "/local/domain/$DOMID" 2>/dev/null; then
	echo "/local/domain/$DOMID still exists after xl destroy"
	exit 1
fi
if xenstore-ls /local/domain/0/backend 2>/dev/null | grep -q "frontend-id = \"$DOMID\""; then
	echo "a backend of domain $DOMID is left"
	exit 1
fi
if xl list | grep -q "^$DOMNAME "; then
	echo "$DOMNAME still listed by xl"
	exit 1
fi
