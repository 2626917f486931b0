# The guest's writes reached the file through its own blkfront (the
# data disk was never QEMU's); nothing left behind.
. "$SCEN/hvm-lib/dom0.sh"
hvm_linux_post
