# A blank 4 MiB state disk: the vTPM formats it and manufactures a TPM.
set -e
dd if=/dev/zero of="$WORK/state.img" bs=1M count=4 2>&1 | tail -n 1
