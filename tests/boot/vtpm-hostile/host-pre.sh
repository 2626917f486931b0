# The guest's TPM image, dom0's swtpm and tpm2-tools, and tests/vtpm-lib.
bash "$ROOT/tests/vtpm-lib/host-pre.sh"
