# Waits for the guest's SLAAC address, checks it is fd98:1:: plus the
# EUI-64 of the vif's MAC, pings it and checks the line the guest sent
# to dom0 from it; then shuts the guest down.  Each check appends "ok
# ..." or "FAIL ..." to $RESULTS for post.sh.
set -u
. "$SCENLIB"
: >"$RESULTS"
# Quietly: a failure's reason is the last line of this script's output.
trap 'xl shutdown "$DOMNAME" >/dev/null 2>&1' EXIT

# fd98:1:: + EUI-64 of the MAC in xl.cfg (universal/local bit flipped,
# ff:fe in the middle), as RFC 4862 and lwIP form it.
mac=$(sed -n 's/.*mac=\([0-9a-f:]*\).*/\1/p' "$WORK/xl.cfg")
set -- $(echo "$mac" | tr ':' ' ')
want=$(printf 'fd98:1::%x:%x:%x:%x' $(((0x$1 ^ 2) << 8 | 0x$2)) \
	$((0x$3 << 8 | 0xff)) $((0xfe << 8 | 0x$4)) $((0x$5 << 8 | 0x$6)))

ready=$(wait_line '^dnstest: ready' 120) || { say "FAIL guest never ready"; exit 1; }
echo "$ready"
addr=$(echo "$ready" | sed -n 's/^dnstest: ready slaac //p')
if [ "$addr" = "$want" ]; then
	say "ok slaac address $addr"
else
	say "FAIL slaac address '$addr', want $want (prefix + EUI-64 of $mac)"
	exit 1
fi
if ping6 -c 3 -W 5 "$addr" >ping6.out 2>&1; then
	say "ok ping6 $addr: $(grep -o '[0-9]* packets received' ping6.out)"
else
	say "FAIL ping6 $addr: $(tail -n 1 ping6.out)"
fi
for i in $(seq 20); do [ -s hello.txt ] && break; sleep 0.5; done
if [ "$(cat hello.txt)" = "dnstest from $addr" ]; then
	say "ok tcp from $addr to dom0.rig.test"
else
	say "FAIL tcp: dom0 got '$(cat hello.txt)'"
fi
exit 0
