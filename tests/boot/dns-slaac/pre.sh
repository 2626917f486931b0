# dom0's servers for the guest, started before it boots: dnsmasq on
# xenbr0 (DHCPv4, router advertisements, DNS) and a TCP listener the
# guest connects to by name.  post.sh stops both.
set -e
undo() {
	kill "$(cat dnsmasq.pid 2>/dev/null)" "$(cat nc.pid 2>/dev/null)" 2>/dev/null
	ip -6 addr del fd98:1::1/64 dev xenbr0 2>/dev/null
	echo 1 >/proc/sys/net/ipv6/conf/xenbr0/accept_dad
}
trap undo ERR # post.sh, which stops them otherwise, runs only if this passes
# No duplicate address detection (busybox ip has no "nodad"): the
# address is usable at once, although the bridge has no port yet.
echo 0 >/proc/sys/net/ipv6/conf/xenbr0/accept_dad
ip -6 addr add fd98:1::1/64 dev xenbr0
cat >hosts <<HOSTS
10.99.0.80 www.rig.test
fd98:1::80 www.rig.test
10.99.0.81 v4.rig.test
fd98:1::82 v6.rig.test
HOSTS
# user= (empty): stay root, dom0 has no /etc/passwd for "nobody".
# local=/rig.test/: names there come from this file or do not exist
# (NXDOMAIN), there being no upstream server.
cat >dnsmasq.conf <<CONF
user=
interface=xenbr0
no-resolv
no-hosts
addn-hosts=$WORK/hosts
host-record=dom0.rig.test,10.99.0.1,fd98:1::1
local=/rig.test/
dhcp-range=10.99.0.120,10.99.0.129,255.255.255.0,1h
dhcp-range=fd98:1::,ra-only,64,1h
enable-ra
ra-param=xenbr0,10
dhcp-leasefile=$WORK/dnsmasq.leases
pid-file=$WORK/dnsmasq.pid
log-facility=$WORK/dnsmasq.log
log-queries
log-dhcp
CONF
dnsmasq --conf-file="$WORK/dnsmasq.conf" --test
dnsmasq --conf-file="$WORK/dnsmasq.conf"
nc -l -p 7000 >hello.txt 2>nc.err </dev/null &
echo $! >nc.pid
for i in $(seq 50); do [ -s dnsmasq.pid ] && break; sleep 0.1; done
echo "dnsmasq $(cat dnsmasq.pid), nc $(cat nc.pid)"
