# dom0's half of the httpd test: DHCP server, fetches over IPv4 and
# IPv6, protocol checks, 100 concurrent connections.  Each check appends
# "ok ..." or "FAIL ..." to $RESULTS for post.sh; at the end the guest is
# shut down and udhcpd stopped.
set -u
# A connection the guest has closed must fail the write, not kill us.
trap '' PIPE
. "$SCENLIB"
: >"$RESULTS"

# DHCP for the guest (busybox udhcpd on the bridge), a ULA for IPv6.
cat >"$WORK/udhcpd.conf" <<CONF
start 10.99.0.100
end 10.99.0.110
interface xenbr0
lease_file $WORK/udhcpd.leases
pidfile $WORK/udhcpd.pid
option subnet 255.255.255.0
option router 10.99.0.1
option lease 3600
CONF
: >"$WORK/udhcpd.leases"
udhcpd -f "$WORK/udhcpd.conf" >"$WORK/udhcpd.log" 2>&1 &
dhcpd=$!
echo 0 >/proc/sys/net/ipv6/conf/xenbr0/disable_ipv6 2>/dev/null
ip -6 addr add fd99::1/64 dev xenbr0 || say "FAIL cannot add fd99::1 to xenbr0"
finish() {
	kill "$dhcpd" 2>/dev/null
	ip -6 addr del fd99::1/64 dev xenbr0 2>/dev/null
	xl shutdown "$DOMNAME"
}
trap finish EXIT

ready=$(wait_line '^httpd: ready' 300) || { say "FAIL guest never ready"; exit 1; }
echo "$ready"
ready=$(echo "$ready" | tr 'A-Z' 'a-z')
ip -6 addr show dev xenbr0
ip4=$(echo "$ready" | sed -n 's/.* ipv4 \([0-9.]*\)\/.*/\1/p')
ll=$(echo "$ready" | grep -o 'ipv6 fe80:[0-9a-f:]*' | head -n 1 | cut -d' ' -f2)
case "$ip4" in
10.99.0.1[01][0-9]) say "ok dhcp address $ip4" ;;
*) say "FAIL no DHCP address in: $ready"; exit 1 ;;
esac
if [ -n "$ll" ] && ping6 -c 2 -W 5 -I xenbr0 "$ll" >"$WORK/ping6" 2>&1; then
	say "ok ping6 link-local $ll"
else
	say "FAIL ping6 link-local '$ll': $(tail -n 1 "$WORK/ping6" 2>/dev/null)"
fi

# Every file over IPv4 and IPv6, checksums against site.sha256.
fetch_check "$ip4" ipv4
fetch_check "[fd99::10]" ipv6

# Raw requests through nc: the status line and the body.
raw() { printf "$2" | timeout 30 nc "$1" 80 >"$WORK/got/raw" 2>/dev/null; }
status_of() { head -n 1 "$WORK/got/raw" | tr -d '\r'; }
raw "$ip4" 'GET /missing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
[ "$(status_of)" = "HTTP/1.1 404 Not Found" ] && say "ok 404" || say "FAIL 404: got '$(status_of)'"
raw "$ip4" 'GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=1000-1999\r\nConnection: close\r\n\r\n'
tail -c 1000 "$WORK/got/raw" >"$WORK/got/range"
dd if="$WORK/site/big.bin" bs=1000 skip=1 count=1 2>/dev/null >"$WORK/got/range-want"
if [ "$(status_of)" = "HTTP/1.1 206 Partial Content" ] && cmp -s "$WORK/got/range" "$WORK/got/range-want" &&
	grep -q 'Content-Range: bytes 1000-1999/1048576' "$WORK/got/raw"; then
	say "ok range 1000-1999"
else
	say "FAIL range: '$(status_of)'"
