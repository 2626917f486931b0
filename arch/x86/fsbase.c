/*
 * fsbase.c - the %fs segment base: thread-local storage.
 *
 * domlet itself never reads %fs (the kernel's stack protector uses the
 * global __stack_chk_guard).  Libc apps do: gcc's __thread variables
 * (local-exec and initial-exec models) are %fs-relative, and prebuilt
 * glibc-compiled code (Debian's libtpms.a) reads its stack canary at
 * %fs:0x28.  libc-glue/tls.c lays out each thread's block and names it
 * with thread_set_fs_base (kernel/sched.c); threads without one (kernel
 * threads, the main thread) use the default base set here.
 *
 * The scheduler calls arch_load_fs_base on every switch; the hypercall
 * is made only when the base changes, so threads that share the default
 * cost nothing.  Xen keeps the base in the vCPU context, so it survives
 * Xen's own scheduling; after xl restore the toolstack restores it from
 * the saved context, and the resume hook below loads it again anyway.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>

static unsigned long default_base, loaded;
static bool hooked;

static void fs_base_resume(void *arg, bool new_domain)
{
	(void)arg;
	if (new_domain && loaded &&
	    hypercall_set_segment_base(SEGBASE_FS, loaded))
		printk(
		    "fsbase: setting %%fs base again after restore failed\n");
}

static struct suspend_hook fs_base_hook = {.resume = fs_base_resume};

static int load(unsigned long base)
{
	int rc;

	if (base == loaded)
		return 0;
	rc = hypercall_set_segment_base(SEGBASE_FS, base);
	if (rc) {
		printk("fsbase: set_segment_base(FS, %lx) failed: %d\n", base,
		       rc);
		return rc;
	}
	loaded = base;
	if (!hooked && base) {
		hooked = true;
		suspend_hook_register(&fs_base_hook);
	}
	return 0;
}

void arch_load_fs_base(unsigned long base)
{
	load(base ? base : default_base);
}

int arch_set_fs_base(unsigned long base)
{
	unsigned long flags = irq_save();
	unsigned long old = default_base;
	int rc;

	default_base = base;
	/* loaded is the current thread's: reload if it used the default */
	rc = loaded == old ? load(base) : 0;
	if (rc)
		default_base = old;
	irq_restore(flags);
	return rc;
}
