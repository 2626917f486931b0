# Picks each bad entry by its number (see the scenario file and
# tests/boot/pvgrub-menu/during.sh for the keys), waits for pvgrub's
# "pvgrub: error: ..." and for the menu to come back ("pvgrub: menu
# ready" once more), and checks the message loosely by keywords; then
# boots entry 9, which opens a good config.
. "$SCENLIB"
# number|what|extended regex the error lines must match (case ignored)
CASES=(
	"1|truncated kernel|truncat|short|end of (file|data)|unexpected end|corrupt"
	"2|corrupt kernel|corrupt|decompress|data error|checksum|crc|invalid|bad"
	"3|no Xen notes|xen|note"
	"4|too big for memory|memory|too (big|large)|does not fit|no room|space|needs .* MiB"
	"5|missing initrd|initrd|not found|no such file"
	"6|configfile with a syntax error|syntax|not usable|cannot be read"
	"7|corrupt superblock|superblock|corrupt|filesystem|block size"
	"8|partition past the disk end|past|beyond|end of (the )?disk|outside|range|partition"
)
ready_count() { tr -d '\r' <"$LOG" | grep -c '^pvgrub: menu ready'; }
lines() { tr -d '\r' <"$LOG" | wc -l; }

wait_line '^pvgrub: menu ready' 120 >/dev/null || { say "FAIL bad: no 'pvgrub: menu ready' in 120 s"; exit 1; }
for c in "${CASES[@]}"; do
	IFS='|' read -r num what re <<<"$c"
	re=${c#*|*|}
	# The digit redraws the menu (one more "menu ready"); count from
	# after that redraw, so the next one is the menu coming back.
	before=$(ready_count)
	console_send "$num"
	for ((i = 0; i < 20; i++)); do
		[ "$(ready_count)" -gt "$before" ] && break
		sleep 0.25
	done
	before=$(ready_count)
	from=$(($(lines) + 1))
	console_send '\r'
	ok=0
	for ((i = 0; i < 240; i++)); do
		[ "$(ready_count)" -gt "$before" ] && { ok=1; break; }
		xl domid "$DOMNAME" >/dev/null 2>&1 || break
		sleep 0.5
	done
	errs=$(tr -d '\r' <"$LOG" | tail -n +"$from" | grep '^pvgrub: error: ')
	if [ $ok = 0 ]; then
		say "FAIL bad $num ($what): the menu did not come back in 120 s${errs:+; said: $(echo "$errs" | head -n 2 | tr '\n' ' ')}"
		exit 1
	elif [ -z "$errs" ]; then
		say "FAIL bad $num ($what): menu back, but no 'pvgrub: error:' line"
	elif echo "$errs" | grep -qiE "$re"; then
		say "ok bad $num ($what): $(echo "$errs" | head -n 1)"
	else
		say "FAIL bad $num ($what): message matches none of /$re/: $(echo "$errs" | head -n 1)"
	fi
done
console_send '9' && sleep 0.3 && console_send '\r'
echo "picked 9 (good, through more.cfg)"
