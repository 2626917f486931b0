# make run APP=vtpm in the rig: once the vTPM is ready, the rig's Linux
# guest (xen-tpmfront, tpm2-tools) runs tests/vtpm-lib/basic.sh through
# it; then `xl shutdown` of the vTPM, whose console shows the connection
# and its counters.  The guest's console: /var/log/xen/console in dom0,
# its lines also in build/rig/logs/run-vtpm.* on the host.
set -u
. "$SCENLIB"
wait_line '^vtpm: ready' 180 >/dev/null || exit 1
GUEST=$DOMNAME-guest
cat >"$WORK/guest.cfg" <<CFG
name = "$GUEST"
kernel = "/share/images/guest-vmlinux.gz"
ramdisk = "$SCEN/guest-initrd-tpm"
extra = "console=hvc0 rigmode=tpm rigtpm=basic"
memory = 128
vcpus = 1
vtpm = [ "backend=$DOMNAME" ]
CFG
xl create -q "$WORK/guest.cfg"
wait_line '^VERDICT: ' 400 "$(guest_log "$GUEST")"
tr -d '\r' <"$(guest_log "$GUEST")" | sed -n 's/^VTPM /guest: /p'
wait_gone "$GUEST" 60 || xl destroy "$GUEST"
xl shutdown "$DOMNAME"
