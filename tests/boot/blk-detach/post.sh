# xl block-detach succeeded, and nothing of the disk is left in xenstore.
set -u
. "$SCENLIB"
require_results "ok xl block-detach" || exit 1
no_backends vbd || exit 1
echo "block-detach ok, no vbd backend left"
