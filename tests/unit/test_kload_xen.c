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
 * filesz > memsz, 32-bit, ...) but never accept what Xen refuses.
 *
 * libxenguest has no public header for libelf: the two structures below
 * declare the layout of Xen 4.17's struct elf_binary and struct
 * elf_dom_parms (x86_64, tools build) field by field, inside a larger
 * zeroed area so that a mismatch shows as wrong values, not corruption.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kload/kload.h"
#include "check.h"
#include "kload_mkelf.h"

#define LIMIT	   (256u << 20)
#define XEN_UNSET  UINT64_MAX
#define XEN_NNOTES 19 /* XEN_ELFNOTE_MAX + 1 in 4.17 */

struct xen_elf_binary {
	const void *image_base;
	size_t size;
	char elf_class, elf_data;
	uintptr_t ehdr, sec_strtab, sym_tab;
	uint64_t sym_strtab;
	char *dest_base;
	size_t dest_size;
	uint64_t pstart, pend, reloc_offset;
	uint64_t bsd_symtab_pstart, bsd_symtab_pend;
	void *xdest_base;
	uint64_t xdest_size;
	void *log_callback, *log_caller_data;
	bool verbose;
	const char *broken;
};

struct xen_elfnote {
	int type;
	const char *name;
	uint64_t data;
};

struct xen_dom_parms {
	uintptr_t guest_info, elf_note_start, elf_note_end;
	struct xen_elfnote elf_notes[XEN_NNOTES];
	char guest_os[16], guest_ver[16], xen_ver[16], loader[16];
	int pae;
	bool bsd_symtab, unmapped_initrd;
	uint64_t virt_base, virt_entry, virt_hypercall, virt_hv_start_low;
	uint64_t p2m_base, elf_paddr_offset;
	uint32_t f_supported[1], f_required[1];
	uint32_t phys_entry;
	uint64_t virt_kstart, virt_kend;
};

typedef void xen_log_fn(struct xen_elf_binary *elf, void *data, bool iserr,
			const char *fmt, va_list ap);
int elf_init(struct xen_elf_binary *elf, const char *image, size_t size);
void elf_set_log(struct xen_elf_binary *elf, xen_log_fn *fn, void *data,
		 bool verbose);
void elf_parse_binary(struct xen_elf_binary *elf);
int elf_xen_parse(struct xen_elf_binary *elf, struct xen_dom_parms *parms,
		  bool hvm);

/* Xen's verdict and numbers, as kload reports them. */
struct xen_view {
	bool ok;
	struct kload_image v;
};

static union {
	struct xen_elf_binary elf;
	char room[4096];
} xe;
static union {
	struct xen_dom_parms p;
	char room[8192];
} xp;

static char xen_why[200]; /* Xen's last error message */

static void xen_log(struct xen_elf_binary *elf, void *data, bool iserr,
		    const char *fmt, va_list ap)
{
	(void)elf;
	(void)data;
	if (iserr)
		vsnprintf(xen_why, sizeof(xen_why), fmt, ap);
}

static void xen_read(const uint8_t *f, size_t len, struct xen_view *x)
{
	struct xen_dom_parms *p = &xp.p;
	uint64_t hp;

	memset(x, 0, sizeof(*x));
	memset(&xe, 0, sizeof(xe));
	memset(&xp, 0, sizeof(xp));
	strcpy(xen_why, "elf_init");
	if (elf_init(&xe.elf, (const char *)f, len) != 0)
		return;
	elf_set_log(&xe.elf, xen_log, NULL, false);
	elf_parse_binary(&xe.elf);
	if (elf_xen_parse(&xe.elf, p, false) != 0)
		return;
	if (p->f_required[0] & (1u << 11)) /* libxc: no domU support */
		return;
	x->ok = true;
	x->v.virt_base = p->virt_base;
	x->v.paddr_offset = p->elf_paddr_offset;
	x->v.entry = p->virt_entry;
	x->v.virt_kstart = p->virt_kstart;
	x->v.virt_kend = p->virt_kend;
	hp = p->virt_hypercall;
	x->v.hypercall_page = hp == XEN_UNSET ? 0 : hp & ~4095ull;
	if (p->p2m_base != XEN_UNSET && p->p2m_base < p->virt_base &&
	    p->p2m_base % 4096 == 0)
		x->v.init_p2m = p->p2m_base;
	x->v.phys32_entry = p->phys_entry == UINT32_MAX ? 0 : p->phys_entry;
	x->v.mod_start_pfn = p->unmapped_initrd;
	x->v.f_supported = p->f_supported[0];
	x->v.f_required = p->f_required[0];
	memcpy(x->v.guest_os, p->guest_os, 16);
	memcpy(x->v.loader, p->loader, 16);
	memcpy(x->v.xen_version, p->xen_ver, 16);
}

