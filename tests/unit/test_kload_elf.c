// SOURCES: kload/kload.c kload/elf.c kload/notes.c decomp/decomp.c decomp/lz.c
// CFLAGS: -I. -Itests/unit
// LIBS: -lz -lbz2 -llzma -llzo2 -llz4 -lzstd
/*
 * test_kload_elf.c - kload on small hand-built ELF kernels
 * (kload_mkelf.h): notes from a PT_NOTE segment, a SHT_NOTE section or
 * the legacy __xen_guest string, Xen 4.17's defaults and address rules,
 * each of its refusals, and broken ELFs: 32-bit, another machine,
 * overlapping or wrapping segments, tables past the end, a runaway note,
 * a real ELF without Xen notes (this test program), junk.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kload/kload.h"
#include "check.h"
#include "kload_check.h"
#include "kload_mkelf.h"

#define LIMIT (256u << 20)

/* Parses m; returns kload_parse's result, img filled on success. */
static int parse_mk(const struct mk_elf *m, struct kload_image *img,
		    uint8_t **file)
{
	size_t len;
	int rc;

	*file = mk_build(m, &len);
	rc = kload_parse(*file, len, LIMIT, img, err, sizeof(err));
	return rc;
}

TEST(small_linux_like)
{
	struct mk_elf m;
	struct kload_image img;
	uint8_t *f;

	mk_linux(&m);
	CHECK_EQ(parse_mk(&m, &img, &f), 0);
	CHECK_EQ(img.virt_kstart, 0xffffffff81000000ull);
	CHECK_EQ(img.virt_kend, 0xffffffff81405000ull);
	CHECK_EQ(img.entry, 0xffffffff81000040ull);
	CHECK_EQ(img.hypercall_page, 0xffffffff81001000ull);
	CHECK_EQ(img.phys32_entry, 0x1000850);
	CHECK_EQ(img.f_required, KLOAD_FEAT(0));
	CHECK_EQ(img.f_supported, 0x8811);
	CHECK_EQ(img.nsegs, 3);
	CHECK_EQ(img.seg[2].vaddr, 0xffffffff81400000ull);
	CHECK_EQ(img.seg[2].filesz, 0x800);
	CHECK_EQ(img.seg[2].memsz, 0x5000);
	CHECK_EQ(((const uint8_t *)img.seg[2].data)[0], 0x42);
	CHECK(img.owned == NULL && img.elf == f);
	kload_free(&img);
	free(f);
	/* The same notes from a SHT_NOTE section. */
	m.notes_in_section = 1;
	CHECK_EQ(parse_mk(&m, &img, &f), 0);
	CHECK_EQ(img.notes_from, KLOAD_NOTES_SHDR);
	CHECK_EQ(img.entry, 0xffffffff81000040ull);
	kload_free(&img);
	free(f);
}

/* The legacy string: HYPERCALL_PAGE a page number, PADDR_OFFSET's
 * default VIRT_BASE (old kernels had p_paddr == p_vaddr). */
