# dom0's half of the net test: ping both vifs, UDP echo through bash's
# /dev/udp (a connected socket: replies from anyone else are not read),
# record the outcome in $RESULTS for post.sh, then shut down.
set -u
. "$SCENLIB"
wait_line '^nettest: ready' 120 >/dev/null || { say "FAIL guest never ready"; exit 1; }
for ip in 10.99.0.3 10.99.0.4; do
	if ping -c 3 -W 3 "$ip" >"$WORK/ping-$ip" 2>&1; then
		say "ok ping $ip: $(grep -o '[0-9]* packets received' "$WORK/ping-$ip")"
	else
		say "FAIL ping $ip: $(tail -n 2 "$WORK/ping-$ip" | tr '\n' ' ')"
	fi
done
# UDP echo: small, odd-sized and near-MTU payloads, each must come back
# byte for byte.
exec 3<>/dev/udp/10.99.0.3/7
good=0
for size in 1 17 64 333 1000 1472; do
	for n in 1 2 3; do
		head -c "$size" /dev/urandom >"$WORK/udp-out"
		cat "$WORK/udp-out" >&3
		timeout 3 dd bs=2048 count=1 of="$WORK/udp-in" <&3 2>/dev/null
		if cmp -s "$WORK/udp-out" "$WORK/udp-in"; then
			good=$((good + 1))
		else
			say "FAIL udp echo of $size bytes: got $(stat -c %s "$WORK/udp-in" 2>/dev/null) bytes back"
		fi
	done
done
exec 3>&-
say "ok udp echo: $good of 18 datagrams came back unchanged"
xl shutdown "$DOMNAME"
