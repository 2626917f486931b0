/*
 * linux/types.h - the kernel ABI's fixed-width types (__u8 ... __u64,
 * their endian-annotated forms), declarations only, for Linux UAPI
 * headers that code brings along (QEMU's linux-headers/: userfaultfd.h,
 * vfio.h, vhost.h).  domlet implements none of those interfaces; this
 * is what their structs are written in.
 */
#ifndef LIBC_GLUE_LINUX_TYPES_H
#define LIBC_GLUE_LINUX_TYPES_H

#include <stdint.h>

typedef int8_t __s8;
typedef uint8_t __u8;
typedef int16_t __s16;
typedef uint16_t __u16;
typedef int32_t __s32;
typedef uint32_t __u32;
typedef long long __s64;
typedef unsigned long long __u64;

typedef __u16 __le16;
typedef __u16 __be16;
typedef __u32 __le32;
typedef __u32 __be32;
typedef __u64 __le64;
typedef __u64 __be64;
typedef __u16 __sum16;
typedef __u32 __wsum;

#define __aligned_u64  __u64 __attribute__((aligned(8)))
#define __aligned_be64 __be64 __attribute__((aligned(8)))
#define __aligned_le64 __le64 __attribute__((aligned(8)))

typedef unsigned int __poll_t;

/* asm/posix_types.h's on x86-64 (glib's futex wait builds its timespec
 * from __kernel_long_t) */
typedef long __kernel_long_t;
typedef unsigned long __kernel_ulong_t;

#endif