TEST(legacy_xen_guest)
{
	struct mk_elf m;
	struct kload_image img;
	uint8_t *f;

	memset(&m, 0, sizeof(m));
	m.entry = 0xc0100000;
	m.seg[0] = (struct mk_seg){0xc0100000, 0x2000, 0x3000, 5};
	m.nsegs = 1;
	m.xen_guest = "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,"
		      "HYPERCALL_PAGE=0x101,LOADER=generic,FEATURES=!"
		      "writable_page_tables|pae_pgdir_above_4gb";
	CHECK_EQ(parse_mk(&m, &img, &f), 0);
	CHECK_EQ(img.notes_from, KLOAD_NOTES_LEGACY);
	CHECK_EQ(img.virt_base, 0xc0000000);
	CHECK_EQ(img.paddr_offset, 0xc0000000);
	CHECK_EQ(img.virt_kstart, 0xc0100000);
	CHECK_EQ(img.hypercall_page, 0xc0101000);
	CHECK_EQ(img.entry, 0xc0100000);
	CHECK_EQ(img.seg[0].vaddr, 0xc0100000);
	CHECK_EQ(img.f_required, KLOAD_FEAT(0));
	CHECK_STR(img.guest_os, "linux");
	kload_free(&img);
	free(f);
	/* An explicit offset: vaddr = paddr - offset + base. */
	m.seg[0].paddr = 0x100000;
	m.entry = 0xc0100010;
	m.xen_guest = "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,"
		      "ELF_PADDR_OFFSET=0,VIRT_ENTRY=0xc0100020";
	CHECK_EQ(parse_mk(&m, &img, &f), 0);
	CHECK_EQ(img.seg[0].vaddr, 0xc0100000);
	CHECK_EQ(img.entry, 0xc0100020);
	CHECK_EQ(img.hypercall_page, 0);
	kload_free(&img);
	free(f);
	m.xen_guest = "GUEST_OS=linux,XEN_VER=xen-3.0,ELF_PADDR_OFFSET=0";
	CHECK_EQ(parse_mk(&m, &img, &f), -EINVAL);
	CHECK(strstr(err, "VIRT_BASE") != NULL);
	free(f);
}

/* Builds m with one note replaced or added; expects rc and a word. */
static void refused(const struct mk_elf *m, int rc, const char *word)
{
	struct kload_image img;
	uint8_t *f;
	int got = parse_mk(m, &img, &f);

	if (!got)
		kload_free(&img);
	free(f);
	CHECK_EQ(got, rc);
	if (!strstr(err, word)) {
		snprintf(check_why, sizeof(check_why),
			 "message \"%s\" lacks \"%s\"", err, word);
		longjmp(check_jmp, 1);
	}
}

TEST(xen_refusals)
{
	struct mk_elf m;

	mk_linux(&m);
	m.notes_len = 0;
	mk_note_named(&m, "GNU", 3, "abcd", 4);
	refused(&m, -EINVAL, "not a Xen PV kernel");
	mk_linux(&m);
	m.notes_len = 0;
	mk_note_str(&m, 6, "Plan9");
	mk_note_str(&m, 5, "xen-3.0");
	refused(&m, -EINVAL, "GUEST_OS=linux");
	mk_linux(&m);
	mk_note_str(&m, 5, "xen-2.0");
	refused(&m, -EINVAL, "xen-3.0");
	mk_linux(&m);
	mk_note_str(&m, 10, "!dom0");
	refused(&m, -EINVAL, "dom0");
	mk_linux(&m);
	mk_note_str(&m, 10, "writable_page_tables|!flying");
	refused(&m, -EINVAL, "flying");
	mk_linux(&m);
	mk_note64(&m, 1, 0xffffffff90000000ull);
	refused(&m, -EINVAL, "out of bounds");
	mk_linux(&m);
	mk_note64(&m, 3, 0xffffffff90000000ull); /* base above the kernel */
	refused(&m, -EINVAL, "out of bounds");
	mk_linux(&m);
	mk_note64(&m, 15, 0xffffffff81002000ull);
	refused(&m, -EINVAL, "INIT_P2M");
	mk_linux(&m);
	mk_note64(&m, 2, 0xffffffff90000000ull);
	refused(&m, -EINVAL, "hypercall page");
	mk_linux(&m);
	mk_note_str(&m, 11, "yes");
	refused(&m, -ENOTSUP, "BSD_SYMTAB");
}

