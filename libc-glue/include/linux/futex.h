/*
 * linux/futex.h - the futex operations libc-glue/futex.c implements
 * (FUTEX_WAIT, FUTEX_WAKE, with or without FUTEX_PRIVATE_FLAG: there is
 * one address space, so private and shared are the same), with Linux's
 * values; the others are named so that code compiles, and fail ENOSYS.
 */
#ifndef LIBC_GLUE_LINUX_FUTEX_H
#define LIBC_GLUE_LINUX_FUTEX_H

#include <linux/types.h>

#define FUTEX_WAIT	     0
#define FUTEX_WAKE	     1
#define FUTEX_FD	     2
#define FUTEX_REQUEUE	     3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAKE_OP	     5
#define FUTEX_LOCK_PI	     6
#define FUTEX_UNLOCK_PI	     7
#define FUTEX_TRYLOCK_PI     8
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK	     ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)

#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

#define FUTEX_BITSET_MATCH_ANY 0xffffffff

#endif
