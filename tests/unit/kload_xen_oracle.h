/*
 * kload_xen_oracle.h - Xen 4.17's own reading of a PV kernel, for
 * test_kload_xen and fuzz_kload: libelf as Debian's libxenguest exports
 * it (elf_init, elf_parse_binary, elf_xen_parse for a PV guest) plus the
 * checks libxc makes after it (a kernel requiring dom0 refused, INIT_P2M
 * honoured only below VIRT_BASE and page aligned, the hypercall page),
 * and kx_compare: kload must never accept what Xen refuses, and where
 * both accept, every address, flag and string must agree.  Link with
 * -lxenguest.
 *
 * libxenguest has no public header for libelf: the two structures below
 * declare the layout of Xen 4.17's struct elf_binary and struct
 * elf_dom_parms (x86_64, tools build) field by field, inside larger
 * zeroed areas so that a mismatch shows as wrong values, not corruption
 * (test_kload_xen checks Debian's VIRT_BASE comes out right).
 */
#ifndef KLOAD_XEN_ORACLE_H
#define KLOAD_XEN_ORACLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kload/kload.h"

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

struct kx_tally {
	unsigned int both_ok, both_refuse, only_kload_refuses, xen_broken;
};

static char kx_why[300]; /* why they disagree */
static char kx_err[200]; /* kload's message */

/* One file through both; returns 0 if they agree as they must, else -1
 * with the difference in kx_why. */
static int kx_compare(const uint8_t *f, size_t len, size_t limit,
		      struct kx_tally *t)
{
	struct kload_image k;
	struct xen_view x;
	int rc = kload_parse(f, len, limit, &k, kx_err, sizeof(kx_err));

	xen_read(f, len, &x);
	/* libxc only logs an ELF libelf calls "broken" (too many notes, a
	 * string over 4 KiB, ...) and builds the domain from what was read,
	 * so those are compared too; counted for information. */
	if (xe.elf.broken)
		t->xen_broken++;
	if (rc) {
		if (x.ok) {
			t->only_kload_refuses++;
			if (getenv("KLOAD_WHY"))
				printf("    only kload: %s\n", kx_err);
		} else
			t->both_refuse++;
		return 0;
	}
	if (!x.ok) {
		snprintf(kx_why, sizeof(kx_why),
			 "kload accepts what Xen refuses (%zu bytes): %s %s",
			 len, xen_why, xe.elf.broken ? xe.elf.broken : "");
		kload_free(&k);
		return -1;
	}
	t->both_ok++;
#define SAME(f)                                                                \
	do {                                                                   \
		if (k.f != x.v.f) {                                            \
			snprintf(kx_why, sizeof(kx_why),                       \
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
		snprintf(kx_why, sizeof(kx_why),
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

#endif