TEST(xen_rules_kept)
{
	struct mk_elf m;
	struct kload_image img;
	uint8_t *f;

	/* INIT_P2M above VIRT_BASE (outside the kernel): Xen ignores it;
	 * Xen fills the page a HYPERCALL_PAGE address is in. */
	mk_linux(&m);
	mk_note64(&m, 15, 0xffffffffa0000000ull);
	mk_note64(&m, 2, 0xffffffff81002345ull);
	CHECK_EQ(parse_mk(&m, &img, &f), 0);
	CHECK_EQ(img.init_p2m, 0);
	CHECK_EQ(img.hypercall_page, 0xffffffff81002000ull);
	kload_free(&img);
	free(f);
	/* No ENTRY note: e_entry, as is (it must be inside the kernel). */
	mk_linux(&m);
	m.notes_len = 0;
	mk_note_str(&m, 8, "generic");
	mk_note_str(&m, 5, "xen-3.0");
	m.entry = 0x1000010;
	mk_note64(&m, 3, 0);
	CHECK_EQ(parse_mk(&m, &img, &f), 0);
	CHECK_EQ(img.virt_kstart, 0x1000000);
	CHECK_EQ(img.entry, 0x1000010);
	CHECK_EQ(img.hypercall_page, 0);
	CHECK_EQ(img.init_p2m, 0);
	kload_free(&img);
	free(f);
	/* PADDR_OFFSET: vaddr = paddr - offset + base. */
	mk_note64(&m, 3, 0xffffffff80000000ull);
	mk_note64(&m, 4, 0x1000000);
	m.entry = 0xffffffff80000010ull;
	CHECK_EQ(parse_mk(&m, &img, &f), 0);
	CHECK_EQ(img.seg[0].vaddr, 0xffffffff80000000ull);
	CHECK_EQ(img.seg[1].vaddr, 0xffffffff80200000ull);
	kload_free(&img);
	free(f);
}

TEST(bad_elves)
{
	struct mk_elf m;
	uint8_t *f;
	size_t len;

	mk_linux(&m);
	m.class = 1;
	refused(&m, -ENOEXEC, "32-bit");
	mk_linux(&m);
	m.machine = 3;
	refused(&m, -ENOEXEC, "i386");
	mk_linux(&m);
	m.machine = 183;
	refused(&m, -ENOEXEC, "not x86_64");
	mk_linux(&m);
	m.seg[1].paddr = 0x1002000; /* overlaps segment 0 */
	refused(&m, -EINVAL, "overlap");
	mk_linux(&m);
	m.seg[2].memsz = 0x10; /* filesz > memsz */
	refused(&m, -EINVAL, "file size");
	mk_linux(&m);
	m.seg[2].paddr = 0xfffffffffffff000ull; /* wraps */
	refused(&m, -EINVAL, "wraps");
	mk_linux(&m);
	m.nsegs = 0;
	refused(&m, -EINVAL, "no loadable");

	/* Program headers past the end; a segment's data past the end. */
	mk_linux(&m);
	f = mk_build(&m, &len);
	mk_put(f + 32, len - 20, 8);
	must_fail(f, len, LIMIT);
	CHECK(strstr(err, "program headers") != NULL);
	mk_put(f + 32, 64, 8);
	mk_put(f + 64 + 8, len - 16, 8);
	must_fail(f, len, LIMIT);
	CHECK(strstr(err, "segment 0") != NULL);
	mk_put(f + 64 + 8, 0x2000000000000000ull, 8);
	must_fail(f, len, LIMIT);
	free(f);
	/* A note whose size runs past its segment. */
	mk_linux(&m);
	f = mk_build(&m, &len);
	mk_put(f + 64 + 4 * 56 + 4, 0x10000, 4); /* first descsz */
	must_fail(f, len, LIMIT);
	CHECK(strstr(err, "note") != NULL);
	free(f);
}

/* A real ELF that is not a Xen kernel: this test program. */
TEST(not_a_kernel)
{
	size_t len;
	uint8_t *p = slurp("/proc/self/exe", &len);
	static const uint8_t junk[600] = "hello, world";

	CHECK(p != NULL);
	must_fail(p, len, LIMIT);
	CHECK(strstr(err, "not a Xen PV kernel") != NULL);
	free(p);
	must_fail(junk, sizeof(junk), LIMIT);
	CHECK(strstr(err, "not a kernel") != NULL);
	must_fail(junk, 0, LIMIT);
	must_fail((const uint8_t *)"\x1f\x8b", 2, LIMIT);
}

int main(void)
{
	RUN(small_linux_like);
	RUN(legacy_xen_guest);
	RUN(xen_refusals);
	RUN(xen_rules_kept);
	RUN(bad_elves);
	RUN(not_a_kernel);
	return CHECK_DONE();
}
