// SOURCES: disk/bdev.c disk/part.c disk/gpt.c fs/fs.c fs/ext.c
// SOURCES: fs/ext_map.c fs/ext_dir.c
// CFLAGS: -I.
/*
 * test_disk.c - block devices and partition tables.  MBR disks made by
 * sfdisk (primaries, an extended partition with three logicals: GRUB's
 * msdos5.., checked against sfdisk's own dump), an ext4 filesystem made
 * inside a logical partition with mke2fs -E offset and read through the
 * partition's bdev, entries past a truncated disk, a hand-made EBR loop,
 * FAT and ext on the whole device (no table); GPT disks made by sgdisk
 * (checked against sfdisk's dump), a corrupt primary header or entry
 * array (the backup is used), both bad, entries outside the usable range,
 * overlapping or reversed, and 4096-byte sectors (fdisk -b 4096).
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "imgutil.h"
#include "disk/disk.h"
#include "fs/fs.h"

/* The images, inside this test's own work directory. */
#define W "w"

struct expect {
	unsigned int number;
	unsigned long long start, size; /* sectors */
	char type[64];
};

/* Partitions as `sfdisk -d` (or fdisk -l -o Device,Start,Sectors)
 * lists them: the number from the device name's tail. */
static int dump(const char *cmd, struct expect *e, int max)
{
	FILE *p = popen(cmd, "r");
	char line[512], *s, *q;
	int n = 0;

	if (!p)
		return -1;
	while (n < max && fgets(line, sizeof(line), p)) {
		s = strstr(line, " : start=");
		if (!s)
			s = strstr(line, ".img");
		if (!s || !strstr(line, ".img"))
			continue;
		memset(&e[n], 0, sizeof(e[n]));
		if (strstr(line, " : start=")) {
			for (q = s; q > line && isdigit((unsigned char)q[-1]);)
				q--;
			e[n].number = (unsigned int)atoi(q);
			if (sscanf(s,
				   " : start= %llu, size= %llu, type=%63[^,\n]",
				   &e[n].start, &e[n].size, e[n].type) < 2)
				continue;
		} else if (sscanf(s, ".img%u %llu %llu", &e[n].number,
				  &e[n].start, &e[n].size) != 3) {
			continue;
		}
		n++;
	}
	pclose(p);
	return n;
}

struct disk {
	struct bdev bd;
	unsigned char *data;
	size_t size;
};

static int disk_load(struct disk *d, const char *name, uint32_t ss)
{
	char path[256];

	snprintf(path, sizeof(path), W "/%s.img", name);
	d->data = load(path, &d->size);
	if (!d->data)
		return -ENOENT;
	bdev_init_mem(&d->bd, d->data, d->size, ss, "hd0");
	return 0;
}

/* parts[] against what the tool dumped, sector size ss. */
static void same_parts(const struct part *parts, int n, const struct expect *e,
		       int ne, uint32_t ss, enum part_scheme scheme)
{
	int i;

	CHECK_EQ(n, ne);
	for (i = 0; i < n; i++) {
		CHECK_EQ(parts[i].scheme, scheme);
		CHECK_EQ(parts[i].number, e[i].number);
		CHECK_EQ(parts[i].start, e[i].start * ss);
		CHECK_EQ(parts[i].size, e[i].size * ss);
		if (scheme == PART_MSDOS)
			CHECK_EQ(parts[i].mbr_type, strtoul(e[i].type, 0, 16));
	}
}

static int mbr_ok;

