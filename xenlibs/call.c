/*
 * call.c - libxencall's backend on domlet (Xen's linux.c/minios.c are the
 * other OSes' ones): hypercalls go straight to the kernel's
 * xen_hypercall, as a PV guest in kernel mode may issue them itself.
 * Hypercall buffers are ordinary pages of our heap: Xen reads a PV
 * guest's virtual addresses directly, so no bounce buffer or locked
 * mapping is needed, and they never fault.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "libc-glue/kapi.h"
#include "xen-private/call/private.h"

int osdep_xencall_open(xencall_handle *xcall)
{
	(void)xcall;
	return 0;
}

int osdep_xencall_close(xencall_handle *xcall)
{
	(void)xcall;
	return 0;
}

/* -1 with errno (newlib's number) on failure, as on Linux. */
long osdep_hypercall(xencall_handle *xcall, privcmd_hypercall_t *hypercall)
{
	long rc;

	(void)xcall;
	rc = kerr(xen_hypercall((unsigned int)hypercall->op, hypercall->arg));
	if (rc < 0) {
		errno = (int)-rc;
		return -1;
	}
	return rc;
}

void *osdep_alloc_pages(xencall_handle *xcall, size_t nr_pages)
{
	void *p;

	(void)xcall;
	p = memalign(PAGE_SIZE, nr_pages * PAGE_SIZE);
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	memset(p, 0, nr_pages * PAGE_SIZE);
	return p;
}

void osdep_free_pages(xencall_handle *xcall, void *p, size_t nr_pages)
{
	(void)xcall;
	(void)nr_pages;
	free(p);
}

int xencall_buffers_never_fault(xencall_handle *xcall)
{
	(void)xcall;
	return 1;
}
