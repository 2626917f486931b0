// SOURCES: blkfront/parse.c kernel/lib/printf.c
// CFLAGS: -I.
/*
 * test_blkfront_parse.c - blkfront's checks on xenstore values: disk
 * names to device ids (as libxl numbers them), impossible geometries
 * rejected, request limits from the backend's indirect-segment offer,
 * and I/O ranges on 512- and 4096-byte-sector disks.
 */
#include <stdint.h>
#include <domlet/errno.h>
#include "blkfront/parse.h"
#include "check.h"

TEST(names)
{
	unsigned int id = 0;

	CHECK_EQ(bf_parse_name("xvda", &id), 0);
	CHECK_EQ(id, 51712);
	CHECK_EQ(bf_parse_name("xvdb", &id), 0);
	CHECK_EQ(id, 51728);
	CHECK_EQ(bf_parse_name("xvdp", &id), 0);
	CHECK_EQ(id, 202 * 256 + 15 * 16);
	CHECK_EQ(bf_parse_name("xvdq", &id), 0);
	CHECK_EQ(id, (1u << 28) | (16 << 8));
	CHECK_EQ(bf_parse_name("768", &id), 0);
	CHECK_EQ(id, 768);
	CHECK_EQ(bf_parse_name("xvd", &id), -EINVAL);
	CHECK_EQ(bf_parse_name("xvdA", &id), -EINVAL);
	CHECK_EQ(bf_parse_name("xvdaa", &id), -EINVAL);
	CHECK_EQ(bf_parse_name("", &id), -EINVAL);
	CHECK_EQ(bf_parse_name("51712x", &id), -EINVAL);
	CHECK_EQ(bf_parse_name("-1", &id), -EINVAL);
	CHECK_EQ(bf_parse_name("4294967296", &id), -EINVAL);
}

TEST(linux_disk_names)
{
	CHECK_EQ(bf_linux_disk(51712), 0);	    /* xvda */
	CHECK_EQ(bf_linux_disk(51712 + 16), 1);	    /* xvdb */
	CHECK_EQ(bf_linux_disk(51712 + 1), -1);	    /* xvda1 */
	CHECK_EQ(bf_linux_disk(768), 0);	    /* hda */
	CHECK_EQ(bf_linux_disk(768 + 64), 1);	    /* hdb */
	CHECK_EQ(bf_linux_disk(769), -1);	    /* hda1 */
	CHECK_EQ(bf_linux_disk(22 << 8), 2);	    /* hdc */
	CHECK_EQ(bf_linux_disk((22 << 8) + 64), 3); /* hdd */
	CHECK_EQ(bf_linux_disk(8 << 8), 0);	    /* sda */
	CHECK_EQ(bf_linux_disk((8 << 8) + 32), 2);  /* sdc */
	CHECK_EQ(bf_linux_disk(65 << 8), 16);	    /* sdq */
	CHECK_EQ(bf_linux_disk((1u << 28) | (30 << 8)), 30);
	CHECK_EQ(bf_linux_disk((1u << 28) | (30 << 8) | 1), -1);
	CHECK_EQ(bf_linux_disk(7 << 8), -1); /* loop: not a vbd */
	CHECK_EQ(bf_linux_disk(1u << 20), -1);
}

TEST(geometry)
{
	CHECK_EQ(bf_check_geometry(32768, 512, 512), 0);
	CHECK_EQ(bf_check_geometry(32768, 4096, 4096), 0);
	CHECK_EQ(bf_check_geometry(32768, 512, 4096), 0);
	CHECK_EQ(bf_check_geometry(0, 512, 512), -EPROTO);
	CHECK_EQ(bf_check_geometry(1ull << 52, 512, 512), -EPROTO);
	CHECK_EQ(bf_check_geometry(8, 256, 512), -EPROTO);
	CHECK_EQ(bf_check_geometry(8, 1000, 1000), -EPROTO);
	CHECK_EQ(bf_check_geometry(8, 131072, 131072), -EPROTO);
	CHECK_EQ(bf_check_geometry(8, 4096, 512), -EPROTO);
	CHECK_EQ(bf_check_geometry(8, 512, 3 * 512), -EPROTO);
	CHECK_EQ(bf_check_geometry(8, 512, 2ul << 20), -EPROTO);
	CHECK_EQ(bf_check_geometry(8, 0, 0), -EPROTO);
}

TEST(limits)
{
	CHECK_EQ(bf_indirect_segments(0), 0);
	CHECK_EQ(bf_indirect_segments(11), 0);
	CHECK_EQ(bf_indirect_segments(12), 12);
	CHECK_EQ(bf_indirect_segments(256), BF_MAX_SEGS);
	CHECK_EQ(bf_indirect_segments(~0ul), BF_MAX_SEGS);
	CHECK_EQ(bf_max_request(0, 512), 11 * 4096);
	CHECK_EQ(bf_max_request(0, 4096), 11 * 4096);
	CHECK_EQ(bf_max_request(0, 16384), 8 * 4096);
	CHECK_EQ(bf_max_request(64, 512), 64 * 4096);
	CHECK_EQ(bf_max_request(0, 65536), 0);
	CHECK_EQ(bf_max_request(0, 0), 0);
}

TEST(ranges)
{
	/* 512-byte sectors, 1 MiB disk. */
	CHECK_EQ(bf_check_range(2048, 512, 0, 512), 0);
	CHECK_EQ(bf_check_range(2048, 512, 2047, 512), 0);
	CHECK_EQ(bf_check_range(2048, 512, 0, 1 << 20), 0);
	CHECK_EQ(bf_check_range(2048, 512, 2048, 512), -EINVAL);
	CHECK_EQ(bf_check_range(2048, 512, 1, 1 << 20), -EINVAL);
	CHECK_EQ(bf_check_range(2048, 512, 0, 0), -EINVAL);
	CHECK_EQ(bf_check_range(2048, 512, 0, 100), -EINVAL);
	CHECK_EQ(bf_check_range(2048, 512, ~0ull, 512), -EINVAL);
	CHECK_EQ(bf_check_range(2048, 512, 8, ~0ull - 511), -EINVAL);
	/* 4096-byte logical sectors: whole, aligned sectors only. */
	CHECK_EQ(bf_check_range(2048, 4096, 8, 4096), 0);
	CHECK_EQ(bf_check_range(2048, 4096, 2040, 4096), 0);
	CHECK_EQ(bf_check_range(2048, 4096, 4, 4096), -EINVAL);
	CHECK_EQ(bf_check_range(2048, 4096, 0, 512), -EINVAL);
	CHECK_EQ(bf_check_range(2048, 4096, 0, 6144), -EINVAL);
	CHECK_EQ(bf_check_range(2048, 4096, 2048, 4096), -EINVAL);
	CHECK_EQ(bf_check_range(2048, 0, 0, 512), -EINVAL);
}

int main(void)
{
	RUN(names);
	RUN(linux_disk_names);
	RUN(geometry);
	RUN(limits);
	RUN(ranges);
	return CHECK_DONE();
}
