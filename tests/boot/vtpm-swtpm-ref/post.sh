# The guest's verdict covers xen-tpmfront without a device; this covers
# dom0's swtpm runs (during.sh) and that modprobe returned at once.
set -u
. "$SCENLIB"
line=$(tr -d '\r' <"$LOG" | grep -m1 'VTPM-INFO modprobe xen-tpmfront')
echo "guest: ${line:-no modprobe line}"
case "$line" in *"exit 0 after"*) ;; *) echo "guest: modprobe xen-tpmfront did not report exit 0"; exit 1 ;; esac
require_results "ok dom0 tools" "ok swtpm basic" "ok swtpm readback" || exit 1
[ ! -f "$SCEN/bench" ] || require_results "ok timing" >/dev/null || { echo "timing did not finish"; exit 1; }
echo "dom0 checks ok"
