# dom0's half of the netsink test: bulk TCP to the guest over IPv4 and
# IPv6 (bash's /dev/tcp), each checked against the length and CRC-32 the
# guest reports (busybox crc32), then `xl shutdown`.
set -u
trap '' PIPE
. "$SCENLIB"
: >"$RESULTS"
SIZE=16777216
echo 0 >/proc/sys/net/ipv6/conf/xenbr0/disable_ipv6 2>/dev/null
ip -6 addr add fd99::1/64 dev xenbr0 || say "FAIL cannot add fd99::1 to xenbr0"
finish() {
	ip -6 addr del fd99::1/64 dev xenbr0 2>/dev/null
	xl shutdown "$DOMNAME"
}
trap finish EXIT

wait_line '^netsink: ready' 300 || { say "FAIL guest never ready"; exit 1; }
head -c "$SIZE" /dev/urandom >"$WORK/bulk"
want=$(crc32 <"$WORK/bulk")
n=0
# send ADDR LABEL: one connection carrying the whole file.
send() {
	local line t0 t1
	n=$((n + 1))
	t0=$(date +%s)
	if ! timeout 300 bash -c "cat '$WORK/bulk' >/dev/tcp/$1/9"; then
		say "FAIL $2: sending to $1 failed"
		return
	fi
	t1=$(date +%s)
	line=$(wait_line "^netsink: connection $n " 60) ||
		{ say "FAIL $2: the guest reported no connection $n"; return; }
	echo "$line (dom0: $((t1 - t0)) s)"
	case "$line" in
	*" $SIZE bytes crc32 $want "*) say "ok $2: $SIZE bytes, crc32 $want" ;;
	*) say "FAIL $2: sent $SIZE bytes crc32 $want, guest: $line" ;;
	esac
}
send 10.99.0.30 ipv4
send fd99::30 ipv6
