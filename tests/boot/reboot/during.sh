#!/bin/bash
# Once the guest holds, ask it to reboot.
. "$SCENLIB"
wait_line '^hello: holding' 60 >/dev/null || { echo "guest never reached hold"; exit 1; }
exec xl reboot "$DOMNAME"
