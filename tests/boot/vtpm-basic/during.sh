# dom0's half: the Linux guest with vtpm=["backend=<the vTPM>"] runs
# basic.sh; its lines are compared in post.sh.  Then the vTPM is shut down.
set -u
. "$SCENLIB"
. "$SCEN/vtpm-lib/dom0.sh"
wait_line '^vtpm: ready' 180 >/dev/null || { say "FAIL the vTPM never became ready"; exit 1; }
say "ok vtpm ready"

# The reference: vtpm-swtpm-ref's run in this rig boot, else our own,
# made in dom0 while the guest runs (each took ~90 s on the rig; dom0
# and the guest have a vCPU each).
ref=""
if [ -s /run/vtpm-swtpm-ref.out ]; then
	cp /run/vtpm-swtpm-ref.out "$WORK/ref.out"
	say "ok reference: vtpm-swtpm-ref's swtpm run"
else
	(
		why=$(vtpm_dom0_tools 2>&1) || { echo "FAIL dom0 tools: $why"; exit 1; }
		if vtpm_basic_swtpm "$WORK/ref.out"; then
			echo "ok reference: a fresh swtpm run"
		else
			echo "FAIL reference: swtpm basic.sh: $(grep -m1 FAIL "$WORK/ref.out")"
		fi
	) >"$WORK/ref.say" 2>&1 &
	ref=$!
fi

GUEST=$DOMNAME-guest
t0=$SECONDS
if v=$(vtpm_guest "$GUEST" "$DOMNAME" basic 400); then
	say "ok guest: ${v#VERDICT: } ($((SECONDS - t0))s)"
else
	say "FAIL guest: ${v:-no verdict}"
fi
vtpm_guest_lines "$(guest_log "$GUEST")" >"$WORK/guest.out"
sed 's/^/  guest: /' "$WORK/guest.out"
if [ -n "$ref" ]; then
	wait "$ref"
	say "$(cat "$WORK/ref.say") ($((SECONDS - t0))s after the guest started)"
fi
xl shutdown "$DOMNAME"
