# Boots every entry of the formats disk in turn and records one result
# per format.  Entry 1 is the runner's own domain; entries 2-10 are new
# domains made here from the runner's xl.cfg, one at a time (two Linux
# boots at once under TCG only slow each other down).  $SCEN/booter
# (written by tools/pvgrub/validate) may say how to boot instead of
# pvgrub's extra="entry=N nomenu": `pvgrub2` (GRUB's menu: down-arrow
# N-1 times, Enter) or `direct` (xl's kernel= of the file itself).
. "$SCENLIB"
FORMATS="bzimage none gzip bzip2 lzma xz lzo lz4 lz4legacy zstd"
BOOTER=$(cat "$SCEN/booter" 2>/dev/null || echo pvgrub)
PER_BOOT=${PER_BOOT:-300}

# What ends a boot without a verdict: pvgrub back at its menu or giving
# up; GRUB after a failed entry ("error: ...", then "Press any key to
# continue").
case $BOOTER in
pvgrub) END_RE='^VERDICT: |^pvgrub: menu ready|no usable boot entry' ;;
pvgrub2) END_RE='^VERDICT: |Press any key to continue' ;;
*) END_RE='^VERDICT: ' ;;
esac

# judge FORMAT LOG: the boot's verdict and which entry it was.
judge() {
	local f=$1 log=$2 v err
	v=$(wait_line "$END_RE" "$PER_BOOT" "$log")
	if [[ $v != VERDICT:* ]]; then
		# the last error said (GRUB says harmless ones first)
		err=$(tr -d '\r' <"$log" | grep -E 'error:' | tail -n 1 | sed 's/.*\(pvgrub: \)\{0,1\}error:/&/; s/^.*\(error:\)/\1/' | head -c 160)
		if [ -z "$v" ]; then
			say "FAIL format $f: no verdict in ${PER_BOOT}s${err:+ ($err)}"
		else
			say "FAIL format $f: stopped without a verdict: ${err:-${v:0:120}}"
		fi
		# the domain's own console log stays in dom0: its last lines
		tr -d '\r' <"$log" | tail -n 6 | sed "s/^/  $f console: /"
		return
	fi
	case "$v" in
	"VERDICT: PASS"*)
		if tr -d '\r' <"$log" | grep -q "^CMDLINE: .*pvgrubfmt=$f\( \|$\)"; then
			say "ok format $f"
		else
			say "FAIL format $f: the guest booted another entry ($(tr -d '\r' <"$log" | grep -m1 '^CMDLINE:'))"
		fi
		;;
	*) say "FAIL format $f: $v" ;;
	esac
}

# boot N FORMAT: a new domain for entry N.
boot() {
	local n=$1 f=$2 name=$DOMNAME-$1 cfg=$WORK/xl-$1.cfg log id i
	log=$(guest_log "$name")
	sed -e "s|^name = .*|name = \"$name\"|" "$WORK/xl.cfg" >"$cfg"
	case $BOOTER in
	pvgrub) sed -i "s|^extra = .*|extra = \"entry=$n nomenu\"|" "$cfg" ;;
	direct)
		sed -i -e "s|^kernel = .*|kernel = \"$SCEN/kernel-$f\"|" \
			-e "s|^extra = .*|extra = \"console=hvc0 rigmode=cmdline pvgrubfmt=$f\"|" "$cfg"
		;;
	esac
	if ! xl create -q "$cfg" >"$WORK/xl-$n.out" 2>&1; then
		say "FAIL format $f: xl create: $(grep -m1 -iE 'error|fail' "$WORK/xl-$n.out")"
		return
	fi
	if [ "$BOOTER" = pvgrub2 ]; then
		id=$(xl domid "$name")
		if wait_line 'compression: zstd' 60 "$log" >/dev/null; then
			for ((i = 1; i < n; i++)); do console_send '\e[B' "$id"; sleep 0.2; done
			console_send '\r' "$id"
		fi
	fi
	judge "$f" "$log"
	xl destroy "$name" >/dev/null 2>&1
	wait_gone "$name" 30
}

# The runner's domain (entry 1): with pvgrub2 it waits at the menu for
# 5 s and boots entry 1 by itself.
judge bzimage "$LOG"
wait_gone "$DOMNAME" 60
n=1
for f in $FORMATS; do
	[ "$f" = bzimage ] && continue
	n=$((n + 1))
	boot "$n" "$f"
done
echo "formats done"
