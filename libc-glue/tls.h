/*
 * tls.h - thread-local storage blocks (tls.c), x86-64 variant II:
 *
 *   block: [pad][.tdata copy | .tbss zeroed][TCB]
 *                ^image                      ^tp (%fs base)
 *
 * The linker fixes tp - image (every __thread offset is relative to tp);
 * image must be aligned to the TLS segment's alignment and tp to 16 (the
 * TCB).  tls_layout is pure, for the host tests.
 */
#ifndef LIBC_GLUE_TLS_H
#define LIBC_GLUE_TLS_H

#include <stddef.h>

struct tls_layout {
	size_t align; /* of the whole block (memalign) */
	size_t size;  /* of the whole block */
	size_t image; /* offset of the TLS image in the block */
	size_t tp;    /* offset of the TCB (the thread pointer) */
};

/* memsz: the TLS segment's size; align: its alignment (a power of two,
 * 0 taken as 1); tp_off: tp - image as the linker computed it (>= memsz);
 * tcb: the TCB's size.  0, or -1 if no placement satisfies both
 * alignments. */
int tls_layout(size_t memsz, size_t align, size_t tp_off, size_t tcb,
	       struct tls_layout *out);

/* A new thread's block, initialised; *tp gets its thread pointer.  NULL
 * without memory.  Free with tls_block_free. */
void *tls_block_new(unsigned long *tp);
void tls_block_free(void *block);

#endif
