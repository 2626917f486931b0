# The second life: this domain is the vTPM again on the same disk; a new
# guest reads back what the first guest left.
set -u
. "$SCENLIB"
. "$SCEN/vtpm-lib/dom0.sh"
wait_line '^vtpm: ready' 180 >/dev/null || { say "FAIL the second vTPM never became ready"; exit 1; }
console_has 'state loaded' && say "ok second vTPM: loaded the stored state" ||
	say "FAIL second vTPM: did not load a stored state"
GUEST=$DOMNAME-g2
t0=$SECONDS
if v=$(vtpm_guest "$GUEST" "$DOMNAME" readback 300); then
	say "ok second guest: ${v#VERDICT: } ($((SECONDS - t0))s)"
else
	say "FAIL second guest: ${v:-no verdict}"
fi
vtpm_guest_lines "$(guest_log "$GUEST")" >"$WORK/readback.out"
sed 's/^/  g2: /' "$WORK/readback.out"
xl shutdown "$DOMNAME"
