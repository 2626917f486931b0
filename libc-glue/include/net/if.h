/*
 * net/if.h - network interface names and the interface-ioctl struct,
 * declarations only, Linux's layout: QEMU's net/tap-linux.c fills a
 * struct ifreq for /dev/net/tun, which domlet does not have (its NICs
 * reach QEMU as a xen-vif netdev, stubdoms/qemu-dm), so its open fails
 * first.  lwIP's own, smaller struct ifreq is renamed away by
 * sys/socket.h; IFNAMSIZ is Linux's 16 here, lwIP's interface names
 * are shorter (NETIF_NAMESIZE).
 */
#ifndef LIBC_GLUE_NET_IF_H
#define LIBC_GLUE_NET_IF_H

#include <sys/socket.h>

#undef IFNAMSIZ
#define IFNAMSIZ 16

#define IFF_UP		0x1
#define IFF_BROADCAST	0x2
#define IFF_LOOPBACK	0x8
#define IFF_POINTOPOINT 0x10
#define IFF_RUNNING	0x40
#define IFF_NOARP	0x80
#define IFF_PROMISC	0x100
#define IFF_MULTICAST	0x1000

struct ifreq {
	char ifr_name[IFNAMSIZ];
	union {
		struct sockaddr ifru_addr;
		short ifru_flags;
		int ifru_ivalue;
		int ifru_mtu;
		char ifru_slave[IFNAMSIZ];
		char ifru_newname[IFNAMSIZ];
		void *ifru_data;
		char ifru_pad[24]; /* Linux's union size */
	} ifr_ifru;
};
#define ifr_addr    ifr_ifru.ifru_addr
#define ifr_flags   ifr_ifru.ifru_flags
#define ifr_ifindex ifr_ifru.ifru_ivalue
#define ifr_mtu	    ifr_ifru.ifru_mtu
#define ifr_data    ifr_ifru.ifru_data

#endif
