/*
 * glibc_abi.c - the glibc ABI that prebuilt, glibc-compiled code expects,
 * on newlib (see <glibc_abi.h>).  Written for Debian's libtpms.a: its
 * undefined glibc-only symbols (nm) are the fortify functions
 * (__memcpy_chk, __memset_chk, __snprintf_chk, __vsnprintf_chk,
 * __asprintf_chk, __dprintf_chk, __vdprintf_chk), __errno_location,
 * __ctype_b_loc, __assert_fail, _setjmp, __longjmp_chk and the `stderr`
 * object; the rest of what it calls (malloc, memcpy, fopen, ...) newlib
 * has under the same name.  Its stack protector reads %fs:0x28: every
 * thread's TCB (tls.c) is laid out as glibc's tcbhead_t up to the
 * canary.  It uses no other TLS, no %gs and no system calls (objdump -d).
 *
 * A fortify check that fails means the foreign code overran a buffer:
 * report and abort, as glibc does.
 */
#define _GNU_SOURCE /* vasprintf, vdprintf */
#include <assert.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kapi.h"
#include "glibc_abi.h"
#include "glibc_ctype.h"

static unsigned short ctype_table[384]; /* index -128..255 */
static const unsigned short *ctype_ptr = ctype_table + 128;

/* newlib's stderr is a macro over the per-thread reent; glibc code
 * refers to an object.  Taken before the #undef below. */
static FILE *newlib_stderr(void)
{
	return stderr;
}
#undef stderr
FILE *stderr;

int glibc_abi_init(void)
{
	static bool done;

	if (done)
		return 0;
	for (int c = -128; c < 256; c++)
		ctype_table[c + 128] = glibc_ctype_bits(c);
	stderr = newlib_stderr();
	done = true;
	return 0;
}

unsigned long glibc_abi_enter(void)
{
	return irq_save();
}

void glibc_abi_leave(unsigned long flags)
{
	irq_restore(flags);
}

static void __attribute__((noreturn)) chk_fail(const char *what)
{
	printk("glibc_abi: buffer overflow detected in %s\n", what);
	abort();
}

int *__errno_location(void)
{
	return &errno;
}

const unsigned short **__ctype_b_loc(void)
{
	return &ctype_ptr;
}

void __assert_fail(const char *assertion, const char *file, unsigned int line,
		   const char *function)
{
	__assert_func(file, (int)line, function, assertion);
}

void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dstlen)
{
	if (n > dstlen)
		chk_fail("__memcpy_chk");
	return memcpy(dst, src, n);
}

void *__memset_chk(void *dst, int c, size_t n, size_t dstlen)
{
	if (n > dstlen)
		chk_fail("__memset_chk");
	return memset(dst, c, n);
}

int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
		    const char *fmt, va_list ap)
{
	(void)flag;
	if (maxlen > slen)
		chk_fail("__vsnprintf_chk");
	return vsnprintf(s, maxlen, fmt, ap);
}

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
		   const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = __vsnprintf_chk(s, maxlen, flag, slen, fmt, ap);
	va_end(ap);
	return n;
}

int __asprintf_chk(char **strp, int flag, const char *fmt, ...)
{
	va_list ap;
	int n;

	(void)flag;
	va_start(ap, fmt);
	n = vasprintf(strp, fmt, ap);
	va_end(ap);
	return n;
}

int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	return vdprintf(fd, fmt, ap);
}

int __dprintf_chk(int fd, int flag, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = __vdprintf_chk(fd, flag, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * _setjmp and __longjmp_chk jump straight into newlib's setjmp/longjmp,
 * so setjmp sees its caller's frame.  newlib's x86-64 jmp_buf (8 words)
 * fits in glibc's (200 bytes), which is what the caller allocated.
 */
__asm__(".section .text._setjmp,\"ax\",@progbits\n"
	".globl _setjmp\n"
	".type _setjmp,@function\n"
	"_setjmp: jmp setjmp\n"
	".size _setjmp, .-_setjmp\n"
	".section .text.__longjmp_chk,\"ax\",@progbits\n"
	".globl __longjmp_chk\n"
	".type __longjmp_chk,@function\n"
	"__longjmp_chk: jmp longjmp\n"
	".size __longjmp_chk, .-__longjmp_chk\n"
	".previous\n");

/*
 * Not glibc-specific, but what OpenSSL's libcrypto (OPENSSL_issetugid)
 * needs and libc-glue lacks: domlet runs one program with no users, so
 * every identity is root's and never "set-uid".
 */
uid_t getuid(void)
{
	return 0;
}
uid_t geteuid(void)
{
	return 0;
}
gid_t getgid(void)
{
	return 0;
}
gid_t getegid(void)
{
	return 0;
}
