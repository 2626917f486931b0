# dom0's checks (during.sh) and the guest's own account: its loopback
# self-test (a client over 127.0.0.1 and ::1) passed, it saw the 100
# connections open at the same time, and its TCP segments went to netback
# gathered into GSO frames (netback offers GSO: if none were, the offload
# path silently stopped working; the checksums above prove it correct).
set -u
. "$SCENLIB"
require_results "ok dhcp" "ok ping6" "ok ipv4" "ok ipv6" "ok 404" "ok range" \
	"ok keep-alive" "ok concurrent: 100 of 100" "ok upload first" \
	"ok upload big" "ok upload empty" "ok upload replace" \
	"ok upload refused: outside" "ok upload refused: hidden" \
	"ok upload refused: directory" "ok upload refused: no length" \
	"ok upload refused: too large" "ok upload cut short" \
	"ok upload after-cut" || exit 1
# The disk is still a tar archive: the uploads are members after the
# site's files (one.bin twice: tar takes the newer), and extracting it
# gives back what was stored last.
rm -rf "$WORK/x" && mkdir -p "$WORK/x"
tar -xf "$WORK/site.tar" -C "$WORK/x" 2>"$WORK/x.err" ||
	{ echo "the disk no longer reads as a tar archive: $(tail -n 1 "$WORK/x.err")"; exit 1; }
for f in one.bin:up-one-again.bin sub/big.bin:up-big.bin empty.txt:up-empty.txt last.txt:site/index.html; do
	cmp -s "$WORK/x/uploads/${f%%:*}" "$WORK/${f#*:}" ||
		{ echo "uploads/${f%%:*} extracted from the disk differs from what was uploaded"; exit 1; }
done
[ ! -e "$WORK/x/uploads/cut.bin" ] || { echo "the cut-short upload is in the archive"; exit 1; }
n=$(tar -tf "$WORK/site.tar" | grep -c '^uploads/one.bin$')
[ "$n" = 2 ] || { echo "uploads/one.bin is $n times in the archive, not 2"; exit 1; }
console_has '^httpd: uploads: 5 stored' ||
	{ echo "the guest did not count 5 uploads stored"; exit 1; }
console_has '^httpd: loopback self-test ok' ||
	{ echo "the guest's loopback self-test (getaddrinfo, connect, 127.0.0.1 and ::1) did not pass"; exit 1; }
peak=$(tr -d '\r' <"$LOG" | sed -n 's/^httpd: .* connections (peak \([0-9]*\) concurrent.*/\1/p' | tail -n 1)
[ "${peak:-0}" -ge 100 ] || { echo "guest saw at most ${peak:-?} concurrent connections, not 100"; exit 1; }
tso=$(tr -d '\r' <"$LOG" | sed -n 's/^httpd: vif .*, \([0-9]*\) segments in \([0-9]*\) TSO frames.*/\1 \2/p' | tail -n 1)
set -- $tso
[ "${2:-0}" -gt 0 ] && [ "$1" -gt "$2" ] ||
	{ echo "no TCP segments were sent as GSO frames (vif counters: '${tso:-none}')"; exit 1; }
echo "dom0 checks ok; uploads in the archive; guest peak $peak concurrent connections; $1 TCP segments in $2 GSO frames"
