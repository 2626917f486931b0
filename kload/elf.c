/*
 * elf.c - the ELF side of kload: the header of a 64-bit x86_64 kernel,
 * its program and section header tables, and the PT_LOAD segments it
 * asks to have loaded.
 *
 * The ELF is untrusted (it came off a guest's disk, maybe through a
 * decompressor).  Every table and every segment's file bytes must lie
 * inside the buffer; sizes and addresses must not wrap; the loop over
 * headers is bounded by the 16-bit counts.  As in Xen's libelf, a
 * segment is loadable when it is PT_LOAD with any of R, W, X set, and
 * its load address is its p_paddr (Linux's percpu segment has p_vaddr 0).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "kload/kload_priv.h"

#define EM_386_	   3
#define EM_X86_64_ 62

int kl_err(char *err, size_t size, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && size) {
		va_start(ap, fmt);
		vsnprintf(err, size, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static int check_ident(const uint8_t *p, size_t len, char *err, size_t size)
{
	uint16_t machine;

	if (len < 64)
		return kl_err(err, size, -EINVAL,
			      "ELF header truncated (%zu bytes)", len);
	if (p[4] == 1)
		return kl_err(err, size, -ENOEXEC,
			      "32-bit ELF kernel: only 64-bit (x86_64) PV "
			      "kernels are supported");
	if (p[4] != 2)
		return kl_err(err, size, -EINVAL, "ELF class %u unknown", p[4]);
	if (p[5] != 1)
		return kl_err(err, size, -ENOEXEC,
			      "big-endian ELF: not an x86_64 kernel");
	machine = kl_rd16(p + 18);
	if (machine == EM_386_)
		return kl_err(err, size, -ENOEXEC,
			      "ELF for i386: only 64-bit (x86_64) PV kernels "
			      "are supported");
	if (machine != EM_X86_64_)
		return kl_err(err, size, -ENOEXEC,
			      "ELF for machine %u, not x86_64", machine);
	return 0;
}

/* Xen's elf_init refuses tables that end past the file; so do we, with
 * the entry sizes checked too (we read them as Elf64 structures). */
static int check_tables(struct kl_elf *e, char *err, size_t size)
{
	const uint8_t *p = e->p;

	e->entry = kl_rd64(p + 24);
	e->phoff = kl_rd64(p + 32);
	e->shoff = kl_rd64(p + 40);
	e->phnum = kl_rd16(p + 56);
	e->shnum = kl_rd16(p + 60);
	e->shstrndx = kl_rd16(p + 62);
	if (e->phnum && kl_rd16(p + 54) != 56)
		return kl_err(err, size, -EINVAL,
			      "ELF program header size %u, not 56",
			      kl_rd16(p + 54));
	if (e->shnum && kl_rd16(p + 58) != 64)
		return kl_err(err, size, -EINVAL,
			      "ELF section header size %u, not 64",
			      kl_rd16(p + 58));
	if (e->phnum == 0)
		return kl_err(err, size, -EINVAL, "ELF has no program headers");
	if (e->phoff > e->len || (e->len - e->phoff) / 56 < e->phnum)
		return kl_err(err, size, -EINVAL,
			      "ELF program headers (%u at %#llx) past the end "
			      "of the file (%zu bytes): truncated?",
			      e->phnum, (unsigned long long)e->phoff, e->len);
	if (e->shnum &&
	    (e->shoff > e->len || (e->len - e->shoff) / 64 < e->shnum))
		return kl_err(err, size, -EINVAL,
			      "ELF section headers (%u at %#llx) past the end "
			      "of the file (%zu bytes): truncated?",
			      e->shnum, (unsigned long long)e->shoff, e->len);
	return 0;
}

static int loadable(const uint8_t *ph)
{
	return kl_rd32(ph + PH_TYPE) == PT_LOAD_ &&
	       (kl_rd32(ph + PH_FLAGS) & 7) != 0;
}

/* One loadable segment's numbers, checked; Xen's pstart/pend updated. */
static int check_load(struct kl_elf *e, unsigned int i, char *err, size_t size)
{
	const uint8_t *ph = kl_phdr(e, i);
	uint64_t off = kl_rd64(ph + PH_OFFSET), paddr = kl_rd64(ph + PH_PADDR);
	uint64_t filesz = kl_rd64(ph + PH_FILESZ);
	uint64_t memsz = kl_rd64(ph + PH_MEMSZ);

	if (filesz > memsz)
		return kl_err(err, size, -EINVAL,
			      "ELF segment %u: file size %#llx over its memory "
			      "size %#llx",
			      i, (unsigned long long)filesz,
			      (unsigned long long)memsz);
	if (off > e->len || filesz > e->len - off)
		return kl_err(err, size, -EINVAL,
			      "ELF segment %u (%#llx bytes at %#llx) past the "
			      "end of the file (%zu bytes): truncated?",
			      i, (unsigned long long)filesz,
			      (unsigned long long)off, e->len);
	if (paddr + memsz < paddr)
		return kl_err(err, size, -EINVAL,
			      "ELF segment %u: address %#llx + size %#llx "
			      "wraps",
			      i, (unsigned long long)paddr,
			      (unsigned long long)memsz);
	if (paddr < e->pstart)
		e->pstart = paddr;
	if (paddr + memsz > e->pend)
		e->pend = paddr + memsz;
	if (memsz && ++e->nload > KLOAD_MAX_SEGS)
		return kl_err(err, size, -EINVAL,
			      "ELF has more than %u loadable segments",
			      KLOAD_MAX_SEGS);
	return 0;
}

