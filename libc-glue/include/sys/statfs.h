/*
 * sys/statfs.h - statfs/fstatfs (libc-glue/memctl.c; newlib has none)
 * with glibc's x86-64 struct statfs and Linux's magic numbers for the
 * kinds of fd the glue has.  QEMU asks f_type and f_bsize
 * (util/mmap-alloc.c: a hugetlbfs page size; block/file-posix.c).
 */
#ifndef LIBC_GLUE_SYS_STATFS_H
#define LIBC_GLUE_SYS_STATFS_H

#include <sys/types.h>

typedef struct {
	int __val[2];
} fsid_t;

struct statfs {
	long f_type;
	long f_bsize;
	unsigned long f_blocks, f_bfree, f_bavail;
	unsigned long f_files, f_ffree;
	fsid_t f_fsid;
	long f_namelen;
	long f_frsize;
	long f_flags;
	long f_spare[4];
};

#define TMPFS_MAGIC	    0x01021994 /* devtmpfs: /, /dev and its devices */
#define PIPEFS_MAGIC	    0x50495045
#define SOCKFS_MAGIC	    0x534f434b
#define ANON_INODE_FS_MAGIC 0x09041934 /* eventfd */
#define HUGETLBFS_MAGIC	    0x958458f6 /* never: there are no huge pages */

int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);

#endif
