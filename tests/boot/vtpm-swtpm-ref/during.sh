# dom0's half: swtpm in dom0, basic.sh against it, its checks, then the
# same swtpm state after a restart (basic.sh readback).  Results go to
# $RESULTS for post.sh; the guest meanwhile checks xen-tpmfront alone.
set -u
. "$SCENLIB"
. "$SCEN/vtpm-lib/dom0.sh"
t0=$SECONDS
why=$(vtpm_dom0_tools 2>&1) || { say "FAIL dom0 tools: $why"; exit 1; }
say "ok dom0 tools: swtpm and tpm2-tools unpacked ($((SECONDS - t0))s)"

t0=$SECONDS
vtpm_basic_swtpm "$WORK/ref.out"
rc=$?
sed 's/^/  /' "$WORK/ref.out"
if [ $rc = 0 ] && why=$(vtpm_check "$WORK/ref.out"); then
	say "ok swtpm basic: $why ($((SECONDS - t0))s)"
else
	say "FAIL swtpm basic: exit $rc; ${why:-$(grep -m1 FAIL "$WORK/ref.out")}"
fi
cp "$WORK/ref.out" /run/vtpm-swtpm-ref.out # for later scenarios of the same run

# The same state directory, swtpm restarted: NV and the persistent key
# survive, PCR 16 starts from zero again.
dir=$WORK/swtpm-basic
t0=$SECONDS
if swtpm_start "$dir"; then
	TPM2TOOLS_TCTI=$(swtpm_tcti) VTPM_WORK=$WORK/basic-work sh "$VTPM_LIB/basic.sh" readback >"$WORK/readback.out" 2>&1
	rc=$?
	swtpm_stop "$dir"
	sed 's/^/  /' "$WORK/readback.out"
	if [ $rc = 0 ] && grep -qx 'readback: pcr16 0000000000000000000000000000000000000000000000000000000000000000' "$WORK/readback.out"; then
		say "ok swtpm readback after restart: NV data, persistent key, PCR 16 fresh ($((SECONDS - t0))s)"
	else
		say "FAIL swtpm readback after restart: $(grep -m1 -E 'FAIL|pcr16' "$WORK/readback.out")"
	fi
else
	say "FAIL swtpm restart"
fi

# tools/bench-vtpm-ref.sh's copy: commands per second, printed only.
if [ -f "$SCEN/bench" ]; then
	dir=$WORK/swtpm-timing
	rm -rf "$dir"
	if swtpm_start "$dir"; then
		TPM2TOOLS_TCTI=$(swtpm_tcti) VTPM_WORK=$WORK/timing VTPM_TIMING_N=$(cat "$SCEN/bench") \
			sh "$VTPM_LIB/timing.sh" 2>&1 | tee "$WORK/timing.out"
		swtpm_stop "$dir"
	fi
	grep -q '^TIMING done' "$WORK/timing.out" 2>/dev/null && say "ok timing" ||
		say "FAIL timing: $(grep -m1 FAIL "$WORK/timing.out" 2>/dev/null)"
fi
exit 0
