# Two ring pairs for this guest (vif_queues=2 in xl.cfg): netback offers
# as many as dom0 has vCPUs (the rig's one) unless told otherwise, and
# reads this when the vif's backend is made by xl create.  post.sh puts
# it back.
set -u
echo 2 >/sys/module/xen_netback/parameters/max_queues
