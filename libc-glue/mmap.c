/*
 * mmap.c - anonymous private mappings on kernel vmem regions
 * (kernel/vmem.c): zeroed, page-aligned pages of our own memory, any
 * size the page pool can give, all allocated at once (no demand paging;
 * MAP_NORESERVE changes nothing).  QEMU maps its coroutine stacks so,
 * with a PROT_NONE guard page below each.
 *
 * What works and what does not:
 * - mmap: MAP_ANONYMOUS with MAP_PRIVATE (or MAP_SHARED, the same with
 *   one process); the address is a hint and ignored, MAP_FIXED is
 *   EINVAL; file mappings (an fd) are ENODEV.
 * - munmap: whole mappings only (the address mmap returned, the length
 *   it was given or less within its last page); part of one is EINVAL.
 *   libxenforeignmemory's mappings too (glue_munmap_other).
 * - mprotect: real, per page, inside one mapping: PROT_NONE unmaps the
 *   pages (an access faults), PROT_READ maps them read-only,
 *   PROT_READ|PROT_WRITE writable.  PROT_EXEC is ENOTSUP: the kernel
 *   keeps every data page no-execute (W^X).  Outside a mapping, EINVAL
 *   for PROT_NONE/READ and a no-op for PROT_READ|PROT_WRITE (malloc'd
 *   memory already is).
 * - madvise: accepted, changes nothing (MADV_DONTNEED does not zero).
 */
#include <sys/mman.h>
#include "glue.h"

#define PAGE 4096ul

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p;

	(void)addr;
	if (!(flags & MAP_ANONYMOUS))
		return (void *)posix_ret(-ENODEV);
	if ((flags & MAP_FIXED) || !len || off % PAGE ||
	    !(flags & (MAP_PRIVATE | MAP_SHARED)))
		return (void *)posix_ret(-EINVAL);
	(void)fd; /* ignored with MAP_ANONYMOUS, as Linux does */
	if (prot & PROT_EXEC)
		return (void *)posix_ret(-ENOTSUP);
	p = vmem_alloc(len, 0);
	if (!p)
		return (void *)posix_ret(-ENOMEM);
	if (prot != (PROT_READ | PROT_WRITE) &&
	    vmem_protect(p, len,
			 prot & PROT_WRITE  ? VMEM_READ | VMEM_WRITE
			 : prot & PROT_READ ? VMEM_READ
					    : VMEM_NONE)) {
		vmem_free(p);
		return (void *)posix_ret(-ENOMEM);
	}
	return p;
}

/*
 * munmap of a mapping mmap did not make: a strong definition elsewhere
 * (xenlibs/foreignmemory.c: libxenforeignmemory's mappings, which QEMU's
 * map cache unmaps with munmap, as Linux's privcmd allows) unmaps it and
 * returns 0, or returns -EINVAL when addr is not one of its own.
 */
__attribute__((weak)) int glue_munmap_other(void *addr, size_t len)
{
	(void)addr;
	(void)len;
	return -EINVAL;
}

int munmap(void *addr, size_t len)
{
	size_t size = vmem_size(addr);

	if (!size)
		return (int)posix_ret(glue_munmap_other(addr, len));

	/* the mapping's own length, rounded to pages, or less but in its
	 * last page */
	if (!len || len > size || size - len >= PAGE)
		return (int)posix_ret(-EINVAL);
	return (int)posix_ret(vmem_free(addr) ? -EINVAL : 0);
}

int mprotect(void *addr, size_t len, int prot)
{
	unsigned int access;

	if ((unsigned long)addr % PAGE)
		return (int)posix_ret(-EINVAL);
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return (int)posix_ret(-EINVAL);
	if (prot & PROT_EXEC)
		return (int)posix_ret(-ENOTSUP);
	if (!len)
		return 0;
	access = prot & PROT_WRITE  ? VMEM_READ | VMEM_WRITE
		 : prot & PROT_READ ? VMEM_READ
				    : VMEM_NONE;
	if (vmem_protect(addr, len, access) == 0)
		return 0;
	/* not a mapping: ordinary (heap, image) memory is read-write */
	return prot == (PROT_READ | PROT_WRITE) ? 0 : (int)posix_ret(-EINVAL);
}

int madvise(void *addr, size_t len, int advice)
{
	(void)addr, (void)len, (void)advice;
	return 0;
}
