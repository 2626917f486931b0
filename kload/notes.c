/*
 * notes.c - a PV kernel's Xen notes and what Xen 4.17's domain builder
 * makes of them (libelf's elf_xen_parse for a PV guest, then libxc's
 * ELF loader checks): where the kernel goes, its entry point, hypercall
 * page, INIT_P2M, MOD_START_PFN, features.
 *
 * The notes come from PT_NOTE segments (those at file offset 0 skipped,
 * as Xen does for old binutils), else from SHT_NOTE sections, else from
 * the legacy `__xen_guest` section string ("GUEST_OS=linux,XEN_VER=
 * xen-3.0,VIRT_BASE=0x...,ELF_PADDR_OFFSET=0x...,HYPERCALL_PAGE=0x...").
 * Defaults are Xen's: VIRT_BASE 0; PADDR_OFFSET 0 with notes but
 * VIRT_BASE with the legacy string; ENTRY the ELF's e_entry; a legacy
 * HYPERCALL_PAGE is a page number relative to VIRT_BASE.
 *
 * Everything is untrusted: each note must fit its segment, at most 65536
 * notes are read (Xen's limit), strings are bounded by their note.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "kload/kload_priv.h"

#define UNSET		UINT64_MAX
#define MAX_NOTES	65536
#define FEAT_DOM0	11
#define N_ENTRY		1
#define N_HYPERCALL	2
#define N_VIRT_BASE	3
#define N_PADDR_OFFSET	4
#define N_XEN_VERSION	5
#define N_GUEST_OS	6
#define N_GUEST_VERSION 7
#define N_LOADER	8
#define N_FEATURES	10
#define N_BSD_SYMTAB	11
#define N_SUSPEND	14
#define N_INIT_P2M	15
#define N_MOD_START_PFN 16
#define N_SUPPORTED	17
#define N_PHYS32_ENTRY	18

/* What the notes say, UNSET where they are silent (Xen's elf_dom_parms). */
struct parms {
	uint64_t virt_base, paddr_offset, entry, hypercall, p2m, phys32;
	bool bsd_symtab;
	unsigned int nnotes; /* all notes seen, for Xen's limit */
	const uint8_t *end;  /* the ELF's end: Xen reads strings up to it */
};

/* Xen's feature names, by XENFEAT bit; only these are recognised. */
static const char *const feature_names[] = {
    [0] = "writable_page_tables",
    [1] = "writable_descriptor_tables",
    [2] = "auto_translated_physmap",
    [3] = "supervisor_mode_kernel",
    [4] = "pae_pgdir_above_4gb",
    [8] = "hvm_callback_vector",
    [11] = "dom0",
};
#define N_FEATURE_NAMES (sizeof(feature_names) / sizeof(feature_names[0]))

/* Copies the string s[0..n) (up to a NUL) into dst, truncated. */
static void copy_str(char *dst, size_t size, const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < size && s[i]; i++)
		dst[i] = (char)s[i];
	dst[i] = '\0';
}

/* Xen's elf_xen_parse_features: '|'-separated names, "!name" required;
 * tokens longer than 63 bytes are split as Xen splits them.  An unknown
 * required feature is an error. */
static int parse_features(struct kload_image *img, const uint8_t *s, size_t n,
			  char *err, size_t size)
{
	char tok[64];
	size_t pos = 0, len;
	unsigned int i;

	while (pos < n && s[pos]) {
		memset(tok, 0, sizeof(tok));
		for (len = 0; len < sizeof(tok) - 1; len++) {
			if (pos + len >= n || s[pos + len] == '\0')
				break;
			if (s[pos + len] == '|') {
				len++;
				break;
			}
			tok[len] = (char)s[pos + len];
		}
		pos += len;
		for (i = 0; i < N_FEATURE_NAMES; i++) {
			const char *name = feature_names[i];

			if (!name || strcmp(tok + (tok[0] == '!'), name))
				continue;
			img->f_supported |= KLOAD_FEAT(i);
			if (tok[0] == '!')
				img->f_required |= KLOAD_FEAT(i);
			break;
		}
		if (i == N_FEATURE_NAMES && tok[0] == '!')
			return kl_err(err, size, -EINVAL,
				      "Xen FEATURES: requires unknown feature "
				      "\"%.40s\"",
				      tok + 1);
	}
	return 0;
}

