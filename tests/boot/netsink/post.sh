# dom0's checks (during.sh: every byte arrived, over IPv4 and IPv6) and
# the guest's vif counters: the receive offloads were really used
# (multi-slot and GSO frames received; without them the bytes above
# would still arrive, one page-sized frame at a time) and netback's
# frames were all taken (nothing refused by the checks of netfront/rx.c).
set -u
# netback's default on the rig's one-vCPU dom0 again (pre.sh raised it)
echo 1 >/sys/module/xen_netback/parameters/max_queues
. "$SCENLIB"
require_results "ok ipv4" "ok ipv6" $(seq -f "ok flow%02g" 1 16) || exit 1
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
# Two queues (pre.sh, xl.cfg's vif_queues=2), each carrying frames
# both ways: "queues 2 (backend max 2), rx/tx per queue R0/T0 R1/T1".
queues=$(echo "$vif" | sed -n 's/.*queues \([0-9]*\) (backend max \([0-9]*\)).*/\1 \2/p')
perq=$(echo "$vif" | sed -n 's/.*rx\/tx per queue \([0-9/ ]*\).*/\1/p')
[ "$queues" = "2 2" ] || { echo "queues (used, backend max): '${queues:-none}', want '2 2'"; exit 1; }
for q in $perq; do
	case "$q" in
	0/* | */0) echo "a queue carried no frames one way: $perq (rx/tx)"; exit 1 ;;
	esac
done
echo "dom0 checks ok; frames per queue (rx/tx): $perq; guest received $multi multi-slot frames, $gso GSO frames, $blank with blank checksums"
