# The dom0 side of the vchan (during.sh) got its data back.
. "$SCENLIB"
require_results "ok dom0 vchan-socket-proxy"
