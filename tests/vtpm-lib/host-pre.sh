# tests/vtpm-lib/host-pre.sh: the host half of a TPM scenario's setup.
#
# A scenario's host-pre.sh runs it (`bash "$ROOT/tests/vtpm-lib/host-pre.sh"`)
# to put into its share directory (OUT; $SCEN in dom0):
#   guest-initrd-tpm   the rig guest's TPM image (xl.cfg: ramdisk =
#                      "@SCEN@/guest-initrd-tpm", extra "rigmode=tpm ...")
#   dom0-tpm.cpio.gz   swtpm and tpm2-tools, unpacked by vtpm_dom0_tools
#   vtpm-lib/          these scripts, for dom0 (. "$SCEN/vtpm-lib/dom0.sh")
# Its scenario file names HOST_PRE_INPUTS="build/rig/tpm.stamp", which
# changes with all of these, so tools/rig/run's host-pre cache is renewed.
set -eu
: "${ROOT:?}" "${RIG:?}" "${OUT:?}"
[ -s "$RIG/guest-initrd-tpm" ] && [ -s "$RIG/dom0-tpm.cpio.gz" ] ||
	{ echo "no $RIG/guest-initrd-tpm or dom0-tpm.cpio.gz: run tools/rig/build"; exit 1; }
cp "$RIG/guest-initrd-tpm" "$RIG/dom0-tpm.cpio.gz" "$OUT/"
mkdir -p "$OUT/vtpm-lib"
cp "$ROOT"/tests/vtpm-lib/*.sh "$OUT/vtpm-lib/"
ls -l "$OUT/guest-initrd-tpm" "$OUT/dom0-tpm.cpio.gz"
