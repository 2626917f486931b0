// SOURCES: kload/kload.c kload/elf.c kload/notes.c decomp/decomp.c decomp/lz.c
// CFLAGS: -I. -Itests/unit
// LIBS: -lxenguest -lz -lbz2 -llzma -llzo2 -llz4 -lzstd
/*
 * test_kload_xen.c - kload against Xen's own reading of the same files:
 * libelf as Debian's Xen 4.17 libxenguest exports it (elf_init,
 * elf_parse_binary, elf_xen_parse for a PV guest), plus the checks libxc
 * makes after it (a kernel requiring dom0 refused, INIT_P2M honoured only
 * below VIRT_BASE and page aligned, the hypercall page).  Inputs: Debian's
 * vmlinux, then thousands of seeded mutations of a Linux-like kernel, of
 * its notes and of a legacy __xen_guest string.  Where both accept, every
 * address, flag and string must agree; kload may refuse more (overlaps,
 * filesz > memsz, 32-bit, ...) but never accept what Xen refuses
 * (kload_xen_oracle.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kload/kload.h"
#include "check.h"
#include "kload_mkelf.h"
#include "kload_xen_oracle.h"

#define LIMIT (256u << 20)

static char err[200];

TEST(debian_vmlinux)
{
	struct kx_tally t = {0};
	struct kload_image k;
	size_t len = 0;
	uint8_t *f = NULL;
	FILE *in;

	/* test_kload made it (tests/unit/kload-fixtures). */
	CHECK_EQ(system("tests/unit/kload-fixtures >/dev/null 2>&1"), 0);
	in = fopen("build/unit/kload/vmlinux", "rb");
	CHECK(in != NULL);
	fseek(in, 0, SEEK_END);
	len = (size_t)ftell(in);
	fseek(in, 0, SEEK_SET);
	f = malloc(len);
	CHECK(f && fread(f, 1, len, in) == len);
	fclose(in);
	xen_read(f, len, &(struct xen_view){0});
	CHECK_EQ(xp.p.virt_base, 0xffffffff80000000ull); /* layout sane */
	CHECK_EQ(kload_parse(f, len, LIMIT, &k, err, sizeof(err)), 0);
	kload_free(&k);
	if (kx_compare(f, len, LIMIT, &t)) {
		snprintf(check_why, sizeof(check_why), "%s", kx_why);
		longjmp(check_jmp, 1);
	}
	CHECK_EQ(t.both_ok, 1);
	free(f);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Values that sit on the edges of mk_linux's layout. */
static uint64_t edge(void)
{
	static const uint64_t v[] = {
	    0,
	    1,
	    0x1000,
	    0x1000000,
	    0x1000850,
	    0x8000000000ull,
	    0xffffffff80000000ull,
	    0xffffffff7ffff000ull,
	    0xffffffff81000000ull,
	    0xffffffff81000040ull,
	    0xffffffff81001234ull,
	    0xffffffff81405000ull,
	    0xffffffff81404fffull,
	    0xffffffff81405001ull,
	    0xffffffff90000000ull,
	    UINT64_MAX,
	    0x7fffffffffffffffull,
	};

	return rnd() % 4 ? v[rnd() % (sizeof(v) / sizeof(v[0]))] : rnd();
}

/* Extra notes on a Linux-like kernel: numbers on the edges, strings. */
static void random_notes(struct mk_elf *m)
{
	static const char *const strs[] = {
	    "linux",
	    "generic",
	    "xen-3.0",
	    "xen-3.1",
	    "yes",
	    "no",
	    "Linux",
	    "!dom0",
	    "dom0",
	    "!writable_page_tables|!pae_pgdir_above_4gb",
	    "!flying",
	    "|||",
	    "writable_descriptor_tables|!hvm_callback_vector",
	    ""};
	unsigned int n = 1 + rnd() % 4, i;

	for (i = 0; i < n && m->notes_len < sizeof(m->notes) - 80; i++) {
		uint32_t type = rnd() % 20;
		uint8_t d[8];

		if (type == 11 || rnd() % 8 == 0) /* BSD_SYMTAB: unsupported */
			type = 1;
		if (rnd() % 3 == 0) {
			mk_note_str(
			    m, type,
			    strs[rnd() % (sizeof(strs) / sizeof(*strs))]);
			continue;
		}
		mk_put(d, edge(), 8);
		mk_note(m, type, d, (uint32_t[]){1, 2, 4, 8, 3}[rnd() % 5]);
	}
}

