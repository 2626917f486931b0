/*
 * kexectest.h - what kexectest's files share (apps/kexectest/main.c).
 */
#ifndef KEXECTEST_H
#define KEXECTEST_H

#include <domlet/kernel.h>

#define KT_MAX_SEGS 16

/* A kernel read from the disk, as kexec_load wants it. */
struct kt_kernel {
	struct kexec_image img;
	struct kexec_segment segs[KT_MAX_SEGS];
};

/* Reads `len` bytes at byte offset `off` of the open disk. */
typedef int (*kt_read_fn)(void *ctx, uint64_t off, void *buf, size_t len);

/* elf.c: parses the ELF64 kernel at disk offset `base` (file length
 * `len`): program headers, Xen notes, and its PT_LOAD data read into
 * buffers from kexec_buffer_alloc. */
int kt_load_elf(kt_read_fn rd, void *ctx, uint64_t base, uint64_t len,
		struct kt_kernel *k);

#endif
