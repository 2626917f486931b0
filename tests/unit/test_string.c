// SOURCES: kernel/lib/string.c
// CFLAGS: -fno-builtin
// CFLAGS: -Dmemcpy=k_memcpy -Dmemmove=k_memmove -Dmemset=k_memset
// CFLAGS: -Dmemcmp=k_memcmp -Dmemchr=k_memchr -Dstrlen=k_strlen
// CFLAGS: -Dstrnlen=k_strnlen -Dstrcmp=k_strcmp -Dstrncmp=k_strncmp
// CFLAGS: -Dstrchr=k_strchr -Dstrrchr=k_strrchr -Dstrcpy=k_strcpy
// CFLAGS: -Dstrncpy=k_strncpy -Dstrcat=k_strcat -Dstrstr=k_strstr
/*
 * test_string.c - kernel/lib/string.c on the host.  Every name is renamed
 * to k_* by the CFLAGS line (for this file too), so the host libc's
 * versions cannot stand in for the kernel's; expected values are written
 * out or computed with plain loops here.
 */
#include <stdint.h>
#include <string.h>
#include "check.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

TEST(mem_basic)
{
	char a[32], b[32];

	CHECK(memset(a, 'x', sizeof(a)) == a);
	for (size_t i = 0; i < sizeof(a); i++)
		CHECK_EQ(a[i], 'x');
	memset(a, 0x1ff, 4); /* converted to unsigned char */
	CHECK_EQ((unsigned char)a[3], 0xff);
	CHECK(memcpy(b, "hello world", 12) == b);
	CHECK(memcmp(b, "hello world", 12) == 0);
	CHECK(memcpy(b, a, 0) == b);
	CHECK_EQ(sign(memcmp("abc", "abd", 3)), -1);
	CHECK_EQ(sign(memcmp("abd", "abc", 3)), 1);
	CHECK_EQ(memcmp("abc", "abd", 2), 0);
	CHECK_EQ(memcmp("a", "b", 0), 0);
	CHECK_EQ(sign(memcmp("\x80", "\x01", 1)), 1); /* compared unsigned */
	const char *s = "abcabc";
	CHECK(memchr(s, 'c', 6) == s + 2);
	CHECK(memchr(s, 'c', 2) == NULL);
	CHECK(memchr(s, 'z', 6) == NULL);
	CHECK(memchr(s, 'a' + 256, 6) == s); /* c converted to unsigned char */
	CHECK(memchr("a\0b", 'b', 3) != NULL);
}

/* memmove over every overlap of src and dst in a small buffer. */
TEST(memmove_overlaps)
{
	char buf[40], want[40];

	for (size_t src = 0; src < 20; src++)
		for (size_t dst = 0; dst < 20; dst++)
			for (size_t n = 0; n <= 20; n++) {
				for (size_t i = 0; i < sizeof(buf); i++)
					buf[i] = want[i] = (char)('A' + i);
				for (size_t i = 0; i < n; i++)
					want[dst + i] = (char)('A' + src + i);
				CHECK(memmove(buf + dst, buf + src, n) ==
				      buf + dst);
				CHECK(memcmp(buf, want, sizeof(buf)) == 0);
			}
}

/* memcpy and memset at every alignment and length around the 8-byte
 * steps, touching exactly [dst, dst + n). */
TEST(copy_fill_alignments)
{
	unsigned char buf[64], src[64], want[64];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (size_t off = 0; off < 9; off++)
		for (size_t soff = 0; soff < 9; soff++)
			for (size_t n = 0; n <= 40; n++) {
				for (size_t i = 0; i < sizeof(buf); i++)
					buf[i] = want[i] = 0xee;
				for (size_t i = 0; i < n; i++)
					want[off + i] = src[soff + i];
				CHECK(memcpy(buf + off, src + soff, n) ==
				      buf + off);
				CHECK(memcmp(buf, want, sizeof(buf)) == 0);
				for (size_t i = 0; i < n; i++)
					want[off + i] = 0x5a;
				CHECK(memset(buf + off, 0x15a, n) == buf + off);
				CHECK(memcmp(buf, want, sizeof(buf)) == 0);
			}
}

TEST(str_basic)
{
	char buf[32];

	CHECK_EQ(strlen(""), 0);
	CHECK_EQ(strlen("hello"), 5);
	CHECK_EQ(strnlen("hello", 3), 3);
	CHECK_EQ(strnlen("hello", 10), 5);
	CHECK_EQ(strnlen("abcd", 0), 0);
	static const char unterminated[3] = {'a', 'b', 'c'};
	CHECK_EQ(strnlen(unterminated, 3), 3); /* reads no further */
	CHECK_EQ(strcmp("abc", "abc"), 0);
	CHECK_EQ(sign(strcmp("abc", "abd")), -1);
	CHECK_EQ(sign(strcmp("ab", "abc")), -1);
	CHECK_EQ(sign(strcmp("abc", "ab")), 1);
	CHECK_EQ(sign(strcmp("\xff", "a")), 1); /* unsigned */
	CHECK_EQ(strncmp("abcX", "abcY", 3), 0);
	CHECK_EQ(sign(strncmp("abcX", "abcY", 4)), -1);
	CHECK_EQ(strncmp("ab", "ab", 100), 0); /* stops at the NUL */
	CHECK_EQ(strncmp("a", "b", 0), 0);
	CHECK(strcpy(buf, "copy") == buf);
	CHECK_STR(buf, "copy");
	CHECK(strcat(buf, "+cat") == buf);
	CHECK_STR(buf, "copy+cat");
	strcpy(buf, "");
	strcat(buf, "");
	CHECK_STR(buf, "");
}

TEST(strncpy_semantics)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	CHECK(strncpy(buf, "ab", 6) == buf);
	CHECK(memcmp(buf, "ab\0\0\0\0ZZ", 8) == 0); /* padded with NULs */
	memset(buf, 'Z', sizeof(buf));
	strncpy(buf, "abcdefgh", 4);
	CHECK(memcmp(buf, "abcdZZZZ", 8) == 0); /* not terminated */
	strncpy(buf, "xyz", 0);
	CHECK_EQ(buf[0], 'a');
}

TEST(search)
{
	const char *s = "path/to/node";

	CHECK(strchr(s, '/') == s + 4);
	CHECK(strrchr(s, '/') == s + 7);
	CHECK(strchr(s, 'q') == NULL);
	CHECK(strrchr(s, 'q') == NULL);
	CHECK(strchr(s, '\0') == s + 12);
	CHECK(strrchr(s, '\0') == s + 12);
	CHECK(strchr("", 'a') == NULL);
	CHECK(strstr(s, "to") == s + 5);
	CHECK(strstr(s, "node") == s + 8);
	CHECK(strstr(s, "") == s);
	CHECK(strstr(s, "nodes") == NULL);
	CHECK(strstr("aaab", "aab") != NULL);
	CHECK(strstr("", "a") == NULL);
	CHECK(strstr("", "") != NULL);
}

int main(void)
{
	RUN(mem_basic);
	RUN(memmove_overlaps);
	RUN(copy_fill_alignments);
	RUN(str_basic);
	RUN(strncpy_semantics);
	RUN(search);
	return CHECK_DONE();
}
