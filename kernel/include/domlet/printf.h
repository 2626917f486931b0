/*
 * printf.h - freestanding formatted output (kernel/lib/printf.c).
 *
 * Supports the formats kernel code uses: %d %i %u %x %X %o %c %s %p %%
 * with flags '-' '0' '+' ' ' '#', field width and precision (also '*'),
 * and the length modifiers hh h l ll z t j.  Output matches C99 snprintf
 * for those (tests/unit/test_printf.c compares with the host's), except
 * %p which prints 0x followed by 16 hex digits, and a NULL %s, "(null)".
 * Returns the length the full output would have had, like snprintf; the
 * buffer is always NUL-terminated when size > 0.
 */
#ifndef DOMLET_PRINTF_H
#define DOMLET_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses an unsigned decimal or 0x-hex number filling all of s[0..len);
 * 0 on success, -EINVAL on any other character or empty input, -ERANGE
 * on overflow.  For xenstore values, which are untrusted. */
int kparse_ulong(const char *s, size_t len, unsigned long *out);

#endif
