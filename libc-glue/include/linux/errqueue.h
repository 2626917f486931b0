/*
 * linux/errqueue.h - the socket error-queue record (struct
 * sock_extended_err), declarations only, Linux's layout: QEMU's
 * io/channel-socket.c reads it for MSG_ZEROCOPY completions, which it
 * compiles only when the socket layer has MSG_ZEROCOPY; lwIP does not.
 */
#ifndef LIBC_GLUE_LINUX_ERRQUEUE_H
#define LIBC_GLUE_LINUX_ERRQUEUE_H

#include <linux/types.h>

struct sock_extended_err {
	__u32 ee_errno;
	__u8 ee_origin;
	__u8 ee_type;
	__u8 ee_code;
	__u8 ee_pad;
	__u32 ee_info;
	__u32 ee_data;
};

#define SO_EE_ORIGIN_NONE	   0
#define SO_EE_ORIGIN_LOCAL	   1
#define SO_EE_ORIGIN_ICMP	   2
#define SO_EE_ORIGIN_ICMP6	   3
#define SO_EE_ORIGIN_TXSTATUS	   4
#define SO_EE_ORIGIN_ZEROCOPY	   5
#define SO_EE_CODE_ZEROCOPY_COPIED 1

#endif