/* 1-3 primary, 4 extended, 5-7 logical; ext4 in msdos6. */
TEST(mbr_logicals)
{
	struct expect e[16];
	struct part parts[PART_MAX];
	struct bdev sub;
	struct disk d;
	struct fs *fs;
	void *data;
	size_t len;
	int n, ne;

	CHECK_EQ(
	    sh("set -e; rm -rf " W "; mkdir -p " W "/t; echo inside > " W
	       "/t/file; truncate -s 64M " W "/m.img; printf 'label: dos\\n"
	       ",8M,83\\n,4M,83\\n,4M,83\\n,,E\\n,4M,83\\n,4M,83\\n,4M,c\\n'"
	       " | sfdisk -q " W "/m.img"),
	    0);
	ne = dump("sfdisk -d " W "/m.img", e, 16);
	CHECK_EQ(ne, 7);
	CHECK_EQ(e[3].number, 4);
	/* The extended partition is no volume: drop it from the list. */
	memmove(&e[3], &e[4], 3 * sizeof(e[0]));
	ne--;
	CHECK_EQ(sh("mke2fs -q -F -t ext4 -E offset=%llu -d " W "/t " W
		    "/m.img 4M",
		    e[4].start * 512),
		 0);
	CHECK_EQ(disk_load(&d, "m", 512), 0);
	log_clear();
	n = part_scan(&d.bd, parts, PART_MAX, log_keep);
	same_parts(parts, n, e, ne, 512, PART_MSDOS);
	CHECK_EQ(parts[3].number, 5);
	CHECK_EQ(parts[5].number, 7);
	CHECK_STR(log_text, "");
	CHECK_EQ(part_bdev(&d.bd, &parts[4], &sub), 0);
	CHECK_STR(sub.name, "hd0,msdos6");
	CHECK_EQ(fs_open(&sub, &fs), 0);
	CHECK_EQ(fs_read_all(fs, "/file", 100, &data, &len), 0);
	CHECK_STR((char *)data, "inside\n");
	free(data);
	fs_close(fs);
	/* The partition's bdev ends where the partition does. */
	CHECK_EQ(bdev_read(&sub, sub.size - 1, &len, 1), 0);
	CHECK_EQ(bdev_read(&sub, sub.size - 1, &len, 2), -EIO);
	CHECK_EQ(bdev_read(&sub, UINT64_MAX, &len, 2), -EIO);
	free(d.data);
	mbr_ok = 1;
}

