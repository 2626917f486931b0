# The second life: this domain is the vTPM again on the same disk; a new
# guest reads back what the first guest left.
set -u
. "$SCENLIB"
. "$SCEN/vtpm-lib/dom0.sh"
wait_line '^vtpm: ready' 180 >/dev/null || { say "FAIL the second vTPM never became ready"; exit 1; }
console_has 'state loaded' && say "ok second vTPM: loaded the stored state" ||
	say "FAIL second vTPM: did not load a stored state"
GUEST=$DOMNAME-g2
sed -e "s/^name = .*/name = \"$GUEST\"/" -e "s/rigtpm=basic/rigtpm=readback/" \
	-e "s/backend=$DOMNAME-first/backend=$DOMNAME/" "$WORK/g1.cfg" >"$WORK/g2.cfg"
t0=$SECONDS
xl create -q "$WORK/g2.cfg" >"$WORK/xl-g2.out" 2>&1 ||
	{ say "FAIL xl create second guest: $(tail -n 1 "$WORK/xl-g2.out")"; xl shutdown "$DOMNAME"; exit 1; }
v=$(wait_line '^VERDICT: ' 300 "$(guest_log "$GUEST")")
case "$v" in
"VERDICT: PASS"*) say "ok second guest: ${v#VERDICT: } ($((SECONDS - t0))s)" ;;
*) say "FAIL second guest: ${v:-no verdict}" ;;
esac
wait_gone "$GUEST" 60 || xl destroy "$GUEST" 2>/dev/null
vtpm_guest_lines "$(guest_log "$GUEST")" >"$WORK/readback.out"
sed 's/^/  g2: /' "$WORK/readback.out"
xl shutdown "$DOMNAME"
