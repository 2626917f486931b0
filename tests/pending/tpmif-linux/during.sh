# dom0 side of tpmif-linux: boot the rig Linux guest with a vtpm on the backend,
# show its console (what xen-tpmfront saw), then stop the backend.
set -u
. "$SCENLIB"
wait_line '^tpmiftest: back ready' 120 >/dev/null || { say "FAIL backend never ready"; exit 1; }
cat >"$WORK/linux.cfg" <<CFG
name = "$DOMNAME-linux"
type = "pv"
kernel = "/share/images/guest-vmlinux.gz"
ramdisk = "/share/images/guest-initrd"
memory = 256
extra = "console=hvc0 rigmode=tpmprobe"
vtpm = [ "backend=$DOMNAME" ]
CFG
log=$(guest_log "$DOMNAME-linux")
xl create -q "$WORK/linux.cfg" >"$WORK/xl.out" 2>&1 || { say "FAIL xl create: $(cat "$WORK/xl.out")"; exit 1; }
v=$(wait_line '^VERDICT: ' 300 "$log")
echo "=== linux guest console ==="
tr -d '\r' <"$log" | grep -v '^\[ *[0-9.]*\] \(ACPI\|PCI\|e820\|BIOS\)' | tail -n 60
echo "=== end ==="
say "ok linux: ${v:-no verdict}"
xl destroy "$DOMNAME-linux" 2>/dev/null
sleep 3
xl shutdown "$DOMNAME"