fi
raw "$ip4" 'GET / HTTP/1.1\r\nHost: t\r\n\r\nHEAD /small.txt HTTP/1.1\r\nHost: t\r\n\r\nGET /sub/page.html HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
n=$(grep -c '^HTTP/1.1 200 OK' "$WORK/got/raw")
[ "$n" = 3 ] && grep -q 'hello from domlet' "$WORK/got/raw" && grep -q 'a page in a directory' "$WORK/got/raw" &&
	say "ok keep-alive: 3 pipelined requests on one connection" ||
	say "FAIL keep-alive: $n of 3 responses"

# Uploads (upload=/uploads/): PUT through /dev/tcp, the final status
# line printed; "expect" sends Expect: 100-continue and waits for it.
put() { # PATH FILE|-NOLENGTH [expect]
	local fd line len=""
	exec {fd}<>"/dev/tcp/$ip4/80" || { echo "no connection"; return; }
	[ "$2" = -nolength ] || len="Content-Length: $(stat -c %s "$2")"$'\r\n'
	printf 'PUT %s HTTP/1.1\r\nHost: t\r\n%s%sConnection: close\r\n\r\n' "$1" "$len" \
		"${3:+Expect: 100-continue$'\r\n'}" >&$fd
	if [ "${3:-}" = expect ]; then
		IFS= read -r -t 30 -u $fd line
		if [ "${line%$'\r'}" != "HTTP/1.1 100 Continue" ]; then
			echo "no 100 Continue: ${line%$'\r'}"
			exec {fd}<&-
			return
		fi
		IFS= read -r -t 30 -u $fd line
	fi
	[ "$2" = -nolength ] || cat "$2" >&$fd 2>/dev/null
	IFS= read -r -t 60 -u $fd line
	echo "${line%$'\r'}"
	exec {fd}<&-
}
up_check() { # TAG PATH FILE WANT-STATUS: the status, then the file back
	local got
	got=$(put "$2" "$3" ${5:-})
	if [ "$got" != "HTTP/1.1 $4" ]; then
		say "FAIL upload $1: PUT $2 answered '$got', not '$4'"
		return
	fi
	rm -f "$WORK/got/up"
	if timeout 60 wget -q -O "$WORK/got/up" "http://$ip4$2" && cmp -s "$WORK/got/up" "$3"; then
		say "ok upload $1 ($(stat -c %s "$3") bytes, $4)"
	else
		say "FAIL upload $1: GET $2 does not give back what was stored"
	fi
}
ms() { local up _; read -r up _ </proc/uptime; echo $((10#${up/./} * 10)); }
t0=$(ms)
up_check first /uploads/one.bin "$WORK/up-one.bin" "201 Created" expect
t1=$(ms)
up_check big /uploads/sub/big.bin "$WORK/up-big.bin" "201 Created"
t2=$(ms)
echo "upload times: 300000 bytes $((t1 - t0)) ms (with its GET), 1048577 bytes $((t2 - t1)) ms (with its GET)"
up_check empty /uploads/empty.txt "$WORK/up-empty.txt" "201 Created"
up_check replace /uploads/one.bin "$WORK/up-one-again.bin" "204 No Content"
refused() { # TAG WANT-STATUS PATH FILE|-nolength
	local got
	got=$(put "$3" "$4")
	[ "$got" = "HTTP/1.1 $2" ] && say "ok upload refused: $1 ($2)" || say "FAIL upload $1: PUT $3 answered '$got', not '$2'"
}
refused "outside /uploads/" "403 Forbidden" /index.html "$WORK/up-empty.txt"
refused "hidden name" "400 Bad Request" /uploads/.x "$WORK/up-empty.txt"
refused "directory" "400 Bad Request" /uploads/sub/ "$WORK/up-empty.txt"
refused "no length" "411 Length Required" /uploads/n.bin -nolength
# More than the disk holds: refused before a byte of it is read.
exec {fd}<>"/dev/tcp/$ip4/80"
printf 'PUT /uploads/huge.bin HTTP/1.1\r\nHost: t\r\nContent-Length: 104857600\r\n\r\n' >&$fd
IFS= read -r -t 30 -u $fd line
exec {fd}<&-
[ "${line%$'\r'}" = "HTTP/1.1 507 Insufficient Storage" ] && say "ok upload refused: too large (507)" ||
	say "FAIL upload too large: '${line%$'\r'}'"
# A client that goes away mid-body: nothing is stored, the next upload
# works, and the archive stays whole (post.sh lists it).
exec {fd}<>"/dev/tcp/$ip4/80"
printf 'PUT /uploads/cut.bin HTTP/1.1\r\nHost: t\r\nContent-Length: 200000\r\n\r\n' >&$fd
head -c 50000 "$WORK/up-one.bin" >&$fd
exec {fd}<&-
sleep 2
raw "$ip4" 'GET /uploads/cut.bin HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
[ "$(status_of)" = "HTTP/1.1 404 Not Found" ] && say "ok upload cut short: not stored" ||
	say "FAIL upload cut short: GET gives '$(status_of)'"
up_check after-cut /uploads/last.txt "$WORK/site/index.html" "201 Created"

# 100 connections at once, opened and read by this one bash process
# (/dev/tcp, builtins only: dom0's busybox processes segfault now and
# then under TCG, see README Status).  Each sends the first half of a
# request; once all 100 are open (the guest then holds 100 connections)
# each gets the rest, and every response must be the whole file.
want=$(<"$WORK/site/small.txt")
# Counts dom0's TCP sockets to port 80 (hex 0050) by state and by
# whether dom0 still holds unsent or unacknowledged bytes for them.
tcp_snapshot() {
	local sl local_addr rem st queues rest n=0 states="" queued=0
	while read -r sl local_addr rem st queues rest; do
		[ "${rem#*:}" = 0050 ] || continue
		n=$((n + 1))
		states+=" $st"
		[ "${queues%%:*}" != 00000000 ] && queued=$((queued + 1))
	done </proc/net/tcp
	echo "$n sockets; $queued with bytes queued to the guest; states (01 established, 08 close-wait):$(echo "$states" | tr ' ' '\n' | sort | uniq -c | tr '\n' ' ')"
}
fds=()
slow="" # connects that took 2 s or more: "N:SECONDS" (a SYN answered late)
t_open=$SECONDS
for i in $(seq 100); do
	t=$SECONDS
	if exec {fd}<>"/dev/tcp/$ip4/80"; then
		printf 'GET /small.txt HTTP/1.1\r\nHost: t\r\n' >&$fd
		fds+=("$fd")
	fi
	[ $((SECONDS - t)) -lt 2 ] || slow+=" $i:$((SECONDS - t))s"
done
opened=${#fds[@]}
t_open=$((SECONDS - t_open))
for fd in "${fds[@]}"; do
	printf 'Connection: close\r\n\r\n' >&$fd
done
good=0
for fd in "${fds[@]}"; do
	status="" body="" inbody=0
	while IFS= read -r -t 60 -u "$fd" line; do
		if [ -z "$status" ]; then
			status=${line%$'\r'}
		elif [ $inbody = 1 ]; then
			body+=${body:+$'\n'}$line
		elif [ "$line" = $'\r' ]; then
			inbody=1
		fi
	done
	if [ -z "$status" ] && [ ! -f "$WORK/tcp-snapshot" ]; then
		# The first connection with no answer: dom0's side of all of
		# them now (state, bytes dom0 still has queued to send).
		tcp_snapshot >"$WORK/tcp-snapshot"
	fi
	exec {fd}<&-
	[ "$status" = "HTTP/1.1 200 OK" ] && [ "$body" = "$want" ] && good=$((good + 1))
done
if [ $good = 100 ]; then
	say "ok concurrent: 100 of 100 connections served (opened in ${t_open}s${slow:+; slow connects:$slow})"
else
	say "FAIL concurrent: $good of 100 connections served ($opened opened in ${t_open}s${slow:+; slow connects (number:seconds):$slow})"
	echo "--- dom0's connections to port 80 at the first unanswered one"
	cat "$WORK/tcp-snapshot" 2>/dev/null
fi
exit 0
