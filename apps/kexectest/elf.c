/*
 * elf.c - just enough ELF for kexectest: the ELF64 header, its program
 * headers, the Xen notes that place the image (VIRT_BASE, PADDR_OFFSET,
 * ENTRY, HYPERCALL_PAGE), and the PT_LOAD data.  pvgrub uses kload/
 * instead; this is a test's loader.  The disk is the test's own, but
 * every offset and size is still range-checked against the file.
 */
#include <string.h>
#include "kexectest.h"

#define PT_LOAD	   1
#define PT_NOTE	   4
#define NOTE_ENTRY 1
#define NOTE_HCALL 2
#define NOTE_VBASE 3
#define NOTE_POFF  4
#define UNSET	   (~0ull)
#define MAX_NOTES  4096

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct notes {
	uint64_t entry, hcall, vbase, poff;
};

static void read_notes(const uint8_t *p, uint64_t len, struct notes *n)
{
	uint64_t off = 0;

	while (off + 12 <= len) {
		uint32_t namesz, descsz, type;
		uint64_t desc, val = 0;

		memcpy(&namesz, p + off, 4);
		memcpy(&descsz, p + off + 4, 4);
		memcpy(&type, p + off + 8, 4);
		desc = off + 12 + ((namesz + 3ull) & ~3ull);
		if (desc + descsz > len)
			return;
		if (namesz == 4 && !memcmp(p + off + 12, "Xen", 4) &&
		    descsz == 8) {
			memcpy(&val, p + desc, 8);
			if (type == NOTE_ENTRY)
				n->entry = val;
			else if (type == NOTE_HCALL)
				n->hcall = val;
			else if (type == NOTE_VBASE)
				n->vbase = val;
			else if (type == NOTE_POFF)
				n->poff = val;
		}
		off = desc + ((descsz + 3ull) & ~3ull);
	}
}

static int load_notes(kt_read_fn rd, void *ctx, uint64_t base,
		      const struct phdr *ph, struct notes *n)
{
	static uint8_t buf[MAX_NOTES];

	if (ph->filesz > sizeof(buf) ||
	    rd(ctx, base + ph->offset, buf, ph->filesz))
		return -EINVAL;
	read_notes(buf, ph->filesz, n);
	return 0;
}

static int load_segment(kt_read_fn rd, void *ctx, uint64_t base,
			const struct phdr *ph, uint64_t shift,
			struct kexec_segment *s)
{
	void *data = NULL;

	if (ph->filesz) {
		data = kexec_buffer_alloc(ph->filesz);
		if (!data || rd(ctx, base + ph->offset, data, ph->filesz))
			return -EIO;
	}
	*s = (struct kexec_segment){ph->paddr + shift, data, ph->filesz,
				    ph->memsz};
	return 0;
}

static int check_header(const struct ehdr *e, uint64_t len)
{
	if (memcmp(e->ident, "\177ELF", 4) || e->ident[4] != 2 ||
	    e->machine != 62 || e->phentsize != sizeof(struct phdr) ||
	    e->phnum == 0 || e->phnum > 32 ||
	    e->phoff + e->phnum * sizeof(struct phdr) > len) {
		printk("kexectest: not an x86_64 ELF kernel\n");
		return -EINVAL;
	}
	return 0;
}

int kt_load_elf(kt_read_fn rd, void *ctx, uint64_t base, uint64_t len,
		struct kt_kernel *k)
{
	struct ehdr e;
	struct phdr ph[32];
	struct notes n = {UNSET, 0, UNSET, UNSET};
	unsigned int i, ns = 0;
	int rc;

	if (len < sizeof(e) || rd(ctx, base, &e, sizeof(e)) ||
	    check_header(&e, len) ||
	    rd(ctx, base + e.phoff, ph, e.phnum * sizeof(ph[0])))
		return -EINVAL;
	for (i = 0; i < e.phnum; i++)
		if (ph[i].type == PT_NOTE &&
		    load_notes(rd, ctx, base, &ph[i], &n))
			return -EINVAL;
	if (n.vbase == UNSET || n.entry == UNSET) {
		printk("kexectest: no Xen VIRT_BASE/ENTRY notes\n");
		return -EINVAL;
	}
	if (n.poff == UNSET)
		n.poff = 0; /* libelf's default with ELF notes */
	for (i = 0; i < e.phnum; i++) {
		if (ph[i].type != PT_LOAD || !ph[i].memsz)
			continue;
		if (ns == KT_MAX_SEGS || ph[i].filesz > ph[i].memsz ||
		    ph[i].offset + ph[i].filesz > len)
			return -EINVAL;
		rc = load_segment(rd, ctx, base, &ph[i], n.vbase - n.poff,
				  &k->segs[ns++]);
		if (rc)
			return rc;
	}
	k->img.virt_base = n.vbase;
	k->img.entry = n.entry;
	k->img.hypercall_page = n.hcall;
	k->img.segs = k->segs;
	k->img.nsegs = ns;
	return 0;
}
