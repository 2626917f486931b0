/*
 * kload_mkelf.h - builds small 64-bit ELF kernels for test_kload and
 * fuzz_kload: PT_LOAD segments, Xen notes in a PT_NOTE segment or a
 * SHT_NOTE section, a __xen_guest section.  Header-only; the caller owns
 * the buffer.  Layout: ELF header, program headers, notes, segment data,
 * section data, .shstrtab, section headers.
 */
#ifndef KLOAD_MKELF_H
#define KLOAD_MKELF_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct mk_seg {
	uint64_t paddr, filesz, memsz;
	uint32_t flags; /* PF_X 1, PF_W 2, PF_R 4 */
};

struct mk_elf {
	uint8_t class, machine; /* 2 and 62 unless set */
	uint64_t entry;
	struct mk_seg seg[8];
	unsigned int nsegs;
	uint8_t notes[1024]; /* note records (mk_note) */
	size_t notes_len;
	int notes_in_section;  /* SHT_NOTE section, no PT_NOTE */
	const char *xen_guest; /* a __xen_guest section, or NULL */
};

static inline void mk_put(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Appends a note (name "Xen" unless name given) to m->notes. */
static inline void mk_note_named(struct mk_elf *m, const char *name,
				 uint32_t type, const void *desc, uint32_t n)
{
	uint32_t namesz = (uint32_t)strlen(name) + 1;
	uint8_t *p = m->notes + m->notes_len;

	mk_put(p, namesz, 4);
	mk_put(p + 4, n, 4);
	mk_put(p + 8, type, 4);
	memset(p + 12, 0, ((namesz + 3) & ~3u) + ((n + 3) & ~3u));
	memcpy(p + 12, name, namesz);
	memcpy(p + 12 + ((namesz + 3) & ~3u), desc, n);
	m->notes_len += 12 + ((namesz + 3) & ~3u) + ((n + 3) & ~3u);
}

static inline void mk_note(struct mk_elf *m, uint32_t type, const void *desc,
			   uint32_t n)
{
	mk_note_named(m, "Xen", type, desc, n);
}

static inline void mk_note64(struct mk_elf *m, uint32_t type, uint64_t v)
{
	uint8_t d[8];

	mk_put(d, v, 8);
	mk_note(m, type, d, 8);
}

static inline void mk_note_str(struct mk_elf *m, uint32_t type, const char *s)
{
	mk_note(m, type, s, (uint32_t)strlen(s) + 1);
}

/* A Linux-like kernel: notes as Linux x86_64 writes them, 3 segments. */
static inline void mk_linux(struct mk_elf *m)
{
	memset(m, 0, sizeof(*m));
	m->entry = 0x1000000;
	m->seg[0] = (struct mk_seg){0x1000000, 0x3000, 0x3000, 5};
	m->seg[1] = (struct mk_seg){0x1200000, 0x1000, 0x1000, 6};
	m->seg[2] = (struct mk_seg){0x1400000, 0x800, 0x5000, 7};
	m->nsegs = 3;
	mk_note_str(m, 6, "linux");
	mk_note_str(m, 7, "2.6");
	mk_note_str(m, 5, "xen-3.0");
	mk_note64(m, 3, 0xffffffff80000000ull);
	mk_note64(m, 15, 0x8000000000ull);
	mk_note64(m, 1, 0xffffffff81000040ull);
	mk_note64(m, 2, 0xffffffff81001000ull);
	mk_note_str(m, 10, "!writable_page_tables|pae_pgdir_above_4gb");
	mk_note(m, 17, "\x01\x88\x00\x00", 4);
	mk_note_str(m, 8, "generic");
	mk_note(m, 14, "\x01\x00\x00\x00", 4);
	mk_note(m, 16, "\x01\x00\x00\x00", 4);
	mk_note64(m, 4, 0);
	mk_note64(m, 18, 0x1000850);
}

/* Builds the file; returns a malloc'd buffer of *len bytes. */
static inline uint8_t *mk_build(const struct mk_elf *m, size_t *len)
{
	static const char shstr[] = "\0.notes\0__xen_guest\0.shstrtab";
	size_t guest = m->xen_guest ? strlen(m->xen_guest) + 1 : 0;
	size_t ph = 64, nph = m->nsegs + (m->notes_in_section ? 0 : 1);
	size_t notes = ph + nph * 56, data = notes + m->notes_len, sec, str;
	size_t sh, total, off, segdata = 0;
	unsigned int i, nsh = 4;
	uint8_t *p, *h;

	for (i = 0; i < m->nsegs; i++)
		segdata += m->seg[i].filesz;
	sec = data + segdata;
	str = sec + guest;
	sh = (str + sizeof(shstr) + 7) & ~(size_t)7;
	total = sh + nsh * 64;
	p = calloc(1, total);
	if (!p)
		abort();
	memcpy(p, "\177ELF", 4);
	p[4] = m->class ? m->class : 2;
	p[5] = 1;
	p[6] = 1;
	mk_put(p + 16, 2, 2);
	mk_put(p + 18, m->machine ? m->machine : 62, 2);
	mk_put(p + 20, 1, 4);
	mk_put(p + 24, m->entry, 8);
	mk_put(p + 32, ph, 8);
	mk_put(p + 40, sh, 8);
	mk_put(p + 52, 64, 2);
	mk_put(p + 54, 56, 2);
	mk_put(p + 56, nph, 2);
	mk_put(p + 58, 64, 2);
	mk_put(p + 60, nsh, 2);
	mk_put(p + 62, 3, 2);
	off = data;
	for (i = 0; i < m->nsegs; i++) {
		h = p + ph + i * 56;
		mk_put(h, 1, 4);
		mk_put(h + 4, m->seg[i].flags, 4);
		mk_put(h + 8, off, 8);
		mk_put(h + 16, m->seg[i].paddr + 0xffffffff80000000ull, 8);
		mk_put(h + 24, m->seg[i].paddr, 8);
		mk_put(h + 32, m->seg[i].filesz, 8);
		mk_put(h + 40, m->seg[i].memsz, 8);
		memset(p + off, 0x40 + i, m->seg[i].filesz);
		off += m->seg[i].filesz;
	}
	if (!m->notes_in_section) {
		h = p + ph + m->nsegs * 56;
		mk_put(h, 4, 4);
		mk_put(h + 4, 4, 4);
		mk_put(h + 8, notes, 8);
		mk_put(h + 32, m->notes_len, 8);
		mk_put(h + 40, m->notes_len, 8);
	}
	memcpy(p + notes, m->notes, m->notes_len);
	if (guest)
		memcpy(p + sec, m->xen_guest, guest);
	memcpy(p + str, shstr, sizeof(shstr));
	/* Sections: 0 null, 1 .notes, 2 __xen_guest, 3 .shstrtab. */
	h = p + sh + 64;
	mk_put(h, 1, 4);
	mk_put(h + 4, m->notes_in_section ? 7 : 1, 4);
	mk_put(h + 24, notes, 8);
	mk_put(h + 32, m->notes_len, 8);
	h += 64;
	mk_put(h, guest ? 8 : 0, 4); /* unnamed when absent */
	mk_put(h + 4, 1, 4);
	mk_put(h + 24, sec, 8);
	mk_put(h + 32, guest, 8);
	h += 64;
	mk_put(h, 20, 4);
	mk_put(h + 4, 3, 4);
	mk_put(h + 24, str, 8);
	mk_put(h + 32, sizeof(shstr), 8);
	*len = total;
	return p;
}

#endif
