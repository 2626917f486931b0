// SOURCES: kload/kload.c kload/elf.c kload/notes.c decomp/decomp.c decomp/lz.c
// CFLAGS: -I. -Itests/unit
// LIBS: -lz -lbz2 -llzma -llzo2 -llz4 -lzstd
/*
 * test_kload.c - kload against Debian's real kernel and against small
 * hand-built ELFs.  tests/unit/kload-fixtures makes the real ones (the
 * bzImage from Debian's linux-image package, its vmlinux, vmlinux in
 * every compression, bzImages with every payload compression); their
 * notes and segments are checked against readelf's reading of them.
 * Then every way these files can be wrong: cut short anywhere, a
 * bzImage's header pointing past the end, too large for the memory.
 * (test_kload_elf.c: small hand-built ELFs, each of Xen's rules.)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kload/kload.h"
#include "check.h"
#include "kload_check.h"
#include "kload_mkelf.h" /* mk_put */

#define DIR   "build/unit/kload/"
#define LIMIT (256u << 20)

static const char *const exts[] = {"gz",  "bz2", "lzma", "xz",
				   "lzo", "lz4", "lz4l", "zst"};
static const enum decomp_fmt fmts[] = {DECOMP_GZIP, DECOMP_BZIP2, DECOMP_LZMA,
				       DECOMP_XZ,   DECOMP_LZO,	  DECOMP_LZ4,
				       DECOMP_LZ4,  DECOMP_ZSTD};

/* The reference: Debian's vmlinux, parsed once. */
static uint8_t *ref_file;
static size_t ref_len;
static struct kload_image ref;

static void same_segments(const struct kload_image *a,
			  const struct kload_image *b)
{
	unsigned int i;

	CHECK_EQ(a->nsegs, b->nsegs);
	CHECK_EQ(a->entry, b->entry);
	CHECK_EQ(a->virt_base, b->virt_base);
	CHECK_EQ(a->virt_kend, b->virt_kend);
	for (i = 0; i < a->nsegs; i++) {
		CHECK_EQ(a->seg[i].vaddr, b->seg[i].vaddr);
		CHECK_EQ(a->seg[i].filesz, b->seg[i].filesz);
		CHECK_EQ(a->seg[i].memsz, b->seg[i].memsz);
		CHECK(memcmp(a->seg[i].data, b->seg[i].data,
			     a->seg[i].filesz) == 0);
	}
}

TEST(fixtures)
{
	CHECK_EQ(system("tests/unit/kload-fixtures >build/unit/"
			"kload-fixtures.log 2>&1"),
		 0);
	ref_file = slurp(DIR "vmlinux", &ref_len);
	CHECK(ref_file != NULL);
	CHECK_EQ(kload_parse(ref_file, ref_len, LIMIT, &ref, err, sizeof(err)),
		 0);
}

/* readelf -n's line for a Xen note: its type and description bytes. */
static int readelf_note(const char *line, unsigned int *type, uint8_t *d,
			unsigned int *n)
{
	const char *p = strstr(line, "description data:");
	unsigned int t, b;
	int used;

	if (strncmp(line, "  Xen ", 6) || !p)
		return 0;
	if (sscanf(line, "%*s %*s Unknown note type: (0x%x)", &t) == 1)
		*type = t;
	else if (strstr(line, "NT_VERSION"))
		*type = 1;
	else if (strstr(line, "NT_ARCH"))
		*type = 2;
	else if (strstr(line, "GO BUILDID"))
		*type = 4;
	else
		return 0;
	p += strlen("description data:");
	*n = 0;
	while (*n < 256 && sscanf(p, " %2x%n", &b, &used) == 1) {
		d[(*n)++] = (uint8_t)b;
		p += used;
	}
	return 1;
}

static uint64_t le(const uint8_t *d, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | d[n];
	return v;
}

/* Each Xen note readelf shows, against what kload made of it. */
static void check_note(unsigned int type, const uint8_t *d, unsigned int n)
{
	uint64_t v = le(d, n < 8 ? n : 8);

	printf("    note %2u: %#llx \"%.*s\"\n", type, (unsigned long long)v,
	       (int)n, (type >= 5 && type <= 10) ? (const char *)d : "");
	switch (type) {
	case 1:
		CHECK_EQ(ref.entry, v);
		break;
	case 2:
		CHECK_EQ(ref.hypercall_page, v);
		break;
	case 3:
		CHECK_EQ(ref.virt_base, v);
		break;
	case 4:
		CHECK_EQ(ref.paddr_offset, v);
		break;
	case 5:
		CHECK_STR(ref.xen_version, (const char *)d);
		break;
	case 6:
		CHECK_STR(ref.guest_os, (const char *)d);
		break;
	case 8:
		CHECK_STR(ref.loader, (const char *)d);
		break;
	case 10:
		CHECK(strncmp(ref.features, (const char *)d, n) == 0);
		break;
	case 14:
		CHECK(ref.suspend_cancel);
		break;
	case 15:
		CHECK_EQ(ref.init_p2m, v);
		break;
	case 16:
		CHECK_EQ(ref.mod_start_pfn, v != 0);
		break;
	case 18:
		CHECK_EQ(ref.phys32_entry, v);
		break;
	}
}

