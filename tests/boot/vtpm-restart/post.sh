# NV data and the persistent key survived the kill; PCR 16 is fresh.
set -u
. "$SCENLIB"
require_results "ok first vTPM: formatted" "ok first guest" "ok first vTPM destroyed" \
	"ok second vTPM: loaded" "ok second guest" || exit 1
grep -qx 'readback: pcr16 0000000000000000000000000000000000000000000000000000000000000000' "$WORK/readback.out" ||
	{ echo "PCR 16 not fresh: $(grep pcr16 "$WORK/readback.out")"; exit 1; }
grep -q '^done: [0-9]* steps, 0 failed$' "$WORK/readback.out" ||
	{ echo "readback: $(grep -m1 -E 'FAIL|^done' "$WORK/readback.out")"; exit 1; }
echo "readback after the kill: $(grep -c . "$WORK/readback.out") lines, NV and persistent key there, PCR 16 zero"
