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
cat >"$WORK/g1.cfg" <<CFG
name = "$GUEST"
kernel = "/share/images/guest-vmlinux.gz"
ramdisk = "$SCEN/guest-initrd-tpm"
extra = "console=hvc0 rigmode=tpm rigtpm=basic"
memory = 128
vcpus = 1
vtpm = [ "backend=$FIRST" ]
on_crash = "destroy"
CFG
t0=$SECONDS
if xl create -q "$WORK/g1.cfg" >"$WORK/xl-g1.out" 2>&1; then
	v=$(wait_line '^VERDICT: ' 400 "$(guest_log "$GUEST")")
	case "$v" in
	"VERDICT: PASS"*) say "ok first guest: basic.sh passed ($((SECONDS - t0))s)" ;;
	*) say "FAIL first guest: ${v:-no verdict}"
		vtpm_guest_lines "$(guest_log "$GUEST")" | grep FAIL | head -n 5 ;;
	esac
else
	say "FAIL xl create first guest: $(tail -n 1 "$WORK/xl-g1.out")"
fi
wait_gone "$GUEST" 60 || xl destroy "$GUEST" 2>/dev/null
xl destroy "$FIRST" && say "ok first vTPM destroyed"
wait_gone "$FIRST" 30
exit 0
