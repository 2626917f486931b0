// SOURCES:
// CFLAGS: -Ilibc-glue
/*
 * test_glibc_ctype.c - libc-glue/glibc_ctype.h against the host glibc's
 * own __ctype_b_loc() table in the C locale, for every index libtpms.a
 * may use (-128..255).
 */
#include <ctype.h>
#include <locale.h>
#include "check.h"
#include "glibc_ctype.h"

TEST(matches_glibc_c_locale)
{
	const unsigned short *table;

	setlocale(LC_ALL, "C");
	table = *__ctype_b_loc();
	for (int c = -128; c <= 255; c++) {
		if (glibc_ctype_bits(c) != table[c])
			printf("  c=%d: ours %#x, glibc %#x\n", c,
			       glibc_ctype_bits(c), table[c]);
		CHECK(glibc_ctype_bits(c) == table[c]);
	}
}

TEST(bit_values)
{
	CHECK(GLIBC_ISUPPER == _ISupper);
	CHECK(GLIBC_ISSPACE == _ISspace);
	CHECK(GLIBC_ISALNUM == _ISalnum);
	CHECK(GLIBC_ISBLANK == _ISblank);
}

int main(void)
{
	RUN(matches_glibc_c_locale);
	RUN(bit_values);
	return check_failures ? 1 : 0;
}
