# A blank 2 MiB state disk: the first vTPM formats it and manufactures
# its TPM; every later vTPM of the scenario loads it.
set -e
dd if=/dev/zero of="$WORK/state.img" bs=1M count=2 2>&1 | tail -n 1
