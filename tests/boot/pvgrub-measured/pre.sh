# The vTPM stub domain on a blank 4 MiB state disk (it formats it and
# manufactures a TPM), named so that xl.cfg's vtpm= finds it; the
# scenario's domain (pvgrub) is created once it serves.
set -u
. "$SCENLIB"
VTPM=$DOMNAME-vtpm
dd if=/dev/zero of="$WORK/state.img" bs=1M count=4 2>/dev/null || { echo "no state disk"; exit 1; }
cat >"$WORK/vtpm.cfg" <<CFG
name = "$VTPM"
type = "pv"
kernel = "/share/images/vtpm.elf"
memory = 16
disk = [ "format=raw,vdev=xvda,access=rw,target=$WORK/state.img" ]
on_crash = "destroy"
CFG
: >"$(guest_log "$VTPM")" 2>/dev/null
xl create -q "$WORK/vtpm.cfg" >"$WORK/vtpm.xl.out" 2>&1 ||
	{ echo "xl create of the vTPM failed: $(tail -n 1 "$WORK/vtpm.xl.out")"; exit 1; }
if ! wait_line '^vtpm: (ready|error)' 240 "$(guest_log "$VTPM")" | grep -q ready; then
	echo "the vTPM did not become ready: $(tr -d '\r' <"$(guest_log "$VTPM")" | tail -n 1)"
	xl destroy "$VTPM" 2>/dev/null
	exit 1
fi
echo "vtpm ready"
