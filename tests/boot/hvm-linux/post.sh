# What the guest wrote to its second disk is in the file in dom0; its
# stub domain's console 0; nothing left behind.
. "$SCEN/hvm-lib/dom0.sh"
hvm_linux_post
