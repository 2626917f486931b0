# What the guest wrote to its second disk is in the file.  On failure,
# dom0 QEMU's own log (libxl's qemu-dm-<guest>.log) says why it stopped.
. "$SCEN/hvm-lib/dom0.sh"
hvm_disk_check "$LOG" "$WORK/data.img" && exit 0
hvm_dm_log "$DOMNAME" | tail -n 15
ls -l /dev/net/tun 2>&1
exit 1