/* Xen's elf_note_numeric: 1, 2, 4 or 8 bytes, anything else 0. */
static uint64_t note_num(const uint8_t *d, uint32_t n)
{
	switch (n) {
	case 1:
		return d[0];
	case 2:
		return kl_rd16(d);
	case 4:
		return kl_rd32(d);
	case 8:
		return kl_rd64(d);
	default:
		return 0;
	}
}

/* A string note's length as Xen's elf_strval finds it: up to a NUL
 * anywhere before the ELF's end (not only in the note), at most 4096
 * bytes; -1 (Xen ignores the note) if there is none. */
static long xen_strlen(const struct parms *pa, const uint8_t *d)
{
	size_t max =
	    (size_t)(pa->end - d) < 4097 ? (size_t)(pa->end - d) : 4097;
	const uint8_t *nul = memchr(d, 0, max);

	return nul ? (long)(nul - d) : -1;
}

static int string_note(struct kload_image *img, struct parms *pa, uint32_t type,
		       const uint8_t *d, char *err, size_t size)
{
	long n = xen_strlen(pa, d);

	if (n < 0)
		return 0;
	switch (type) {
	case N_XEN_VERSION:
		copy_str(img->xen_version, sizeof(img->xen_version), d, n);
		break;
	case N_GUEST_OS:
		copy_str(img->guest_os, sizeof(img->guest_os), d, n);
		break;
	case N_GUEST_VERSION:
		copy_str(img->guest_version, sizeof(img->guest_version), d, n);
		break;
	case N_LOADER:
		copy_str(img->loader, sizeof(img->loader), d, n);
		break;
	case N_FEATURES:
		copy_str(img->features, sizeof(img->features), d, n);
		return parse_features(img, d, n, err, size);
	case N_BSD_SYMTAB:
		if (n == 3 && memcmp(d, "yes", 3) == 0)
			pa->bsd_symtab = true;
		break;
	}
	return 0;
}

/* One "Xen" note (Xen's elf_xen_parse_note); unknown types are ignored. */
static int xen_note(struct kload_image *img, struct parms *pa, uint32_t type,
		    const uint8_t *d, uint32_t n, char *err, size_t size)
{
	uint64_t v = note_num(d, n);

	switch (type) {
	case N_ENTRY:
		pa->entry = v;
		break;
	case N_HYPERCALL:
		pa->hypercall = v;
		break;
	case N_VIRT_BASE:
		pa->virt_base = v;
		break;
	case N_PADDR_OFFSET:
		pa->paddr_offset = v;
		break;
	case N_INIT_P2M:
		pa->p2m = v;
		break;
	case N_MOD_START_PFN:
		img->mod_start_pfn = v != 0;
		break;
	case N_SUSPEND:
		img->suspend_cancel = true;
		break;
	case N_PHYS32_ENTRY:
		pa->phys32 = (uint32_t)v; /* Xen keeps 32 bits */
		break;
	case N_SUPPORTED: /* an array of 32-bit maps; Xen knows map 0 */
		if (n >= 4 && n % 4 == 0)
			img->f_supported |= kl_rd32(d);
		break;
	default:
		return string_note(img, pa, type, d, err, size);
	}
	return 0;
}