TEST(debian_notes_match_readelf)
{
	FILE *f = fopen(DIR "readelf-n.txt", "r");
	char line[1024];
	uint8_t d[256];
	unsigned int type, n, seen = 0, hp = 0;

	CHECK(f != NULL && ref.nsegs);
	while (fgets(line, sizeof(line), f)) {
		if (!readelf_note(line, &type, d, &n))
			continue;
		d[n < 255 ? n : 255] = 0;
		check_note(type, d, n);
		seen |= 1u << type;
		hp |= type == 2;
	}
	fclose(f);
	if (!hp)
		CHECK_EQ(ref.hypercall_page, 0);
	/* What Debian's kernel has, and what Xen would make of it. */
	CHECK_EQ(ref.virt_base, 0xffffffff80000000ull);
	CHECK_EQ(ref.paddr_offset, 0);
	CHECK_EQ(ref.virt_kstart, 0xffffffff81000000ull);
	CHECK_EQ(ref.init_p2m, 0x8000000000ull);
	CHECK(ref.mod_start_pfn && ref.suspend_cancel);
	CHECK(ref.phys32_entry != 0);
	CHECK_EQ(ref.notes_from, KLOAD_NOTES_PHDR);
	CHECK(ref.f_required & KLOAD_FEAT(0));
	CHECK(seen & (1u << 1 | 1u << 3 | 1u << 15 | 1u << 16 | 1u << 18));
	printf("    debian: virt_base %#llx entry %#llx kernel %#llx-%#llx "
	       "hypercall_page %#llx init_p2m %#llx phys32 %#llx "
	       "features \"%s\" supported %#x required %#x\n",
	       (unsigned long long)ref.virt_base, (unsigned long long)ref.entry,
	       (unsigned long long)ref.virt_kstart,
	       (unsigned long long)ref.virt_kend,
	       (unsigned long long)ref.hypercall_page,
	       (unsigned long long)ref.init_p2m,
	       (unsigned long long)ref.phys32_entry, ref.features,
	       ref.f_supported, ref.f_required);
}

/* readelf -l's LOAD lines against the segments, in file order. */
TEST(debian_segments_match_readelf)
{
	FILE *f = fopen(DIR "readelf-l.txt", "r");
	char line[512];
	unsigned long long off, va, pa, fs, ms;
	unsigned int n = 0, i;

	CHECK(f != NULL && ref.nsegs);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " LOAD %llx %llx %llx %llx %llx", &off, &va,
			   &pa, &fs, &ms) != 5)
			continue;
		n++;
		for (i = 0; i < ref.nsegs; i++)
			if (ref.seg[i].vaddr == pa + 0xffffffff80000000ull)
				break;
		CHECK(i < ref.nsegs);
		CHECK_EQ(ref.seg[i].filesz, fs);
		CHECK_EQ(ref.seg[i].memsz, ms);
		CHECK(ref.seg[i].data == ref_file + off);
		printf("    segment %#llx filesz %#llx memsz %#llx\n",
		       (unsigned long long)ref.seg[i].vaddr, fs, ms);
	}
	fclose(f);
	CHECK_EQ(n, ref.nsegs);
}

/* The fixture DIR name parses, as container c with the whole file
 * compressed as outer and a bzImage's payload as payload, into Debian's
 * vmlinux's segments. */
static void parses_as_ref(const char *name, enum kload_container c,
			  enum decomp_fmt outer, enum decomp_fmt payload)
{
	struct kload_image img;
	char path[64];
	size_t len;
	uint8_t *p;
	int rc;

	snprintf(path, sizeof(path), DIR "%s", name);
	p = slurp(path, &len);
	CHECK(p != NULL && ref.nsegs);
	rc = kload_parse(p, len, LIMIT, &img, err, sizeof(err));
	if (rc)
		printf("    %s: %s\n", path, err);
	CHECK_EQ(rc, 0);
	CHECK_EQ(img.container, c);
	CHECK_EQ(img.outer, outer);
	CHECK_EQ(img.payload, payload);
	same_segments(&img, &ref);
	kload_free(&img);
	free(p);
}

TEST(debian_bzimage)
{
	parses_as_ref("bzImage", KLOAD_BZIMAGE, DECOMP_NONE, DECOMP_XZ);
}

TEST(bzimage_compressed_whole)
{
	parses_as_ref("bzImage-whole.zst", KLOAD_BZIMAGE, DECOMP_ZSTD,
		      DECOMP_XZ);
}

TEST(whole_file_compressions)
{
	char name[32];
	unsigned int i;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		snprintf(name, sizeof(name), "vmlinux.%s", exts[i]);
		parses_as_ref(name, KLOAD_ELF, fmts[i], DECOMP_NONE);
	}
}

TEST(bzimage_payload_compressions)
{
	char name[32];
	unsigned int i;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		snprintf(name, sizeof(name), "bzImage.%s", exts[i]);
		parses_as_ref(name, KLOAD_BZIMAGE, DECOMP_NONE, fmts[i]);
	}
}

