# dom0's view of the detach (during.sh) and no vif backend left behind.
set -u
. "$SCENLIB"
require_results "ok backend/vif/.* removed" || exit 1
no_backends vif || exit 1
echo "detach checks ok"
