/*
 * lwipopts.h - lwIP's configuration for domlet apps (see net.c for the
 * design).
 *
 * Threads: NO_SYS=0 with lwIP's tcpip thread.  Application threads call
 * the socket API, which takes the core lock (LWIP_TCPIP_CORE_LOCKING)
 * and runs in the caller; received frames are processed in netfront's
 * worker thread under the same lock (LWIP_TCPIP_CORE_LOCKING_INPUT), so
 * the netif can set the per-frame checksum flags before lwIP looks at
 * the frame; the tcpip thread runs the timers and callbacks.
 *
 * Memory: heap and pools come from the one kernel heap (malloc), so
 * nothing is reserved up front and an idle stack costs little; the
 * counts below bound what a busy one takes.  100 connections each
 * holding a full 64 KiB send buffer would take ~6 MiB; lwIP then waits
 * for memory (ERR_MEM) rather than failing the connections.
 */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS			0
#define LWIP_TCPIP_CORE_LOCKING 1
/* The netif gathers TCP segments while the core lock is held and sends
 * them before it is released (netif.c, TCP segmentation offload). */
void vif_flush_all(void);
#define LOCK_TCPIP_CORE() sys_mutex_lock(&lock_tcpip_core)
#define UNLOCK_TCPIP_CORE()                                                    \
	do {                                                                   \
		vif_flush_all();                                               \
		sys_mutex_unlock(&lock_tcpip_core);                            \
	} while (0)
#define LWIP_TCPIP_CORE_LOCKING_INPUT 1
#define SYS_LIGHTWEIGHT_PROT	      1
#define LWIP_TIMEVAL_PRIVATE	      0

#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT	8

/* Sockets: MEMP_NUM_NETCONN is also the size of lwIP's socket table. */
#define MEMP_NUM_NETCONN	  160
#define MEMP_NUM_TCP_PCB	  160
#define MEMP_NUM_TCP_PCB_LISTEN	  16
#define MEMP_NUM_UDP_PCB	  16
#define MEMP_NUM_TCP_SEG	  512
#define PBUF_POOL_SIZE		  64
#define TCPIP_MBOX_SIZE		  256
#define DEFAULT_TCP_RECVMBOX_SIZE 64
#define DEFAULT_UDP_RECVMBOX_SIZE 32
#define DEFAULT_RAW_RECVMBOX_SIZE 32
#define DEFAULT_ACCEPTMBOX_SIZE	  128
#define TCPIP_THREAD_NAME	  "tcpip"

#define LWIP_IPV4		     1
#define LWIP_IPV6		     1
#define LWIP_IPV6_AUTOCONFIG	     1
#define LWIP_IPV6_DHCP6		     0
#define LWIP_ICMP		     1
#define LWIP_DHCP		     1
#define LWIP_DHCP_DOES_ACD_CHECK     0
#define DHCP_DOES_ARP_CHECK	     0
#define LWIP_DNS		     1
#define DNS_MAX_SERVERS		     2
#define LWIP_UDP		     1
#define LWIP_TCP		     1
#define LWIP_RAW		     0
#define LWIP_IGMP		     0
#define LWIP_NETIF_HOSTNAME	     1
#define LWIP_NETIF_LOOPBACK	     1
#define LWIP_HAVE_LOOPIF	     1
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1
#define IP_REASSEMBLY		     1
#define IP_FRAG			     1
/* 64-bit pointers do not fit in the fragment header. */
#define IPV6_FRAG_COPYHEADER 1

/* Window scaling (RFC 7323): without it the peer may not advertise more
 * than 64 KiB, and neither may we, which bounded the bytes in flight
 * both ways (TCP receive from dom0 and httpd's 1 MiB replies ran at
 * 0.6-0.8x of the Linux guest and nginx).  Receive window 64 segments
 * (93,440 bytes), send buffer 88 (128,480).  Memory: a connection holds
 * at most its send buffer and what its reader has not taken of the
 * window; lwIP waits for memory (ERR_MEM) rather than failing. */
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE  2
#define TCP_MSS	       1460
#define TCP_WND	       (64 * TCP_MSS)
#define TCP_SND_BUF    (88 * TCP_MSS)
/* Writable (select, poll) once a quarter of the buffer is free: lwIP
 * keeps this field 16 bits wide even with window scaling. */
#define TCP_SNDLOWAT		   (TCP_SND_BUF / 4)
#define TCP_SND_QUEUELEN	   (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_OVERSIZE		   TCP_MSS
#define LWIP_TCP_KEEPALIVE	   1
#define TCP_LISTEN_BACKLOG	   1
#define TCP_DEFAULT_LISTEN_BACKLOG 128

#define LWIP_SOCKET		    1
#define LWIP_NETCONN		    1
#define LWIP_COMPAT_SOCKETS	    0
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_SELECT	    1
/* lwIP's poll would define POLLIN etc. with values other than
 * libc-glue/include/poll.h's; the glue's poll() covers sockets. */
#define LWIP_SOCKET_POLL   0
#define LWIP_SO_RCVTIMEO   1
#define LWIP_SO_SNDTIMEO   1
#define LWIP_SO_RCVBUF	   1
#define SO_REUSE	   1
#define LWIP_TCP_KEEPALIVE 1
#define LWIP_NETIF_API	   0
#define LWIP_STATS	   0
#define LWIP_DEBUG	   0

#endif
