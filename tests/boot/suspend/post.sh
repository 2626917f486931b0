#!/bin/bash
# The restored copy passed too.
. "$SCENLIB"
echo "--- restored copy's console"
tr -d '\r' <"$WORK/restored-console.log" 2>/dev/null
require_results "ok restored copy"