/* The notes in p[0..n); returns how many were Xen's, or -errno. */
static int parse_notes(struct kload_image *img, struct parms *pa,
		       const uint8_t *p, uint64_t n, char *err, size_t size)
{
	uint64_t off = 0;
	int count = 0, rc;

	while (off < n) {
		/* Fewer than 12 bytes left: Xen still reads a note there,
		 * its header and name past the section's end.  One it would
		 * take for Xen's is malformed: refuse it rather than boot
		 * without what it says; anything else (padding) Xen skips. */
		if (n - off < 12) {
			if (pa->end - (p + off) >= 16 &&
			    !memcmp(p + off + 12, "Xen", 4))
				return kl_err(
				    err, size, -EINVAL,
				    "ELF note at %#llx runs past its section",
				    (unsigned long long)off);
			break;
		}
		uint32_t namesz = kl_rd32(p + off),
			 descsz = kl_rd32(p + off + 4);
		uint32_t type = kl_rd32(p + off + 8);
		uint64_t name = off + 12;
		uint64_t desc = name + ((namesz + 3ull) & ~3ull);

		if (++pa->nnotes > MAX_NOTES)
			return kl_err(err, size, -EINVAL, "too many ELF notes");
		if (namesz > n - name || desc > n || descsz > n - desc)
			return kl_err(err, size, -EINVAL,
				      "ELF note at %#llx runs past its section",
				      (unsigned long long)off);
		off = desc + ((descsz + 3ull) & ~3ull);
		if (off > n) /* the last note's padding */
			off = n;
		/* Xen compares the NUL-terminated string at the name, even
		 * past namesz. */
		if (pa->end - (p + name) < 4 || memcmp(p + name, "Xen", 4))
			continue;
		rc = xen_note(img, pa, type, p + desc, descsz, err, size);
		if (rc)
			return rc;
		count++;
	}
	return count;
}

/* PT_NOTE segments first, then SHT_NOTE sections (Xen's order). */
static int find_notes(const struct kl_elf *e, struct kload_image *img,
		      struct parms *pa, char *err, size_t size)
{
	unsigned int i;
	int rc, found = 0;

	for (i = 0; i < e->phnum; i++) {
		const uint8_t *ph = kl_phdr(e, i);
		uint64_t off = kl_rd64(ph + PH_OFFSET);
		uint64_t sz = kl_rd64(ph + PH_FILESZ);

		if (kl_rd32(ph + PH_TYPE) != PT_NOTE_ || off == 0)
			continue;
		if (off > e->len || sz > e->len - off)
			return kl_err(err, size, -EINVAL,
				      "ELF note segment %u past the end of the "
				      "file: truncated?",
				      i);
		rc = parse_notes(img, pa, e->p + off, sz, err, size);
		if (rc < 0)
			return rc;
		found += rc;
	}
	if (found) {
		img->notes_from = KLOAD_NOTES_PHDR;
		return 0;
	}
	for (i = 1; i < e->shnum; i++) {
		const uint8_t *data;
		uint64_t sz;

		if (kl_rd32(kl_shdr(e, i) + SH_TYPE) != SHT_NOTE_)
			continue;
		rc = kl_elf_section(e, i, &data, &sz, err, size);
		if (!rc)
			rc = parse_notes(img, pa, data, sz, err, size);
		if (rc < 0)
			return rc;
		found += rc;
	}
	if (found)
		img->notes_from = KLOAD_NOTES_SHDR;
	return 0;
}

/* One NAME or VALUE of the legacy string, as Xen's loop reads it: up to
 * size-1 bytes, ending at NUL (or the section's end), after a ',', or
 * (a NAME, *eq set) at a '='. */
static size_t legacy_token(const uint8_t *s, size_t n, size_t pos, char *out,
			   size_t size, bool *eq)
{
	size_t len;

	memset(out, 0, size);
	for (len = 0; len < size - 1; len++, pos++) {
		if (pos >= n || s[pos] == '\0')
			break;
		if (s[pos] == ',')
			return pos + 1;
		if (eq && s[pos] == '=') {
			*eq = true;
			return pos + 1;
		}
		out[len] = (char)s[pos];
	}
	return pos;
}