/* The disk cut at 30 MiB: msdos7 (ends at 32 MiB) is skipped. */
TEST(mbr_past_end)
{
	struct part parts[PART_MAX];
	struct disk d;
	int n;

	CHECK(mbr_ok);
	CHECK_EQ(
	    sh("cp " W "/m.img " W "/cut.img && truncate -s 30M " W "/cut.img"),
	    0);
	CHECK_EQ(disk_load(&d, "cut", 512), 0);
	log_clear();
	n = part_scan(&d.bd, parts, PART_MAX, log_keep);
	CHECK_EQ(n, 5);
	CHECK_EQ(parts[4].number, 6);
	CHECK(strstr(log_text, "msdos7") != NULL);
	/* A caller's smaller array is filled and no more. */
	CHECK_EQ(part_scan(&d.bd, parts, 2, NULL), 2);
	free(d.data);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void mbr_entry(unsigned char *sec, int i, int type, uint32_t start,
		      uint32_t count)
{
	unsigned char *p = sec + 446 + 16 * i;

	p[4] = (unsigned char)type;
	put32(p + 8, start);
	put32(p + 12, count);
	sec[510] = 0x55;
	sec[511] = 0xaa;
}

/* Two EBRs, the second linking to itself. */
TEST(ebr_loop)
{
	static unsigned char disk[1 << 20];
	struct part parts[PART_MAX];
	struct bdev bd;
	int n;

	mbr_entry(disk, 0, 0x83, 8, 8);
	mbr_entry(disk, 1, 0x05, 100, 1000);
	mbr_entry(disk + 100 * 512, 0, 0x83, 4, 10);
	mbr_entry(disk + 100 * 512, 1, 0x05, 50, 100);
	mbr_entry(disk + 150 * 512, 0, 0x83, 4, 10);
	mbr_entry(disk + 150 * 512, 1, 0x05, 50, 100);
	bdev_init_mem(&bd, disk, sizeof(disk), 512, "hd1");
	log_clear();
	n = part_scan(&bd, parts, PART_MAX, log_keep);
	CHECK_EQ(n, 3);
	CHECK_EQ(parts[1].number, 5);
	CHECK_EQ(parts[1].start, 104 * 512);
	CHECK_EQ(parts[2].number, 6);
	CHECK_EQ(parts[2].start, 154 * 512);
	CHECK(strstr(log_text, "loops") != NULL);
	/* A status byte other than 0x00/0x80: not a partition table. */
	disk[446 + 16] = 0x12;
	CHECK_EQ(part_scan(&bd, parts, PART_MAX, NULL), 0);
}

TEST(no_table)
{
	static unsigned char zero[1 << 16];
	struct part parts[4];
	struct disk d;
	struct bdev bd;

	CHECK_EQ(sh("mkdir -p " W " && rm -f " W "/fat.img " W "/ext.img && "
		    "mkfs.vfat -C " W "/fat.img 8192 >/dev/null && mke2fs -q "
		    "-F -t ext4 " W "/ext.img 8M >/dev/null 2>&1"),
		 0);
	CHECK_EQ(disk_load(&d, "fat", 512), 0);
	CHECK_EQ(d.data[510], 0x55);
	CHECK_EQ(part_scan(&d.bd, parts, 4, NULL), 0);
	free(d.data);
	CHECK_EQ(disk_load(&d, "ext", 512), 0);
	CHECK_EQ(part_scan(&d.bd, parts, 4, NULL), 0);
	free(d.data);
	bdev_init_mem(&bd, zero, sizeof(zero), 512, "z");
	CHECK_EQ(part_scan(&bd, parts, 4, NULL), 0);
	bdev_init_mem(&bd, zero, 100, 512, "tiny");
	CHECK_EQ(part_scan(&bd, parts, 4, NULL), 0);
}

static int gpt_ok;
static struct expect gpt_e[8];
static int gpt_ne;

static void scan_gpt(const char *name, int expect_n, const char *msg)
{
	struct part parts[PART_MAX];
	struct disk d;
	int n;

	CHECK_EQ(disk_load(&d, name, 512), 0);
	log_clear();
	n = part_scan(&d.bd, parts, PART_MAX, log_keep);
	if (expect_n < 0)
		same_parts(parts, n, gpt_e, gpt_ne, 512, PART_GPT);
	else
		CHECK_EQ(n, expect_n);
	if (msg)
		CHECK(strstr(log_text, msg) != NULL);
	else
		CHECK_STR(log_text, "");
	free(d.data);
}

TEST(gpt)
{
	/* 0FC63DAF-8483-4772-8E79-3D69D8477DE4 as GPT stores it. */
	static const unsigned char linux_fs[16] = {
	    0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
	    0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4};
	struct part parts[PART_MAX];
	struct bdev sub;
	struct disk d;

	CHECK_EQ(sh("mkdir -p " W " && rm -f " W "/g.img && truncate -s 64M " W
		    "/g.img && sgdisk -n 1:2048:+4M -n 2:0:+8M -n 3:0:+2M "
		    "-n 5:0:+1M " W "/g.img >/dev/null"),
		 0);
	gpt_ne = dump("sfdisk -d " W "/g.img", gpt_e, 8);
	CHECK_EQ(gpt_ne, 4);
	CHECK_EQ(gpt_e[3].number, 5);
	scan_gpt("g", -1, NULL);
	CHECK_EQ(disk_load(&d, "g", 512), 0);
	CHECK_EQ(part_scan(&d.bd, parts, PART_MAX, NULL), 4);
	CHECK(memcmp(parts[1].gpt_type, linux_fs, 16) == 0);
	CHECK_EQ(part_bdev(&d.bd, &parts[1], &sub), 0);
	CHECK_STR(sub.name, "hd0,gpt2");
	CHECK_EQ(sub.offset, gpt_e[1].start * 512);
	free(d.data);
	gpt_ok = 1;
}

/* cp g.img to NAME.img and dd bytes (printf escapes) at off. */
static int patch(const char *name, const char *bytes, unsigned long long off)
{
	return sh("cp " W "/g.img " W "/%s.img && printf '%s' | dd of=" W
		  "/%s.img bs=1 seek=%llu conv=notrunc status=none",
		  name, bytes, name, off);
}

TEST(gpt_backup)
{
	CHECK(gpt_ok);
	/* The primary header's my_lba: its CRC no longer matches. */
	CHECK_EQ(patch("g-hdr", "\\7", 512 + 24), 0);
	scan_gpt("g-hdr", -1, "primary GPT bad");
	/* The primary entry array (entry 1's first LBA). */
	CHECK_EQ(patch("g-arr", "\\7", 1024 + 32), 0);
	scan_gpt("g-arr", -1, "entry array at LBA 2: bad CRC");
	/* The disk grown by 1 MiB after partitioning: the backup is not at
	 * the end, but where the primary header says. */
	CHECK_EQ(sh("cp " W "/g-arr.img " W "/g-grown.img && truncate -s 65M " W
		    "/g-grown.img"),
		 0);
	scan_gpt("g-grown", -1, "entry array at LBA 2: bad CRC");
	/* Both headers' signatures. */
	CHECK_EQ(sh("cp " W "/g-hdr.img " W "/g-both.img && printf X | dd of=" W
		    "/g-both.img bs=1 seek=$((64 * 1048576 - 512)) "
		    "conv=notrunc status=none"),
		 0);
	scan_gpt("g-both", 0, "no usable GPT");
}

/* CRC-32 as GPT uses it, to re-seal hand-edited tables. */
static uint32_t crc32(const unsigned char *p, size_t len)
{
	uint32_t crc = ~0u;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Entry i (0-based) of the primary array gets first..last; then the
 * array and header CRCs are recomputed. */
static void gpt_set(unsigned char *disk, int i, uint64_t first, uint64_t last)
{
	unsigned char *h = disk + 512, *a = disk + 1024;

	put64(a + 128 * i + 32, first);
	put64(a + 128 * i + 40, last);
	put32(h + 88, crc32(a, 128 * 128));
	put32(h + 16, 0);
	put32(h + 16, crc32(h, 92));
}

TEST(gpt_bad_entries)
{
	struct part parts[PART_MAX];
	struct disk d;
	int n;

	CHECK(gpt_ok);
	CHECK_EQ(disk_load(&d, "g", 512), 0);
	/* 2 overlaps 1, 3 ends past the usable range, 5 is reversed. */
	gpt_set(d.data, 1, gpt_e[0].start + 8, gpt_e[1].start + 100);
	gpt_set(d.data, 2, gpt_e[2].start, d.size / 512 - 2);
	gpt_set(d.data, 4, gpt_e[3].start + 10, gpt_e[3].start + 9);
	log_clear();
	n = part_scan(&d.bd, parts, PART_MAX, log_keep);
	CHECK_EQ(n, 1);
	CHECK_EQ(parts[0].number, 1);
	CHECK(strstr(log_text, "gpt2 overlaps gpt1") != NULL);
	CHECK(strstr(log_text, "gpt3: LBAs") != NULL);
	CHECK(strstr(log_text, "gpt5: LBAs") != NULL);
	free(d.data);
}

/* 4096-byte sectors: fdisk -b 4096 lays the GPT out in 4 KiB LBAs. */
TEST(gpt_4k)
{
	struct part parts[PART_MAX];
	struct expect e[8];
	struct disk d;
	int n, ne;

	CHECK_EQ(
	    sh("mkdir -p " W " && rm -f " W "/g4.img && truncate -s 64M " W
	       "/g4.img && printf 'g\\nn\\n\\n\\n+4M\\nn\\n\\n\\n+8M\\nw\\n'"
	       " | fdisk -b 4096 " W "/g4.img >/dev/null 2>&1"),
	    0);
	ne =
	    dump("fdisk -b 4096 -l -o Device,Start,Sectors " W "/g4.img", e, 8);
	CHECK_EQ(ne, 2);
	CHECK_EQ(disk_load(&d, "g4", 4096), 0);
	log_clear();
	n = part_scan(&d.bd, parts, PART_MAX, log_keep);
	same_parts(parts, n, e, ne, 4096, PART_GPT);
	CHECK_STR(log_text, "");
	/* Read as 512-byte sectors there is no GPT where it is looked for. */
	d.bd.block_size = 512;
	CHECK_EQ(part_scan(&d.bd, parts, PART_MAX, NULL), 0);
	free(d.data);
}

TEST(bdev_bounds)
{
	static unsigned char mem[4096];
	unsigned char b[8];
	struct bdev bd;

	bdev_init_mem(&bd, mem, sizeof(mem), 512, "m");
	CHECK_EQ(bdev_read(&bd, 4088, b, 8), 0);
	CHECK_EQ(bdev_read(&bd, 4089, b, 8), -EIO);
	CHECK_EQ(bdev_read(&bd, 4096, b, 0), 0);
	CHECK_EQ(bdev_read(&bd, UINT64_MAX - 2, b, 8), -EIO);
	CHECK_STR(bd.name, "m");
}

int main(void)
{
	if (work_enter("disk") != 0) {
		printf("FAIL test_disk.c: cannot make a work directory\n");
		return 1;
	}
	RUN(mbr_logicals);
	RUN(mbr_past_end);
	RUN(ebr_loop);
	RUN(no_table);
	RUN(gpt);
	RUN(gpt_backup);
	RUN(gpt_bad_entries);
	RUN(gpt_4k);
	RUN(bdev_bounds);
	work_leave(check_failures);
	return CHECK_DONE();
}
