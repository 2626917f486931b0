# The guest's verdict covers what it saw; this covers what dom0 saw
# (during.sh's ping and UDP checks) and that the vifs' backends are gone.
set -u
. "$SCENLIB"
require_results "ok udp echo: 18 of 18" || exit 1
no_backends vif || exit 1
echo "dom0 checks ok"