static void legacy_pair(struct kload_image *img, struct parms *pa,
			const char *name, const char *value)
{
	if (!strcmp(name, "LOADER"))
		copy_str(img->loader, sizeof(img->loader),
			 (const uint8_t *)value, 128);
	else if (!strcmp(name, "GUEST_OS"))
		copy_str(img->guest_os, sizeof(img->guest_os),
			 (const uint8_t *)value, 128);
	else if (!strcmp(name, "GUEST_VER"))
		copy_str(img->guest_version, sizeof(img->guest_version),
			 (const uint8_t *)value, 128);
	else if (!strcmp(name, "XEN_VER"))
		copy_str(img->xen_version, sizeof(img->xen_version),
			 (const uint8_t *)value, 128);
	else if (!strcmp(name, "BSD_SYMTAB"))
		pa->bsd_symtab = true;
	else if (!strcmp(name, "VIRT_BASE"))
		pa->virt_base = strtoull(value, NULL, 0);
	else if (!strcmp(name, "VIRT_ENTRY"))
		pa->entry = strtoull(value, NULL, 0);
	else if (!strcmp(name, "ELF_PADDR_OFFSET"))
		pa->paddr_offset = strtoull(value, NULL, 0);
	else if (!strcmp(name, "HYPERCALL_PAGE"))
		pa->hypercall = strtoull(value, NULL, 0) << 12;
}

/* Xen's elf_xen_parse_guest_info over the __xen_guest section s[0..n). */
static void parse_legacy(struct kload_image *img, struct parms *pa,
			 const uint8_t *s, size_t n)
{
	char name[32], value[128];
	size_t pos = 0, next;

	while (pos < n && s[pos]) {
		bool eq = false;

		next = legacy_token(s, n, pos, name, sizeof(name), &eq);
		value[0] = '\0';
		if (eq)
			next = legacy_token(s, n, next, value, sizeof(value),
					    NULL);
		if (next == pos) /* cannot happen: pos < n, s[pos] != 0 */
			break;
		pos = next;
		legacy_pair(img, pa, name, value);
		if (!strcmp(name, "FEATURES")) {
			copy_str(img->features, sizeof(img->features),
				 (const uint8_t *)value, sizeof(value));
			/* An unknown required feature ends the string; Xen
			 * ignores that error here (not in a FEATURES note). */
			if (parse_features(img, (const uint8_t *)value,
					   sizeof(value), NULL, 0))
				break;
		}
	}
	/* The page number counts from VIRT_BASE, if there is one. */
	if (pa->virt_base != UNSET && pa->hypercall != UNSET)
		pa->hypercall += pa->virt_base;
}

static int find_legacy(const struct kl_elf *e, struct kload_image *img,
		       struct parms *pa, char *err, size_t size)
{
	const uint8_t *data;
	uint64_t sz;
	int i = kl_elf_find_section(e, "__xen_guest"), rc;

	if (i < 0)
		return 0;
	rc = kl_elf_section(e, (unsigned int)i, &data, &sz, err, size);
	if (rc)
		return rc;
	img->notes_from = KLOAD_NOTES_LEGACY;
	parse_legacy(img, pa, data, sz);
	return 0;
}

/* Xen's elf_xen_note_check and the libxc ELF loader's dom0 refusal. */
static int check_kind(const struct kload_image *img, char *err, size_t size)
{
	if (!img->notes_from)
		return kl_err(err, size, -EINVAL,
			      "no Xen ELF notes or __xen_guest section "
			      "(not a Xen PV kernel)");
	if (strncmp(img->loader, "generic", 7) &&
	    strncmp(img->guest_os, "linux", 5))
		return kl_err(err, size, -EINVAL,
			      "Xen notes: neither LOADER=generic nor "
			      "GUEST_OS=linux (\"%.31s\", \"%.31s\")",
			      img->loader, img->guest_os);
	if (strncmp(img->xen_version, "xen-3.0", 7))
		return kl_err(err, size, -EINVAL,
			      "Xen notes: built for \"%.31s\", not xen-3.0",
			      img->xen_version);
	if (img->f_required & KLOAD_FEAT(FEAT_DOM0))
		return kl_err(err, size, -EINVAL,
			      "kernel requires dom0: no unprivileged (domU) "
			      "operation");
	return 0;
}

