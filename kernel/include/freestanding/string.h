/*
 * string.h - the freestanding kernel's <string.h> (kernel/lib/string.c).
 *
 * Only on the include path of the kernel build (-nostdinc); host tests use
 * libc's, so everything declared here has the standard name and meaning.
 * gcc may emit calls to memcpy/memmove/memset/memcmp itself even with
 * -ffreestanding, which is one more reason these must exist.
 */
#ifndef DOMLET_FREESTANDING_STRING_H
#define DOMLET_FREESTANDING_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strcpy(char *restrict dst, const char *restrict src);
char *strncpy(char *restrict dst, const char *restrict src, size_t n);
char *strcat(char *restrict dst, const char *restrict src);
char *strstr(const char *haystack, const char *needle);

#endif
