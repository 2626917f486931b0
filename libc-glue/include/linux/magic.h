/*
 * linux/magic.h - filesystem magic numbers as statfs() reports them
 * (f_type), Linux's values, for code that tells filesystems apart
 * (QEMU's block/file-posix.c checks for NFS).
 */
#ifndef LIBC_GLUE_LINUX_MAGIC_H
#define LIBC_GLUE_LINUX_MAGIC_H

#define NFS_SUPER_MAGIC	  0x6969
#define TMPFS_MAGIC	  0x01021994
#define HUGETLBFS_MAGIC	  0x958458f6
#define EXT4_SUPER_MAGIC  0xEF53
#define XFS_SUPER_MAGIC	  0x58465342
#define BTRFS_SUPER_MAGIC 0x9123683E

#endif
