# The vTPM is shut down (its counters: no platform reset, since pvgrub
# and Linux are one domain); pvgrub's event log must be the events
# host-pre.sh listed, and the PCRs Linux read the values it computed.
set -u
. "$SCENLIB"
VTPM=$DOMNAME-vtpm
VLOG=$(guest_log "$VTPM")
xl shutdown "$VTPM" >/dev/null 2>&1
wait_line '^vtpm: stopped' 60 "$VLOG" >/dev/null || xl destroy "$VTPM" 2>/dev/null
tr -d '\r' <"$VLOG" | grep -E '^vtpm: (stats|new guest|error)|^tpmback: frontend'
bad=0
# Each PCR's events in order.  (Across PCRs the order differs from
# GRUB's, which reads the kernel and initrds during linux and initrd:
# pvgrub reads them after the entry's body ran, so their PCR 9 events
# follow its PCR 8 ones; no PCR value depends on that.)
tr -d '\r' <"$LOG" | sed -n 's/^pvgrub: tpm: \(pcr [0-9]* sha256 .*\)$/\1/p' >"$WORK/events.got"
for p in 8 9; do
	grep "^pcr $p " "$SCEN/expected.events" >"$WORK/want.$p"
	grep "^pcr $p " "$WORK/events.got" >"$WORK/got.$p"
	if diff "$WORK/want.$p" "$WORK/got.$p" >"$WORK/events.diff"; then
		echo "pvgrub's event log: the $(wc -l <"$WORK/got.$p") PCR $p events expected"
	else
		echo "pvgrub's PCR $p events differ from the expected ones (- expected, + pvgrub):"
		grep '^[-+]' "$WORK/events.diff" | grep -v '^[-+][-+]' | head -n 20
		bad=1
	fi
done
tr -d '\r' <"$LOG" | sed -n 's/^VTPM \(pcr [89] [0-9a-f]*\)$/\1/p' >"$WORK/pcrs.got"
cat "$WORK/pcrs.got"
if cmp -s "$SCEN/expected.pcrs" "$WORK/pcrs.got"; then
	echo "guest PCRs 8 and 9 equal the values computed from the files and command lines"
else
	echo "guest PCRs differ from the computed values:"
	sed 's/^/  want /' "$SCEN/expected.pcrs"
	bad=1
fi
r=$(tr -d '\r' <"$VLOG" | sed -n 's/^vtpm: stats .*resets=\([0-9]*\).*/\1/p')
[ "$r" = 0 ] || { echo "the vTPM made ${r:-an unknown number of} platform resets, want 0"; bad=1; }
exit $bad
