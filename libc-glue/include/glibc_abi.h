/*
 * glibc_abi.h - running prebuilt code compiled for glibc (Debian's
 * libtpms.a) in a domlet libc app (libc-glue/glibc_abi.c).
 *
 * Such code calls glibc's ABI names (the fortify *_chk functions,
 * __errno_location, __ctype_b_loc, _setjmp, ...), which glibc_abi.c maps
 * onto newlib; reads its stack canary at %fs:0x28, which glibc_abi_init
 * provides; and uses the x86-64 red zone, below %rsp, where Xen would
 * write an event upcall's frame: so events must be masked while it runs.
 *
 *   glibc_abi_init();                  once, before any such code runs
 *   unsigned long f = glibc_abi_enter();   events masked
 *   ... call the foreign code (it must not block or sleep) ...
 *   glibc_abi_leave(f);
 *
 * The same would hold for OpenSSL's x86-64 assembly, which assumes the
 * red zone; ports/openssl is built without it (no-asm), all C with
 * -mno-red-zone, so libcrypto may be called directly.
 */
#ifndef LIBC_GLUE_GLIBC_ABI_H
#define LIBC_GLUE_GLIBC_ABI_H

/* Points %fs at a block with the stack canary at 0x28 (the kernel's own
 * canary value) and sets up the ctype table and `stderr`.  Idempotent.
 * 0, or -errno. */
int glibc_abi_init(void);

/* Masks events (nests); returns what glibc_abi_leave restores. */
unsigned long glibc_abi_enter(void);
void glibc_abi_leave(unsigned long flags);

#endif
