# dom0's checks from during.sh, which may end after the original has.
. "$SCENLIB"
require_results "ok before" "ok checkpoint" "ok checkpointed" \
	"ok restored copy: netfront" "ok restored copy: blkfront" \
	"ok restored:" "ok restored copy: VERDICT: PASS"
