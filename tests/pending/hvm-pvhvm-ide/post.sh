# The guest's writes reached the file through its own blkfront after the
# unplug left QEMU's IDE disks unused; nothing left behind.
. "$SCEN/hvm-lib/dom0.sh"
hvm_linux_post
