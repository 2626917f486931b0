#!/bin/sh
# The restored copy passed too.
[ -f "$WORK/restored" ] || { echo "during.sh never finished"; exit 1; }
echo "--- restored copy's console"
tr -d '\r' <"$WORK/restored-console.log" 2>/dev/null
r=$(cat "$WORK/restored")
[ "$r" = ok ] || { echo "$r"; exit 1; }
