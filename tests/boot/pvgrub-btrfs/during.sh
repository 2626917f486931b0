# After the runner's domain (the default, zstd entry) has its verdict, a
# second domain boots the "lzo" entry.
set -u
. "$SCENLIB"
v=$(wait_line '^VERDICT: ' 400) || true
case "$v" in "VERDICT: PASS"*) ;; *) say "FAIL default entry: ${v:-no verdict}"; exit 0 ;; esac
console_has '^CMDLINE: .*pvgrubcfg=zstd' && say "ok default entry: zstd on subvolume @" ||
	say "FAIL default entry booted another command line"
name=$DOMNAME-lzo
sed -e "s|^name = .*|name = \"$name\"|" "$WORK/xl.cfg" >"$WORK/lzo.cfg"
echo 'extra = "entry=lzo nomenu"' >>"$WORK/lzo.cfg"
log=$(guest_log "$name")
xl create -q "$WORK/lzo.cfg" >"$WORK/lzo.out" 2>&1 || { say "FAIL xl create lzo: $(tail -n 1 "$WORK/lzo.out")"; exit 0; }
v=$(wait_line '^VERDICT: |^pvgrub: menu ready|no usable boot entry' 400 "$log")
case "$v" in
"VERDICT: PASS"*)
	tr -d '\r' <"$log" | grep -q '^CMDLINE: .*pvgrubcfg=lzo' && say "ok lzo entry: second btrfs, lzo" ||
		say "FAIL lzo entry booted another command line" ;;
*) say "FAIL lzo entry: ${v:-no verdict}"; tr -d '\r' <"$log" | grep 'error' | tail -n 3 | sed 's/^/  lzo: /' ;;
esac
wait_gone "$name" 60 || xl destroy "$name"
