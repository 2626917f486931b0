/*
 * fsbase.c - the %fs segment base, for prebuilt code compiled for glibc.
 *
 * domlet itself never reads %fs (the stack protector's guard is the
 * global __stack_chk_guard).  Debian's libtpms.a was compiled for glibc,
 * whose stack protector reads the canary at %fs:0x28, so before any of
 * its code runs %fs must point at a block with a canary there
 * (libc-glue/glibc_abi.c owns that block).
 *
 * One base for the whole domain, not one per thread: the scheduler
 * switches threads in schedule() without touching %fs, so every thread
 * sees the same block, and a shared canary is all such code needs (the
 * kernel's own canary is global too).  Xen keeps the base in the vCPU
 * context, so it survives Xen's own scheduling; after xl restore the
 * toolstack restores it from the saved context, and the resume hook below
 * sets it again anyway, so a toolstack that did not still leaves it right.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>

static unsigned long fs_base;

static void fs_base_resume(void *arg, bool new_domain)
{
	(void)arg;
	if (new_domain && fs_base &&
	    hypercall_set_segment_base(SEGBASE_FS, fs_base))
		printk(
		    "fsbase: setting %%fs base again after restore failed\n");
}

static struct suspend_hook fs_base_hook = {.resume = fs_base_resume};

int arch_set_fs_base(unsigned long base)
{
	int rc = hypercall_set_segment_base(SEGBASE_FS, base);

	if (rc) {
		printk("fsbase: set_segment_base(FS, %lx) failed: %d\n", base,
		       rc);
		return rc;
	}
	if (!fs_base)
		suspend_hook_register(&fs_base_hook);
	fs_base = base;
	return 0;
}
