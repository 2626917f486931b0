# Stops dom0's servers first (the next scenario may want the bridge's
# DHCP port), then checks during.sh's results, the guest's lookups and
# dnsmasq's log: the lease, the router advertisement and the queries.
set -u
. "$SCENLIB"
dnsmasq=$(cat "$WORK/dnsmasq.pid" 2>/dev/null)
kill "$dnsmasq" "$(cat "$WORK/nc.pid" 2>/dev/null)" 2>/dev/null
for i in $(seq 50); do kill -0 "$dnsmasq" 2>/dev/null || break; sleep 0.1; done
ip -6 addr del fd98:1::1/64 dev xenbr0 2>/dev/null
echo 1 >/proc/sys/net/ipv6/conf/xenbr0/accept_dad
echo "--- dnsmasq.log"
cat "$WORK/dnsmasq.log"
echo "--- results"
require_results "ok slaac" "ok ping6" "ok tcp" || exit 1
log=$(tr -d '\r' <"$LOG")
for name in www v4 v6 dom0 nosuch; do
	for af in AF_INET AF_INET6 AF_UNSPEC; do
		echo "$log" | grep -q "^dnstest: ok $name.rig.test $af\$" ||
			{ echo "guest did not check $name.rig.test $af"; exit 1; }
	done
done
dlog=$(cat "$WORK/dnsmasq.log")
for want in "DHCPACK(xenbr0) 10.99.0.12[0-9] 00:16:3e:00:98:20" \
	"RTR-ADVERT(xenbr0) fd98:1::" "query\[AAAA\] www.rig.test from 10.99.0.12" \
	"query\[A\] nosuch.rig.test from" "config nosuch.rig.test is NXDOMAIN"; do
	echo "$dlog" | grep -q "$want" || { echo "dnsmasq.log lacks /$want/"; exit 1; }
done
echo "dom0 checks ok: lease, router advertisement, queries; guest checked 15 lookups"
