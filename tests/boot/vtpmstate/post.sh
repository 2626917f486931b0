# Every round loaded the last acked state or the one in flight, intact,
# on both disks; the loop device is released either way.
set -u
. "$SCENLIB"
/usr/sbin/losetup -d /dev/loop7 2>/dev/null
require_results "ok round 512 1:" "ok round 512 check:" "ok round 4k 1:" \
	"ok round 4k check:" "ok summary:" || exit 1
grep -q 'lost 0, torn 0' "$RESULTS" || { echo "states lost or torn"; exit 1; }
