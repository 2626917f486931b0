# tests/vtpm-lib/guest.sh: the rig guest's TPM side (guest-initrd-tpm).
#
# Sourced by tools/rig/guest-init for rigmode=tpm, after the blk/net
# modules; it uses guest-init's arg, verdict and wait_for.  Loads
# xen-tpmfront with modprobe (the TPM core is built into Debian's kernel),
# then does what rigtpm= on the kernel command line says:
#   basic (default)  wait for /dev/tpm0, run basic.sh through the device
#                    TCTI, lines prefixed "VTPM "; PASS vtpm-guest-basic
#                    when every step is ok
#   A+B+C            the same with only those basic.sh steps (readback...)
#   timing           timing.sh (TIMING lines); PASS vtpm-guest-timing
#   none             no vtpm device is configured: modprobe must return,
#                    no /dev/tpm0 may appear; PASS vtpm-guest-none
#   pcrs             tpm2_pcrread sha256:8,9 (what a bootloader measured,
#                    tests/boot/pvgrub-measured): "VTPM pcr N HEX" lines;
#                    PASS vtpm-guest-pcrs when both were read
# rigtpmwait=S: seconds to wait for /dev/tpm0 (default 30).
# Trusts nothing the TPM says beyond what basic.sh checks.

VTPM_LIB=/usr/share/vtpm-lib

tpm_modprobe() {
	local t0 t1 rc
	read -r t0 _ </proc/uptime
	modprobe xen-tpmfront 2>/tmp/modprobe.err
	rc=$?
	read -r t1 _ </proc/uptime
	echo "VTPM-INFO modprobe xen-tpmfront: exit $rc after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')s $(cat /tmp/modprobe.err)"
	lsmod | grep -q '^xen_tpmfront' || { echo "VTPM-INFO xen_tpmfront not in lsmod"; return 1; }
	return 0
}

tpm_wait() {
	local i max=${1:-30}
	for i in $(seq $((max * 5))); do
		[ -c /dev/tpm0 ] && return 0
		sleep 0.2
	done
	return 1
}

tpm_describe() {
	local f
	for f in /sys/class/tpm/tpm0/tpm_version_major /sys/class/tpm/tpm0/device/description; do
		[ -r "$f" ] && echo "VTPM-INFO ${f#/sys/class/tpm/tpm0/}: $(cat "$f")"
	done
	ls /dev/tpm* 2>/dev/null | sed 's/^/VTPM-INFO device /'
}

tpm_guest() {
	local what wait rc
	what=$(arg rigtpm)
	what=${what:-basic}
	wait=$(arg rigtpmwait)
	tpm_modprobe || { verdict "FAIL vtpm-guest: modprobe xen-tpmfront failed: $(cat /tmp/modprobe.err)"; return; }
	if [ "$what" = none ]; then
		if tpm_wait 3; then
			tpm_describe
			verdict "FAIL vtpm-guest-none: /dev/tpm0 appeared without a vtpm device"
		else
			verdict "PASS vtpm-guest-none"
		fi
		return
	fi
	tpm_wait "${wait:-30}" || { verdict "FAIL vtpm-guest: no /dev/tpm0 after ${wait:-30}s"; return; }
	tpm_describe
	export TPM2TOOLS_TCTI=device:/dev/tpm0
	case "$what" in
	pcrs)
		tpm2_pcrread sha256:8,9 >/tmp/pcrs.out 2>&1
		rc=$?
		sed -n 's/^ *\([0-9][0-9]*\) *: *0x\([0-9A-Fa-f]*\) *$/\1 \2/p' /tmp/pcrs.out |
			tr 'A-F' 'a-f' | sed 's/^/VTPM pcr /'
		[ "$rc" = 0 ] && [ "$(grep -c '^ *[89] *: *0x' /tmp/pcrs.out)" = 2 ] ||
			{ sed 's/^/VTPM-INFO pcrread: /' /tmp/pcrs.out; rc=1; }
		;;
	timing)
		VTPM_PREFIX="VTPM " sh "$VTPM_LIB/timing.sh"
		rc=$?
		;;
	basic)
		VTPM_PREFIX="VTPM " sh "$VTPM_LIB/basic.sh"
		rc=$?
		;;
	*)
		VTPM_PREFIX="VTPM " sh "$VTPM_LIB/basic.sh" $(echo "$what" | tr + ' ')
		rc=$?
		;;
	esac
	if [ "$rc" = 0 ]; then
		verdict "PASS vtpm-guest-$what"
	else
		verdict "FAIL vtpm-guest-$what: exit $rc (VTPM lines above)"
	fi
}

tpm_guest
