# make run APP=vtpm: the state disk, blank the first time (the vTPM
# formats it and manufactures a TPM); on a Xen host it is kept in
# build/rig/run-app/vtpm, so the TPM's NV data survives the next run.
[ -e vtpm-state.img ] || truncate -s 4M vtpm-state.img
