/*
 * isolation.c - the stub domain's check that it is confined to its
 * guest, run before QEMU starts when its command line says
 * "isolation-probe" (xl: stubdomain_cmdline = "isolation-probe").
 *
 * libxl makes the stub domain an unprivileged domain whose one target is
 * the guest (xc_domain_set_target); Xen then lets it map that guest's
 * memory and acquire its resources, and nothing else.  The probe asks
 * Xen for exactly that, for every domain id from 0 to a few past the
 * highest it knows of (its own, its target's):
 *   - one frame mapped read-only (libxenforeignmemory: a page-table
 *     entry owned by that domain; Xen checks XSM_TARGET),
 *   - the size of its grant-table resource (XENMEM_acquire_resource;
 *     Xen checks XSM_DM_PRIV before anything else).
 * The target must allow both (frame 0 of an HVM guest always exists);
 * every other domain must refuse both with EPERM (ESRCH: no such
 * domain).  One line per domain that exists, on console 0; any other
 * domain reachable is an error and the device model is not started.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <xenforeignmemory.h>
#include <xen/memory.h>
#include "libc-glue/kapi.h"
#include "isolation.h"

#define PROBE_PAST 8 /* domain ids probed past the highest known */

static const char *ename(int e)
{
	static char buf[16];

	switch (e) {
	case 0:
		return "allowed";
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case ESRCH:
		return "ESRCH";
	case EINVAL:
		return "EINVAL";
	case EFAULT:
		return "EFAULT";
	default:
		snprintf(buf, sizeof(buf), "errno %d", e);
		return buf;
	}
}

/* Frame 0 of domain d mapped read-only and unmapped: 0 or an errno. */
static int probe_map(xenforeignmemory_handle *fm, uint32_t d)
{
	xen_pfn_t pfn = 0;
	int err = 0;
	void *p = xenforeignmemory_map(fm, d, PROT_READ, 1, &pfn, &err);

	if (!p)
		return err ? (err < 0 ? -err : err) : errno;
	xenforeignmemory_unmap(fm, p, 1);
	return 0;
}

/* The size of d's shared grant-table resource: 0 or an errno. */
static int probe_resource(xenforeignmemory_handle *fm, uint32_t d,
			  size_t *frames)
{
	*frames = 0;
	if (xenforeignmemory_resource_size(
		fm, d, XENMEM_resource_grant_table,
		XENMEM_resource_grant_table_id_shared, frames))
		return errno;
	return 0;
}

int qemu_dm_isolation_probe(unsigned int target, char *err, size_t errlen)
{
	xenforeignmemory_handle *fm = xenforeignmemory_open(NULL, 0);
	unsigned int self = xenbus_domid(), last, d, refused = 0, absent = 0;
	int rc = 0;

	if (!fm) {
		snprintf(err, errlen,
			 "isolation probe: xenforeignmemory_open: %s",
			 strerror(errno));
		return -1;
	}
	last = (self > target ? self : target) + PROBE_PAST;
	for (d = 0; d <= last; d++) {
		size_t frames;
		int em, er;

		if (d == self)
			continue;
		em = probe_map(fm, d);
		er = probe_resource(fm, d, &frames);
		if (d == target) {
			printf(
			    "qemu-dm: isolation: domain %u (target): frame 0 "
			    "%s, grant-table resource %s (%zu frames)\n",
			    d, em ? ename(em) : "mapped", ename(er), frames);
			if (em && !rc) {
				snprintf(err, errlen,
					 "isolation probe: cannot map the "
					 "target's frame 0 (%s)",
					 ename(em));
				rc = -1;
			}
			continue;
		}
		if (em == ESRCH && er == ESRCH) {
			absent++;
			continue;
		}
		printf("qemu-dm: isolation: domain %u: frame 0 %s, grant-table "
		       "resource %s\n",
		       d, em ? ename(em) : "MAPPED", ename(er));
		if (em == EPERM && er == EPERM) {
			refused++;
		} else if (!rc) {
			snprintf(err, errlen,
				 "isolation probe: domain %u is not refused "
				 "(frame 0 %s, grant-table resource %s): this "
				 "stub domain is not confined to domain %u",
				 d, em ? ename(em) : "mapped", ename(er),
				 target);
			rc = -1;
		}
	}
	xenforeignmemory_close(fm);
	printf("qemu-dm: isolation: %u other domains refused, %u of ids 0-%u "
	       "absent: %s\n",
	       refused, absent, last,
	       rc ? "NOT CONFINED" : "confined to the target");
	return rc;
}