int kl_elf_open(struct kl_elf *e, const void *p, size_t len, char *err,
		size_t size)
{
	unsigned int i;
	int rc;

	memset(e, 0, sizeof(*e));
	e->p = p;
	e->len = len;
	if (len < 4 || memcmp(p, "\177ELF", 4) != 0)
		return kl_err(err, size, -EINVAL, "not an ELF file");
	rc = check_ident(p, len, err, size);
	if (!rc)
		rc = check_tables(e, err, size);
	if (rc)
		return rc;
	e->pstart = UINT64_MAX;
	for (i = 0; i < e->phnum; i++) {
		if (!loadable(kl_phdr(e, i)))
			continue;
		rc = check_load(e, i, err, size);
		if (rc)
			return rc;
	}
	if (e->pstart == UINT64_MAX || e->pend <= e->pstart)
		return kl_err(err, size, -EINVAL,
			      "ELF has no loadable segment");
	return 0;
}

int kl_elf_section(const struct kl_elf *e, unsigned int i, const uint8_t **data,
		   uint64_t *size, char *err, size_t esize)
{
	const uint8_t *sh;
	uint64_t off, sz;

	if (i >= e->shnum)
		return kl_err(err, esize, -EINVAL, "ELF section %u missing", i);
	sh = kl_shdr(e, i);
	off = kl_rd64(sh + SH_OFFSET);
	sz = kl_rd64(sh + SH_SIZE);
	if (off > e->len || sz > e->len - off)
		return kl_err(err, esize, -EINVAL,
			      "ELF section %u (%#llx bytes at %#llx) past the "
			      "end of the file (%zu bytes): truncated?",
			      i, (unsigned long long)sz,
			      (unsigned long long)off, e->len);
	*data = e->p + off;
	*size = sz;
	return 0;
}

int kl_elf_find_section(const struct kl_elf *e, const char *name)
{
	const uint8_t *strtab;
	uint64_t strsz, nlen = strlen(name);
	unsigned int i;

	if (e->shstrndx == 0 ||
	    kl_elf_section(e, e->shstrndx, &strtab, &strsz, NULL, 0))
		return -1;
	for (i = 0; i < e->shnum; i++) {
		uint32_t at = kl_rd32(kl_shdr(e, i) + SH_NAME);

		/* The name and its NUL inside the string table. */
		if (at < strsz && strsz - at > nlen &&
		    memcmp(strtab + at, name, nlen + 1) == 0)
			return (int)i;
	}
	return -1;
}

static void sort_segs(struct kload_image *img)
{
	unsigned int i, j;

	for (i = 1; i < img->nsegs; i++) {
		struct kload_seg s = img->seg[i];

		for (j = i; j > 0 && img->seg[j - 1].vaddr > s.vaddr; j--)
			img->seg[j] = img->seg[j - 1];
		img->seg[j] = s;
	}
}

int kl_elf_segments(const struct kl_elf *e, struct kload_image *img, char *err,
		    size_t size)
{
	uint64_t shift = img->virt_base - img->paddr_offset;
	unsigned int i;

	img->nsegs = 0;
	for (i = 0; i < e->phnum; i++) {
		const uint8_t *ph = kl_phdr(e, i);
		struct kload_seg *s;

		if (!loadable(ph) || kl_rd64(ph + PH_MEMSZ) == 0)
			continue;
		if (img->nsegs >= KLOAD_MAX_SEGS) /* counted in kl_elf_open */
			return kl_err(err, size, -EINVAL, "too many segments");
		/* Xen: dest = kernel_seg + paddr - pstart, i.e. this
		 * (mod 2^64); kstart <= kend was checked, so no wrap. */
		s = &img->seg[img->nsegs++];
		s->vaddr = kl_rd64(ph + PH_PADDR) + shift;
		s->data = e->p + kl_rd64(ph + PH_OFFSET);
		s->filesz = kl_rd64(ph + PH_FILESZ);
		s->memsz = kl_rd64(ph + PH_MEMSZ);
	}
	sort_segs(img);
	for (i = 1; i < img->nsegs; i++) {
		const struct kload_seg *a = &img->seg[i - 1], *b = &img->seg[i];

		if (b->vaddr - a->vaddr < a->memsz)
			return kl_err(err, size, -EINVAL,
				      "ELF segments overlap: %#llx+%#llx and "
				      "%#llx",
				      (unsigned long long)a->vaddr,
				      (unsigned long long)a->memsz,
				      (unsigned long long)b->vaddr);
	}
	return 0;
}
