/*
 * asm/types.h - the kernel ABI's fixed-width types, as Linux's
 * <asm/types.h> gives them (code includes it "for __u64": QEMU's
 * migration/postcopy-ram.c); they are <linux/types.h>'s.
 */
#ifndef LIBC_GLUE_ASM_TYPES_H
#define LIBC_GLUE_ASM_TYPES_H
#include <linux/types.h>
#endif
