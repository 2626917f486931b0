# dom0's checks (during.sh: every byte arrived, over IPv4 and IPv6) and
# the guest's vif counters: the receive offloads were really used
# (multi-slot and GSO frames received; without them the bytes above
# would still arrive, one page-sized frame at a time) and netback's
# frames were all taken (nothing refused by the checks of netfront/rx.c).
set -u
. "$SCENLIB"
require_results "ok ipv4" "ok ipv6" || exit 1
vif=$(tr -d '\r' <"$LOG" | sed -n 's/^netsink: vif //p' | tail -n 1)
echo "guest vif: $vif"
num() { echo "$vif" | sed -n "s/.*[ ,]\([0-9]*\) $1.*/\1/p"; }
multi=$(num multi-slot)
gso=$(num 'GSO frames')
blank=$(num blank)
refused=$(echo "$vif" | sed -n 's/.*refused \([0-9]*\) slots \([0-9]*\) length \([0-9]*\) extra \([0-9]*\) gso.*/\1 \2 \3 \4/p')
[ "${multi:-0}" -gt 0 ] || { echo "no multi-slot frames received"; exit 1; }
[ "${gso:-0}" -gt 0 ] || { echo "no GSO frames received"; exit 1; }
[ "$refused" = "0 0 0 0" ] || { echo "frames refused: '${refused:-none}'"; exit 1; }
echo "dom0 checks ok; guest received $multi multi-slot frames, $gso GSO frames, $blank with blank checksums"
