#!/bin/bash
# Once the guest holds, ask it to shut down.
. "$SCENLIB"
wait_line '^hello: holding' 60 >/dev/null || { echo "guest never reached hold"; exit 1; }
exec xl shutdown "$DOMNAME"
