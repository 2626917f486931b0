/*
 * kload_priv.h - what kload's files share: a checked view of a 64-bit
 * ELF, little-endian field readers, and the error-message helper.
 *
 * kload.c   unwrapping: whole-file compression, bzImage, payload.
 * elf.c     the ELF header, program and section headers, PT_LOAD.
 * notes.c   Xen notes, the __xen_guest string, Xen's address rules.
 */
#ifndef KLOAD_PRIV_H
#define KLOAD_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include "kload/kload.h"

#define KL_PAGE 4096u

static inline uint16_t kl_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t kl_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t kl_rd64(const uint8_t *p)
{
	return (uint64_t)kl_rd32(p) | (uint64_t)kl_rd32(p + 4) << 32;
}

/* A 64-bit little-endian x86_64 ELF whose header tables lie inside it. */
struct kl_elf {
	const uint8_t *p;
	size_t len;
	uint64_t entry;
	uint64_t phoff, shoff;
	unsigned int phnum, shnum, shstrndx;
	uint64_t pstart, pend; /* Xen's: over loadable PT_LOADs' p_paddr */
	unsigned int nload;    /* loadable segments with memsz > 0 */
};

/* ELF fields used (Elf64_Phdr, Elf64_Shdr offsets). */
#define PH_TYPE	  0
#define PH_FLAGS  4
#define PH_OFFSET 8
#define PH_PADDR  24
#define PH_FILESZ 32
#define PH_MEMSZ  40
#define SH_NAME	  0
#define SH_TYPE	  4
#define SH_OFFSET 24
#define SH_SIZE	  32
#define PT_LOAD_  1
#define PT_NOTE_  4
#define SHT_NOTE_ 7

static inline const uint8_t *kl_phdr(const struct kl_elf *e, unsigned int i)
{
	return e->p + e->phoff + (uint64_t)i * 56;
}

static inline const uint8_t *kl_shdr(const struct kl_elf *e, unsigned int i)
{
	return e->p + e->shoff + (uint64_t)i * 64;
}

/* Formats a message into err (never NULL-dereferences); returns rc. */
int kl_err(char *err, size_t size, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* elf.c */
/* Checks the header and tables and computes pstart/pend; 0 or -errno. */
int kl_elf_open(struct kl_elf *e, const void *p, size_t len, char *err,
		size_t size);
/* A section's bytes, checked inside the file; 0 or -EINVAL. */
int kl_elf_section(const struct kl_elf *e, unsigned int i, const uint8_t **data,
		   uint64_t *size, char *err, size_t esize);
/* The index of the section named name, or -1. */
int kl_elf_find_section(const struct kl_elf *e, const char *name);
/* Fills img->seg from the PT_LOADs once img's addresses are known. */
int kl_elf_segments(const struct kl_elf *e, struct kload_image *img, char *err,
		    size_t size);

/* notes.c */
/* Xen's elf_xen_parse for a PV guest: fills img's notes and addresses
 * (virt_kstart/kend from e->pstart/pend), with Xen's checks and ours. */
int kl_xen_parse(const struct kl_elf *e, struct kload_image *img,
		 size_t max_size, char *err, size_t size);

#endif
