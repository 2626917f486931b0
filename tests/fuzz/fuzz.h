/*
 * fuzz.h - what every fuzz target shares: REQUIRE, an invariant whose
 * failure is a crash libFuzzer reports (and keeps the input for), not a
 * test line.  Never an assert: it must hold with NDEBUG too.
 */
#ifndef DOMLET_TEST_FUZZ_H
#define DOMLET_TEST_FUZZ_H

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c))                                                      \
			__builtin_trap();                                      \
	} while (0)

#endif
