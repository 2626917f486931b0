/*
 * tls.c - thread-local storage: gcc's __thread variables (local-exec and
 * initial-exec models, %fs-relative, as glib and QEMU use them) and the
 * TCB that glibc-compiled code reads its stack canary from (%fs:0x28;
 * Debian's libtpms.a, see glibc_abi.c).
 *
 * The image's PT_TLS segment (arch/x86/domlet.lds: .tdata then .tbss) is
 * the template.  Each pthread gets its own block (pthread.c allocates it
 * in pthread_create, frees it when the thread is joined); the main
 * thread's block, made before any constructor runs, is the kernel's
 * default %fs base, which kernel threads share.  The TCB is glibc's
 * tcbhead_t up to the pointer guard: %fs:0 and %fs:0x10 hold the TCB's
 * own address (gcc's code reads %fs:0 to take a variable's address),
 * %fs:0x28 the stack-protector canary (the kernel's global one).
 * There is no dynamic TLS (no dlopen, no __tls_get_addr: a static link
 * relaxes the general- and local-dynamic models to local-exec).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "glue.h"
#include "tls.h"

struct tcb {
	void *tcb;		 /* 0x00: itself */
	void *dtv;		 /* 0x08 */
	void *self;		 /* 0x10 */
	int multiple_threads;	 /* 0x18 */
	int gscope_flag;	 /* 0x1c */
	uintptr_t sysinfo;	 /* 0x20 */
	uintptr_t stack_guard;	 /* 0x28: what -fstack-protector reads */
	uintptr_t pointer_guard; /* 0x30 */
	uintptr_t pad[9];
};
_Static_assert(offsetof(struct tcb, stack_guard) == 0x28,
	       "glibc reads the canary at %fs:0x28");
_Static_assert(sizeof(struct tcb) % 16 == 0, "tp stays 16-aligned");

int tls_layout(size_t memsz, size_t align, size_t tp_off, size_t tcb,
	       struct tls_layout *out)
{
	size_t a = align > 16 ? align : 16;

	if (!align)
		align = 1;
	if ((align & (align - 1)) || tp_off < memsz)
		return -1;
	/* image at a multiple of align, tp = image + tp_off at one of 16;
	 * within one period of max(align, 16) if at all */
	for (size_t img = 0; img < a; img += align) {
		if ((img + tp_off) % 16)
			continue;
		out->align = a;
		out->image = img;
		out->tp = img + tp_off;
		out->size = out->tp + tcb;
		return 0;
	}
	return -1;
}

#ifndef TLS_HOST_TEST
extern char __tdata_start[], __tdata_end[], __tbss_end[], __tls_align[];
extern unsigned long __stack_chk_guard; /* the kernel's */

/*
 * tp - image, as the linker resolved it: a variable's offset from tp
 * (R_X86_64_TPOFF64) minus its offset in the segment (DTPOFF64).  The
 * marker also keeps .tdata present in every libc image.
 */
static __thread char tls_marker __attribute__((used)) = 1;
__asm__(".section .rodata.tls_offsets,\"a\",@progbits\n"
	".balign 8\n"
	"tls_offsets:\n"
	".quad tls_marker@tpoff, tls_marker@dtpoff\n"
	".previous\n");
extern const long tls_offsets[2];

static struct tls_layout layout;
/*
 * An image whose only thread-local variable is our marker has nothing
 * per thread to keep apart, so its pthreads share the main thread's
 * block (the TCB, the canary): switching threads then costs no
 * set_segment_base hypercall or allocation.  Measured on the rig, one
 * run each: with a block per thread, tests/boot/httpd served 28 of its
 * 100 concurrent connections in time (no 503s: threads stalled, cause
 * not isolated); sharing, 100 of 100.
 */
static bool shared;
static void *main_block;

static void tls_compute(void)
{
	size_t memsz = (size_t)(__tbss_end - __tdata_start);
	size_t tp_off = (size_t)(tls_offsets[1] - tls_offsets[0]);

	if (tls_layout(memsz, (size_t)__tls_align, tp_off, sizeof(struct tcb),
		       &layout))
		panic("tls: no layout for %zu bytes aligned %zu, tp at +%zu",
		      memsz, (size_t)__tls_align, tp_off);
	shared = memsz <= sizeof(tls_marker);
}

void *tls_block_new(unsigned long *tp)
{
	size_t filesz = (size_t)(__tdata_end - __tdata_start);
	char *b;
	struct tcb *t;

	if (shared && main_block) {
		*tp = 0; /* the default base: the main thread's block */
		return main_block;
	}
	b = memalign(layout.align, layout.size);
	if (!b)
		return NULL;
	memset(b, 0, layout.size);
	memcpy(b + layout.image, __tdata_start, filesz);
	t = (struct tcb *)(b + layout.tp);
	t->tcb = t->self = t;
	t->stack_guard = __stack_chk_guard;
	*tp = (unsigned long)t;
	return b;
}

void tls_block_free(void *block)
{
	if (block != main_block)
		free(block);
}

/* Before every other constructor: ports' constructors may use TLS. */
static void __attribute__((constructor(101))) tls_init(void)
{
	unsigned long tp;

	tls_compute();
	main_block = tls_block_new(&tp);
	if (!main_block || arch_set_fs_base(tp))
		panic("tls: cannot set up the main thread's block");
	if (tls_marker != 1)
		panic("tls: the main thread's block reads wrong");
}
#endif
