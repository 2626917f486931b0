/*
 * parse.c - blkfront's checks on untrusted xenstore values: disk names,
 * geometry, and the request limits that follow from the backend's
 * features.  Pure: host tests (tests/unit/test_blkfront_parse.c) run it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <domlet/errno.h>
#include <domlet/printf.h>
#include <xen/io/blkif.h>
#include "parse.h"

#define XEN_PAGE 4096u

int bf_parse_name(const char *name, unsigned int *devid)
{
	size_t len = strlen(name);
	unsigned long v;

	if (len == 4 && !strncmp(name, "xvd", 3) && name[3] >= 'a' &&
	    name[3] <= 'z') {
		unsigned int disk = (unsigned int)(name[3] - 'a');

		/* xvda..xvdp: major 202; later ones use the extended
		 * encoding (docs/misc/vbd-interface.txt). */
		*devid =
		    disk < 16 ? 202u << 8 | disk << 4 : 1u << 28 | disk << 8;
		return 0;
	}
	if (kparse_ulong(name, len, &v) || v > 0xfffffffful)
		return -EINVAL;
	*devid = (unsigned int)v;
	return 0;
}

int bf_linux_disk(unsigned int devid)
{
	unsigned int major = devid >> 8 & 0xfff, minor = devid & 0xff;

	if (devid & 1u << 28) /* extended: 1 << 28 | disk << 8 | partition */
		return devid & 0xff ? -1 : (int)(devid >> 8 & 0xfffff);
	if (devid >> 16)
		return -1;
	switch (major) {
	case 202: /* xvd: 16 minors a disk */
		return minor & 15 ? -1 : (int)(minor >> 4);
	case 3: /* hda, hdb: 64 minors a disk */
		return minor & 63 ? -1 : (int)(minor >> 6);
	case 22: /* hdc, hdd */
		return minor & 63 ? -1 : (int)(minor >> 6) + 2;
	case 8: /* sda..sdp */
		return minor & 15 ? -1 : (int)(minor >> 4);
	default:
		if (major >= 65 && major <= 71) /* sdq.. : 16 disks a major */
			return minor & 15
				   ? -1
				   : (int)(minor >> 4) + 16 * (int)(major - 64);
		return -1;
	}
}

static int pow2_in(unsigned long v, unsigned long lo, unsigned long hi)
{
	return v >= lo && v <= hi && (v & (v - 1)) == 0;
}

int bf_check_geometry(unsigned long sectors, unsigned long sector_size,
		      unsigned long physical)
{
	if (!pow2_in(sector_size, 512, 65536) ||
	    !pow2_in(physical, sector_size, 1ul << 20) || sectors == 0 ||
	    sectors >= 1ull << 52)
		return -EPROTO;
	return 0;
}

uint32_t bf_indirect_segments(unsigned long offered)
{
	if (offered <= BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return 0; /* no gain over a direct request */
	return offered > BF_MAX_SEGS ? BF_MAX_SEGS : (uint32_t)offered;
}

uint32_t bf_max_request(uint32_t indirect_segments, uint32_t sector_size)
{
	uint32_t segs = indirect_segments ? indirect_segments
					  : BLKIF_MAX_SEGMENTS_PER_REQUEST;
	uint32_t bytes = segs * XEN_PAGE;

	if (sector_size == 0)
		return 0;
	return bytes - bytes % sector_size;
}

int bf_check_range(uint64_t sectors, uint32_t sector_size, uint64_t sector,
		   uint64_t len)
{
	uint32_t per = sector_size / 512; /* 512-byte units per sector */

	if (per == 0 || len == 0 || len % sector_size || sector % per)
		return -EINVAL;
	if (sector > sectors || len / 512 > sectors - sector)
		return -EINVAL;
	return 0;
}