static char err[200];

struct tally {
	unsigned int both_ok, both_refuse, only_kload_refuses, xen_broken;
};

/* One file through both; returns 0 if they agree as they must. */
static int compare(const uint8_t *f, size_t len, struct tally *t)
{
	struct kload_image k;
	struct xen_view x;
	int rc = kload_parse(f, len, LIMIT, &k, err, sizeof(err));

	xen_read(f, len, &x);
	/* Xen only logs "broken" (a string note without its NUL read into
	 * the next 4 KiB, ...) and goes on with what it read: kload reads
	 * strings inside their note, so the two may differ there. */
	if (xe.elf.broken) {
		t->xen_broken++;
		if (!rc)
			kload_free(&k);
		return 0;
	}
	if (rc) {
		if (x.ok) {
			t->only_kload_refuses++;
			if (getenv("KLOAD_WHY"))
				printf("    only kload: %s\n", err);
		} else
			t->both_refuse++;
		return 0;
	}
	if (!x.ok) {
		snprintf(check_why, sizeof(check_why),
			 "kload accepts what Xen refuses (%zu bytes): %s %s",
			 len, xen_why, xe.elf.broken ? xe.elf.broken : "");
		kload_free(&k);
		return -1;
	}
	t->both_ok++;
#define SAME(f)                                                                \
	do {                                                                   \
		if (k.f != x.v.f) {                                            \
			snprintf(check_why, sizeof(check_why),                 \
				 #f ": kload %#llx, Xen %#llx",                \
				 (unsigned long long)k.f,                      \
				 (unsigned long long)x.v.f);                   \
			kload_free(&k);                                        \
			return -1;                                             \
		}                                                              \
	} while (0)
	SAME(virt_base);
	SAME(paddr_offset);
	SAME(entry);
	SAME(virt_kstart);
	SAME(virt_kend);
	SAME(hypercall_page);
	SAME(phys32_entry);
	SAME(mod_start_pfn);
	SAME(f_supported);
	SAME(f_required);
	if (x.v.init_p2m) /* kload has no way to say INIT_P2M is 0 */
		SAME(init_p2m);
#undef SAME
	if (strncmp(k.guest_os, x.v.guest_os, 15) ||
	    strncmp(k.loader, x.v.loader, 15) ||
	    strncmp(k.xen_version, x.v.xen_version, 15)) {
		snprintf(check_why, sizeof(check_why),
			 "strings: \"%s\" \"%s\" \"%s\" vs Xen's \"%.16s\" "
			 "\"%.16s\" \"%.16s\"",
			 k.guest_os, k.loader, k.xen_version, x.v.guest_os,
			 x.v.loader, x.v.xen_version);
		kload_free(&k);
		return -1;
	}
	kload_free(&k);
	return 0;
}

TEST(debian_vmlinux)
{
	struct tally t = {0};
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
	if (compare(f, len, &t))
		longjmp(check_jmp, 1);
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
	struct tally t = {0};
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
		if (compare(f, len, &t)) {
			free(f);
			longjmp(check_jmp, 1);
		}
		free(f);
	}
	printf("    notes: %u both accept, %u both refuse, %u only kload "
	       "refuses, %u Xen calls broken\n",
	       t.both_ok, t.both_refuse, t.only_kload_refuses, t.xen_broken);
	CHECK(t.both_ok > 1000 && t.both_refuse > 1000);
}

TEST(mutated_bytes)
{
	struct tally t = {0};
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
		if (compare(f, len, &t)) {
			free(f);
			free(base);
			longjmp(check_jmp, 1);
		}
	}
	free(f);
	free(base);
	printf("    bytes: %u both accept, %u both refuse, %u only kload "
	       "refuses, %u Xen calls broken\n",
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
	struct tally t = {0};
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
		if (compare(f, len, &t)) {
			printf("    legacy string: %s\n", guest);
			free(f);
			longjmp(check_jmp, 1);
		}
		free(f);
	}
	printf("    legacy: %u both accept, %u both refuse, %u only kload "
	       "refuses, %u Xen calls broken\n",
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
