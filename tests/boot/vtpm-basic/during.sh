# dom0's half: the Linux guest with vtpm=["backend=<the vTPM>"] runs
# basic.sh; its lines are compared in post.sh.  Then the vTPM is shut down.
set -u
. "$SCENLIB"
. "$SCEN/vtpm-lib/dom0.sh"
wait_line '^vtpm: ready' 180 >/dev/null || { say "FAIL the vTPM never became ready"; exit 1; }
say "ok vtpm ready"
GUEST=$DOMNAME-guest
t0=$SECONDS
if v=$(vtpm_guest "$GUEST" "$DOMNAME" basic 400); then
	say "ok guest: ${v#VERDICT: } ($((SECONDS - t0))s)"
else
	say "FAIL guest: ${v:-no verdict}"
fi
vtpm_guest_lines "$(guest_log "$GUEST")" >"$WORK/guest.out"
sed 's/^/  guest: /' "$WORK/guest.out"

# The reference: vtpm-swtpm-ref's run in this rig boot, else our own.
if [ -s /run/vtpm-swtpm-ref.out ]; then
	cp /run/vtpm-swtpm-ref.out "$WORK/ref.out"
	say "ok reference: vtpm-swtpm-ref's swtpm run"
else
	why=$(vtpm_dom0_tools 2>&1) || { say "FAIL dom0 tools: $why"; xl shutdown "$DOMNAME"; exit 1; }
	if vtpm_basic_swtpm "$WORK/ref.out"; then
		say "ok reference: a fresh swtpm run"
	else
		say "FAIL reference: swtpm basic.sh: $(grep -m1 FAIL "$WORK/ref.out")"
	fi
fi
xl shutdown "$DOMNAME"
