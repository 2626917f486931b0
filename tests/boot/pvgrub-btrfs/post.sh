set -u
. "$SCENLIB"
require_results "ok default entry" "ok lzo entry" || exit 1
