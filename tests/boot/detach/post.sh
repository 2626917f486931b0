# dom0's view of the double detach (during.sh), and no vbd or vif backend
# left once the domain is gone.
set -u
. "$SCENLIB"
require_results "ok xl block-detach returned 0" "ok xl network-detach returned 0" \
	"ok backend/vbd/.* no device left" "ok backend/vif/.* no device left" || exit 1
no_backends vbd vif || exit 1
echo "detach checks ok"
