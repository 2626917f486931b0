# make run APP=vtpm in the rig: once the vTPM is ready, the rig's Linux
# guest (xen-tpmfront, tpm2-tools) runs tests/vtpm-lib/basic.sh through
# it; then `xl shutdown` of the vTPM, whose console shows the connection
# and its counters.  The guest's console: /var/log/xen/console in dom0,
# its lines also in build/rig/logs/run-vtpm.* on the host.
set -u
. "$SCENLIB"
wait_line '^vtpm: ready' 180 >/dev/null || exit 1
. "$SCEN/vtpm-lib/dom0.sh"
GUEST=$DOMNAME-guest
vtpm_guest "$GUEST" "$DOMNAME" basic 400
vtpm_guest_lines "$(guest_log "$GUEST")" | sed 's/^/guest: /'
xl shutdown "$DOMNAME"
