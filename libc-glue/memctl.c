/*
 * memctl.c - the memory calls around mmap that QEMU makes (issue #11):
 * msync (util/oslib-posix.c), mincore (block/file-posix.c), mlockall
 * and munlockall (softmmu's -overcommit mem-lock), mlock/munlock, and
 * statfs/fstatfs (util/mmap-alloc.c asks a file's page size,
 * file-posix.c the filesystem type).
 *
 * All memory is the domain's own, mapped for good and never paged out
 * (mmap.c allocates every page at once): locking changes nothing and
 * every mapped page is resident.  "Mapped" is a mmap region (any
 * protection, as Linux counts PROT_NONE pages as mapped) or memory that
 * reads without faulting (heap, image): other addresses are ENOMEM, as
 * on Linux.  Probing an unmapped page is reported on the console by the
 * kernel, which only happens for a caller's bad address.
 */
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "glue.h"

#define PAGE 4096ul

/* 0 if [addr, addr + len) is mapped, -ENOMEM if not, -EINVAL for an
 * address that is not page-aligned. */
static int check_range(void *addr, size_t len)
{
	uintptr_t p = (uintptr_t)addr, end;
	uint64_t v;

	if (p % PAGE)
		return -EINVAL;
	if (!len)
		return 0;
	if (__builtin_add_overflow(p, len, &end))
		return -ENOMEM;
	if (vmem_contains(addr, len))
		return 0;
	for (; p < end; p += PAGE)
		if (probe_read64((const void *)p, &v))
			return -ENOMEM;
	return 0;
}

int msync(void *addr, size_t len, int flags)
{
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC) ||
	    (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return (int)posix_ret(-EINVAL);
	/* anonymous memory has no file behind it to write back */
	return (int)posix_ret(check_range(addr, len));
}

int mincore(void *addr, size_t len, unsigned char *vec)
{
	int rc = check_range(addr, len);

	if (rc == 0)
		memset(vec, 1, (len + PAGE - 1) / PAGE); /* all resident */
	return (int)posix_ret(rc);
}

int mlock(const void *addr, size_t len)
{
	(void)addr, (void)len;
	return 0;
}

int munlock(const void *addr, size_t len)
{
	(void)addr, (void)len;
	return 0;
}

int mlockall(int flags)
{
	if (!flags || flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT))
		return (int)posix_ret(-EINVAL);
	return 0;
}

int munlockall(void)
{
	return 0;
}

/* ---- statfs ---- */

static void fill_statfs(struct statfs *buf, long type)
{
	memset(buf, 0, sizeof(*buf));
	buf->f_type = type;
	buf->f_bsize = 4096;
	buf->f_frsize = 4096;
	buf->f_namelen = 255;
}

int fstatfs(int fd, struct statfs *buf)
{
	struct gfile *f = fd_get(&glue_fds, fd);
	struct stat st;

	if (!f)
		return (int)posix_ret(-EBADF);
	if (fstat(fd, &st))
		return -1;
	if (!strcmp(f->ops->kind, "eventfd"))
		fill_statfs(buf, ANON_INODE_FS_MAGIC);
	else if (S_ISFIFO(st.st_mode))
		fill_statfs(buf, PIPEFS_MAGIC);
	else if (S_ISSOCK(st.st_mode))
		fill_statfs(buf, SOCKFS_MAGIC);
	else
		fill_statfs(buf, TMPFS_MAGIC);
	return 0;
}

/* "/", "/dev" and the devices: Linux's devtmpfs. */
int statfs(const char *path, struct statfs *buf)
{
	if (access(path, F_OK))
		return -1;
	fill_statfs(buf, TMPFS_MAGIC);
	return 0;
}