/* Xen's elf_xen_addr_calc_check for a PV guest. */
static int place(const struct kl_elf *e, struct kload_image *img,
		 const struct parms *pa, char *err, size_t size)
{
	uint64_t shift;

	if (pa->paddr_offset != UNSET && pa->virt_base == UNSET)
		return kl_err(err, size, -EINVAL,
			      "Xen notes: PADDR_OFFSET without VIRT_BASE");
	img->virt_base = pa->virt_base == UNSET ? 0 : pa->virt_base;
	if (pa->paddr_offset != UNSET)
		img->paddr_offset = pa->paddr_offset;
	else if (img->notes_from == KLOAD_NOTES_LEGACY)
		img->paddr_offset = img->virt_base;
	shift = img->virt_base - img->paddr_offset;
	img->virt_kstart = e->pstart + shift;
	img->virt_kend = e->pend + shift;
	img->entry = pa->entry == UNSET ? e->entry : pa->entry;
	if (img->virt_kstart > img->virt_kend ||
	    img->virt_base > img->virt_kstart ||
	    img->entry < img->virt_kstart || img->entry > img->virt_kend)
		return kl_err(err, size, -EINVAL,
			      "kernel at %#llx-%#llx (VIRT_BASE %#llx), entry "
			      "%#llx: out of bounds",
			      (unsigned long long)img->virt_kstart,
			      (unsigned long long)img->virt_kend,
			      (unsigned long long)img->virt_base,
			      (unsigned long long)img->entry);
	if (pa->p2m != UNSET && pa->p2m >= img->virt_kstart &&
	    pa->p2m < img->virt_kend)
		return kl_err(err, size, -EINVAL,
			      "INIT_P2M %#llx inside the kernel",
			      (unsigned long long)pa->p2m);
	return 0;
}

/* What libxc does later (INIT_P2M honoured only below VIRT_BASE and page
 * aligned; the hypercall page is the page of HYPERCALL_PAGE) and ours:
 * that page inside the kernel, the kernel's span within max_size. */
static int place_more(struct kload_image *img, const struct parms *pa,
		      size_t max_size, char *err, size_t size)
{
	uint64_t hp_page = pa->hypercall & ~(uint64_t)(KL_PAGE - 1);
	uint64_t span = img->virt_kend - img->virt_kstart;

	if (pa->p2m != UNSET && pa->p2m < img->virt_base &&
	    pa->p2m % KL_PAGE == 0)
		img->init_p2m = pa->p2m;
	if (pa->hypercall != UNSET &&
	    (pa->hypercall == 0 || hp_page < img->virt_kstart ||
	     hp_page >= img->virt_kend))
		return kl_err(err, size, -EINVAL,
			      "hypercall page %#llx outside the kernel",
			      (unsigned long long)pa->hypercall);
	img->hypercall_page = pa->hypercall == UNSET ? 0 : hp_page;
	/* Xen's "unset" is UINT32_MAX, which a note may also say. */
	img->phys32_entry = pa->phys32 >= UINT32_MAX ? 0 : pa->phys32;
	if (span > max_size)
		return kl_err(err, size, -EFBIG,
			      "kernel needs %llu MiB, more than the %zu MiB "
			      "available",
			      (unsigned long long)(span >> 20), max_size >> 20);
	return 0;
}

int kl_xen_parse(const struct kl_elf *e, struct kload_image *img,
		 size_t max_size, char *err, size_t size)
{
	struct parms pa = {.virt_base = UNSET,
			   .paddr_offset = UNSET,
			   .entry = UNSET,
			   .hypercall = UNSET,
			   .p2m = UNSET,
			   .phys32 = UNSET,
			   .end = e->p + e->len};
	int rc;

	rc = find_notes(e, img, &pa, err, size);
	if (!rc && !img->notes_from)
		rc = find_legacy(e, img, &pa, err, size);
	if (!rc)
		rc = check_kind(img, err, size);
	if (rc)
		return rc;
	if (pa.bsd_symtab)
		return kl_err(err, size, -ENOTSUP,
			      "BSD_SYMTAB kernels (NetBSD) are not supported");
	rc = place(e, img, &pa, err, size);
	return rc ? rc : place_more(img, &pa, max_size, err, size);
}
