# On the host: fetch the site through 127.0.0.1:HOSTPORT (the scenario's
# HOSTFWD) and compare it with pre.sh's copy in the share.  Each check
# writes "ok ..." or "FAIL ..."; all of them go to $SHARE_SCEN/host-done,
# which tells dom0 the host is finished.
set -u
port=${HOSTFWD%%:*}
url=http://127.0.0.1:$port
out=$(mktemp -d)
results=()
say() { echo "$*"; results+=("$*"); }
done_() {
	printf '%s\n' "${results[@]}" >"$SHARE_SCEN/host-done.tmp"
	mv "$SHARE_SCEN/host-done.tmp" "$SHARE_SCEN/host-done"
	rm -rf "$out"
	! printf '%s\n' "${results[@]}" | grep -q '^FAIL'
}
trap 'done_; exit $?' EXIT

# pre.sh's copy, then the guest (the forward answers only once dom0's
# relay listens and the guest accepts).
for ((i = 0; i < 600; i++)); do
	[ -f "$SHARE_SCEN/site/big.bin" ] && break
	sleep 0.5
done
[ -f "$SHARE_SCEN/site/big.bin" ] || { say "FAIL pre.sh's site never appeared in the share"; exit 1; }
t0=$SECONDS
until curl -sf -m 10 -o "$out/index.html" "$url/"; do
	[ $((SECONDS - t0)) -lt 300 ] || { say "FAIL $url/ did not answer in 300 s"; exit 1; }
	sleep 1
done
echo "first answer from $url/ after $((SECONDS - t0)) s"
cmp -s "$out/index.html" "$SHARE_SCEN/site/index.html" && say "ok index" || say "FAIL index.html differs"
curl -sf -m 120 -o "$out/big.bin" "$url/big.bin" &&
	cmp -s "$out/big.bin" "$SHARE_SCEN/site/big.bin" && say "ok big" || say "FAIL big.bin (1 MiB) differs or failed"
code=$(curl -s -m 30 -o /dev/null -w '%{http_code}' "$url/no-such-file")
[ "$code" = 404 ] && say "ok 404" || say "FAIL /no-such-file gave $code, not 404"
# Uploads are off unless upload= says otherwise (this guest has none).
code=$(curl -s -m 30 -o /dev/null -w '%{http_code}' -T "$SHARE_SCEN/site/index.html" "$url/uploads/x.html")
[ "$code" = 405 ] && say "ok put refused: uploads off" || say "FAIL PUT without upload= gave $code, not 405"
for i in $(seq 20); do
	(curl -sS -f -m 120 -o "$out/small.$i" -w "%{http_code} %{size_download}" "$url/small.txt" >"$out/code.$i" 2>&1 ||
		echo " curl exit $?" >>"$out/code.$i") &
done
wait
n=0
for i in $(seq 20); do
	if cmp -s "$out/small.$i" "$SHARE_SCEN/site/small.txt"; then
		n=$((n + 1))
	else
		echo "fetch $i of small.txt: $(cat "$out/code.$i")"
	fi
done
[ "$n" = 20 ] && say "ok concurrent: 20 of 20" || say "FAIL concurrent: $n of 20 fetched intact"