TEST(mutated_notes)
{
	struct kx_tally t = {0};
	unsigned int i;

	for (i = 0; i < 20000; i++) {
		struct mk_elf m;
		size_t len;
		uint8_t *f;

		mk_linux(&m);
		if (rnd() % 4 == 0)
			m.notes_len = 0;
		random_notes(&m);
		m.notes_in_section = rnd() % 5 == 0;
		if (rnd() % 3 == 0)
			m.entry = edge();
		f = mk_build(&m, &len);
		if (kx_compare(f, len, LIMIT, &t)) {
			free(f);
			snprintf(check_why, sizeof(check_why), "%s", kx_why);
			longjmp(check_jmp, 1);
		}
		free(f);
	}
	printf("    notes: %u both accept, %u both refuse, %u only kload "
	       "refuses, %u of them Xen calls broken\n",
	       t.both_ok, t.both_refuse, t.only_kload_refuses, t.xen_broken);
	CHECK(t.both_ok > 1000 && t.both_refuse > 1000);
}

TEST(mutated_bytes)
{
	struct kx_tally t = {0};
	struct mk_elf m;
	size_t len, hot, i, k;
	uint8_t *base, *f;

	mk_linux(&m);
	base = mk_build(&m, &len);
	hot = 64 + 4 * 56 + m.notes_len;
	f = malloc(len);
	CHECK(f != NULL);
	for (i = 0; i < 20000; i++) {
		unsigned int n = 1 + rnd() % 4;

		memcpy(f, base, len);
		for (k = 0; k < n; k++) {
			size_t at = rnd() % (rnd() % 4 ? hot : len);

			if (rnd() % 3 == 0 && at + 8 <= len)
				mk_put(f + (at & ~(size_t)7), edge(), 8);
			else
				f[at] = (uint8_t)rnd();
		}
		if (kx_compare(f, len, LIMIT, &t)) {
			free(f);
			free(base);
			snprintf(check_why, sizeof(check_why), "%s", kx_why);
			longjmp(check_jmp, 1);
		}
	}
	free(f);
	free(base);
	printf("    bytes: %u both accept, %u both refuse, %u only kload "
	       "refuses, %u of them Xen calls broken\n",
	       t.both_ok, t.both_refuse, t.only_kload_refuses, t.xen_broken);
	CHECK(t.both_ok > 1000);
}

TEST(legacy_strings)
{
	static const char *const pairs[] = {
	    "GUEST_OS=linux",
	    "GUEST_OS=Plan9",
	    "XEN_VER=xen-3.0",
	    "XEN_VER=xen-2.0",
	    "LOADER=generic",
	    "VIRT_BASE=0xffffffff80000000",
	    "VIRT_BASE=0",
	    "VIRT_BASE=0xffffffff81000000",
	    "ELF_PADDR_OFFSET=0xffffffff80000000",
	    "ELF_PADDR_OFFSET=0",
	    "VIRT_ENTRY=0xffffffff81000040",
	    "VIRT_ENTRY=0x1000",
	    "HYPERCALL_PAGE=0x1001",
	    "HYPERCALL_PAGE=0x1404",
	    "HYPERCALL_PAGE=0x99999",
	    "FEATURES=!writable_page_tables",
	    "FEATURES=!dom0",
	    "FEATURES=!nonsense",
	    "PAE=yes",
	    "GUEST_VER=2.6",
	    "=",
	    ",",
	    "NAME_LONGER_THAN_THIRTY_ONE_BYTES_X=1",
	    "VIRT_BASE"};
	struct kx_tally t = {0};
	char guest[512];
	unsigned int i, k;

	for (i = 0; i < 5000; i++) {
		struct mk_elf m;
		size_t len;
		uint8_t *f;
		unsigned int n = rnd() % 8;

		mk_linux(&m);
		m.notes_len = 0;
		for (k = 0; k < 3; k++)
			m.seg[k].paddr += rnd() % 2 ? 0xffffffff80000000ull : 0;
		if (rnd() % 3 == 0)
			m.entry = edge();
		strcpy(guest,
		       rnd() % 4 ? "GUEST_OS=linux,XEN_VER=xen-3.0," : "");
		for (k = 0; k < n; k++) {
			strcat(
			    guest,
			    pairs[rnd() % (sizeof(pairs) / sizeof(pairs[0]))]);
			if (k + 1 < n)
				strcat(guest, ",");
		}
		m.xen_guest = guest;
		f = mk_build(&m, &len);
		if (kx_compare(f, len, LIMIT, &t)) {
			printf("    legacy string: %s\n", guest);
			free(f);
			snprintf(check_why, sizeof(check_why), "%s", kx_why);
			longjmp(check_jmp, 1);
		}
		free(f);
	}
	printf("    legacy: %u both accept, %u both refuse, %u only kload "
	       "refuses, %u of them Xen calls broken\n",
	       t.both_ok, t.both_refuse, t.only_kload_refuses, t.xen_broken);
	CHECK(t.both_ok > 100);
}

int main(void)
{
	RUN(debian_vmlinux);
	RUN(mutated_notes);
	RUN(mutated_bytes);
	RUN(legacy_strings);
	return CHECK_DONE();
}
