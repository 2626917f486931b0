# Each bad entry was answered by its message and the menu came back.
. "$SCENLIB"
require_results "ok bad 1" "ok bad 2" "ok bad 3" "ok bad 4" "ok bad 5" \
	"ok bad 7" "ok bad 8"