TEST(truncated_vmlinux)
{
	/* Every cut before the end of the section headers is fatal. */
	uint64_t end = le(ref_file + 40, 8) + 64 * le(ref_file + 60, 2);
	size_t cut;

	CHECK(ref.nsegs && end <= ref_len);
	for (cut = 0; cut < 4096; cut += 7)
		must_fail(ref_file, cut, LIMIT);
	for (cut = 4096; cut < end; cut += end / 97)
		must_fail(ref_file, cut, LIMIT);
	must_fail(ref_file, end - 1, LIMIT);
}

TEST(truncated_compressed)
{
	char path[64];
	unsigned int i, k;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t len;
		uint8_t *p;

		snprintf(path, sizeof(path), DIR "vmlinux.%s", exts[i]);
		p = slurp(path, &len);
		CHECK(p != NULL);
		for (k = 1; k < 4; k += 2) /* each 65 MiB unpacked */
			must_fail(p, len * k / 4, LIMIT);
		must_fail(p, len - 1, LIMIT);
		must_fail(p, 5, LIMIT);
		free(p);
	}
}

TEST(truncated_bzimage)
{
	static const char *const files[] = {"bzImage", "bzImage.gz",
					    "bzImage.lz4l", "bzImage.zst"};
	char path[64];
	unsigned int i, k;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len, pl, plen;
		uint8_t *p;

		snprintf(path, sizeof(path), DIR "%s", files[i]);
		p = slurp(path, &len);
		CHECK(p != NULL);
		pl = (p[0x1f1] + 1u) * 512 + le(p + 0x248, 4);
		for (k = 0; k < 0x300; k += 0x31)
			must_fail(p, k, LIMIT);
		must_fail(p, pl, LIMIT);
		must_fail(p, pl + 1, LIMIT);
		for (k = 1; k < 8; k++)
			must_fail(p, pl + le(p + 0x24c, 4) * k / 8, LIMIT);
		must_fail(p, pl + le(p + 0x24c, 4) - 1, LIMIT);
		/* Consistent headers around a payload cut short. */
		plen = le(p + 0x24c, 4);
		for (k = 1; k < 8; k += 2) {
			mk_put(p + 0x24c, plen * k / 8, 4);
			must_fail(p, len, LIMIT);
		}
		mk_put(p + 0x24c, plen - 1, 4);
		must_fail(p, len, LIMIT);
		free(p);
	}
}

/* A bzImage's header fields made wrong, one at a time. */
TEST(corrupt_bzimage)
{
	size_t len;
	uint8_t *p = slurp(DIR "bzImage.gz", &len), save[4];

	CHECK(p != NULL);
	memcpy(save, p + 0x248, 4);
	mk_put(p + 0x248, len, 4); /* payload_offset past the end */
	must_fail(p, len, LIMIT);
	CHECK(strstr(err, "past the end") != NULL);
	mk_put(p + 0x248, 0xffffffff, 4);
	must_fail(p, len, LIMIT);
	memcpy(p + 0x248, save, 4);
	memcpy(save, p + 0x24c, 4);
	mk_put(p + 0x24c, len, 4); /* payload_length past the end */
	must_fail(p, len, LIMIT);
	mk_put(p + 0x24c, le(save, 4) - 1000, 4); /* payload cut short */
	must_fail(p, len, LIMIT);
	memcpy(p + 0x24c, save, 4);
	mk_put(p + 0x206, 0x207, 2); /* boot protocol too old */
	must_fail(p, len, LIMIT);
	CHECK(strstr(err, "2.07") != NULL);
	mk_put(p + 0x206, 0x20f, 2);
	p[(p[0x1f1] + 1u) * 512 + le(p + 0x248, 4)] = 0; /* bad magic */
	must_fail(p, len, LIMIT);
	CHECK(strstr(err, "unknown compression") != NULL);
	free(p);
}

TEST(too_big)
{
	size_t len;
	uint8_t *p = slurp(DIR "bzImage", &len);

	CHECK(p != NULL);
	CHECK_EQ(kload_parse(p, len, 32u << 20, &ref, err, sizeof(err)),
		 -EFBIG);
	CHECK(strstr(err, "MiB") != NULL);
	free(p);
	/* The span (58 MiB) over the limit, though the ELF is in memory. */
	CHECK_EQ(
	    kload_parse(ref_file, ref_len, 40u << 20, &ref, err, sizeof(err)),
	    -EFBIG);
	CHECK_EQ(kload_parse(ref_file, ref_len, LIMIT, &ref, err, sizeof(err)),
		 0);
}

int main(void)
{
	RUN(fixtures);
	RUN(debian_notes_match_readelf);
	RUN(debian_segments_match_readelf);
	RUN(debian_bzimage);
	RUN(bzimage_compressed_whole);
	RUN(whole_file_compressions);
	RUN(bzimage_payload_compressions);
	RUN(truncated_vmlinux);
	RUN(truncated_compressed);
	RUN(truncated_bzimage);
	RUN(corrupt_bzimage);
	RUN(too_big);
	kload_free(&ref);
	free(ref_file);
	return CHECK_DONE();
}
