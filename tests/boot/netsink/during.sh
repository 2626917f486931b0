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
head -c 65536 /dev/urandom >"$WORK/small"
n=0
# send FILE ADDR LABEL: one connection carrying the whole file.
send() {
	local line t0 t1 size want
	size=$(stat -c %s "$1")
	want=$(crc32 <"$1")
	n=$((n + 1))
	t0=$(date +%s)
	if ! timeout 300 bash -c "cat '$1' >/dev/tcp/$2/9"; then
		say "FAIL $3: sending to $2 failed"
		return
	fi
	t1=$(date +%s)
	line=$(wait_line "^netsink: connection $n " 60) ||
		{ say "FAIL $3: the guest reported no connection $n"; return; }
	echo "$line (dom0: $((t1 - t0)) s)"
	case "$line" in
	*" $size bytes crc32 $want "*) say "ok $3: $size bytes, crc32 $want" ;;
	*) say "FAIL $3: sent $size bytes crc32 $want, guest: $line" ;;
	esac
}
send "$WORK/bulk" 10.99.0.30 ipv4
send "$WORK/bulk" fd99::30 ipv6
# Sixteen more flows (new source ports): the guest runs two queues
# (vif_queues=2, pre.sh raised netback's max_queues), and netback and
# netfront each hash flows onto them, so with 18 flows both queues
# carry frames both ways (all on one: 1 in 2^17).
for i in $(seq -w 1 16); do
	send "$WORK/small" 10.99.0.30 "flow$i"
done
