# The first life: a vTPM on a blank disk, a guest's basic.sh, then both
# destroyed (the vTPM is killed, not shut down).
set -u
. "$SCENLIB"
. "$SCEN/vtpm-lib/dom0.sh"
: >"$RESULTS"
dd if=/dev/zero of="$WORK/state.img" bs=1M count=4 2>&1 | tail -n 1
FIRST=$DOMNAME-first
sed "s/^name = .*/name = \"$FIRST\"/" "$WORK/xl.cfg" >"$WORK/first.cfg"
xl create -q "$WORK/first.cfg" >"$WORK/xl-first.out" 2>&1 ||
	{ say "FAIL xl create first vTPM: $(tail -n 1 "$WORK/xl-first.out")"; exit 1; }
wait_line '^vtpm: ready' 180 "$(guest_log "$FIRST")" >/dev/null ||
	{ say "FAIL the first vTPM never became ready"; xl destroy "$FIRST"; exit 1; }
grep -q 'blank, formatted' "$(guest_log "$FIRST")" &&
	say "ok first vTPM: formatted a blank disk" || say "FAIL first vTPM: did not format"
GUEST=$DOMNAME-g1
t0=$SECONDS
if v=$(vtpm_guest "$GUEST" "$FIRST" basic 400); then
	say "ok first guest: basic.sh passed ($((SECONDS - t0))s)"
else
	say "FAIL first guest: ${v:-no verdict}"
	vtpm_guest_lines "$(guest_log "$GUEST")" | grep FAIL | head -n 5
fi
xl destroy "$FIRST" && say "ok first vTPM destroyed"
wait_gone "$FIRST" 30
exit 0
