/*
 * kload.h - what a Xen PV kernel file asks to be loaded where: the whole
 * public API of kload/.
 *
 * kload_parse takes a kernel file as read from a guest's disk and
 * unwraps it: a whole-file compression (gzip, bzip2, lzma, xz, lzo, lz4,
 * zstd: by magic, never by name) -> a Linux bzImage (boot protocol >=
 * 2.08) -> its compressed payload -> a 64-bit x86_64 ELF.  It then reads
 * the ELF's PT_LOAD segments and its Xen notes (PT_NOTE segments, else
 * SHT_NOTE sections, else the legacy `__xen_guest` section string) with
 * the semantics of Xen 4.17's domain builder (libelf's elf_xen_parse and
 * libxc's ELF and bzImage loaders): the same defaults for VIRT_BASE and
 * PADDR_OFFSET, the same address arithmetic
 *     vaddr = p_paddr - paddr_offset + virt_base
 * and the same refusals (not Linux/generic, not xen-3.0, "!dom0",
 * entry or INIT_P2M out of bounds).
 *
 * The file is untrusted.  Every offset and size is range-checked; on any
 * error nothing is kept and err holds a one-line reason without a
 * "kernel:" prefix (the caller names the file).  Beyond Xen's checks:
 * segments must fit the file, have filesz <= memsz, not overlap, not wrap,
 * and the kernel's span (virt_kend - virt_kstart) must fit in max_size.
 */
#ifndef KLOAD_KLOAD_H
#define KLOAD_KLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "decomp/decomp.h"

#define KLOAD_MAX_SEGS 16

/* One PT_LOAD segment: copy filesz bytes of data to vaddr, then zero up
 * to memsz.  data points into kload_image.elf. */
struct kload_seg {
	uint64_t vaddr;
	const void *data;
	uint64_t filesz, memsz;
};

enum kload_container {
	KLOAD_ELF = 1, /* an ELF vmlinux (maybe compressed whole) */
	KLOAD_BZIMAGE, /* a bzImage (maybe compressed whole) */
};

/* Where the Xen notes were found. */
enum kload_notes {
	KLOAD_NOTES_PHDR = 1, /* PT_NOTE segments (Linux, FreeBSD, ...) */
	KLOAD_NOTES_SHDR,     /* SHT_NOTE sections */
	KLOAD_NOTES_LEGACY,   /* the `__xen_guest` section string */
};

/* XENFEAT_* bits (the FEATURES note / string, SUPPORTED_FEATURES). */
#define KLOAD_FEAT(n) (1u << (n))

struct kload_image {
	const void *elf; /* the ELF finally parsed: the file, or owned */
	size_t elf_len;
	void *owned; /* malloc'd decompressed ELF, or NULL (kload_free) */
	enum kload_container container;
	enum decomp_fmt outer;	 /* compression of the whole file */
	enum decomp_fmt payload; /* compression of a bzImage's payload */
	int elf_class;		 /* 64 (32-bit kernels are refused) */
	enum kload_notes notes_from;

	/* Addresses, all virtual except phys32_entry; 0 means none for
	 * hypercall_page, init_p2m and phys32_entry. */
	uint64_t virt_base;	 /* VIRT_BASE, or 0 */
	uint64_t paddr_offset;	 /* PADDR_OFFSET, or its default */
	uint64_t entry;		 /* ENTRY, or e_entry */
	uint64_t hypercall_page; /* the page HYPERCALL_PAGE is in */
	uint64_t virt_kstart;	 /* lowest segment address */
	uint64_t virt_kend;	 /* end of the highest segment */
	uint64_t init_p2m;	 /* INIT_P2M, if Xen would honour it: page
				  * aligned and below virt_base */
	uint64_t phys32_entry;	 /* PHYS32_ENTRY (PVH), recorded only */
	bool mod_start_pfn;	 /* MOD_START_PFN != 0: the initrd may be
				  * unmapped, start_info gives its pfn */
	bool suspend_cancel;	 /* SUSPEND_CANCEL note present */
	uint32_t f_supported;	 /* XENFEAT bits the kernel supports */
	uint32_t f_required;	 /* ... and requires ("!name") */
	char guest_os[32], guest_version[32], loader[32], xen_version[32];
	char features[256]; /* FEATURES as written (truncated) */

	unsigned int nsegs; /* sorted by vaddr, no overlaps */
	struct kload_seg seg[KLOAD_MAX_SEGS];
};

/*
 * Parses file[0..len): see the top of this file.  max_size bounds every
 * decompressed size and the kernel's span in memory.  On success *out
 * describes the kernel; its segments point into file (an uncompressed ELF)
 * or into out->owned, so file must outlive *out; call kload_free.
 * Returns 0, or -EINVAL (not a kernel, corrupt, truncated, no Xen notes,
 * refused by Xen's rules), -ENOEXEC (32-bit or not x86_64), -EFBIG (over
 * max_size), -ENOMEM, -ENOTSUP (compression not built in); on error *out
 * holds nothing to free and err a one-line reason.
 *
 * A kernel asking for BSD_SYMTAB is refused (-ENOTSUP): Xen would append
 * a symbol table after it; NetBSD kernels are not supported here.
 */
int kload_parse(const void *file, size_t len, size_t max_size,
		struct kload_image *out, char *err, size_t err_size);

/* Frees what kload_parse kept; safe on a zeroed or already freed image. */
void kload_free(struct kload_image *img);

#endif
