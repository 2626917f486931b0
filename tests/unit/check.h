/*
 * check.h - the whole host unit-test harness.
 *
 * A test file defines functions with TEST(name) and lists them in main()
 * with RUN(name).  Each test prints exactly one line, "PASS file:name" or
 * "FAIL file:name: what failed", which tests/unit/run counts.  A failed
 * CHECK ends that test (not the program), so later tests still run.
 * Timing never decides a verdict here.
 */
#ifndef DOMLET_TEST_CHECK_H
#define DOMLET_TEST_CHECK_H

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

static jmp_buf check_jmp;
static int check_failures;
static char check_why[512];

#define TEST(name) static void test_##name(void)

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			snprintf(check_why, sizeof(check_why), "%s:%d: %s",    \
				 __FILE__, __LINE__, #cond);                   \
			longjmp(check_jmp, 1);                                 \
		}                                                              \
	} while (0)

/* CHECK_EQ prints both values, which "expected X" messages need. */
#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long long check_a_ = (long long)(a);                           \
		long long check_b_ = (long long)(b);                           \
		if (check_a_ != check_b_) {                                    \
			snprintf(check_why, sizeof(check_why),                 \
				 "%s:%d: %s == %lld, expected %s == %lld",     \
				 __FILE__, __LINE__, #a, check_a_, #b,         \
				 check_b_);                                    \
			longjmp(check_jmp, 1);                                 \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *check_a_ = (a), *check_b_ = (b);                   \
		if (strcmp(check_a_, check_b_) != 0) {                         \
			snprintf(check_why, sizeof(check_why),                 \
				 "%s:%d: \"%.200s\" != \"%.200s\"", __FILE__,  \
				 __LINE__, check_a_, check_b_);                \
			longjmp(check_jmp, 1);                                 \
		}                                                              \
	} while (0)

#define RUN(name)                                                              \
	do {                                                                   \
		if (setjmp(check_jmp) == 0) {                                  \
			test_##name();                                         \
			printf("PASS %s:%s\n", check_base(__FILE__), #name);   \
		} else {                                                       \
			check_failures++;                                      \
			printf("FAIL %s:%s: %s\n", check_base(__FILE__),       \
			       #name, check_why);                              \
		}                                                              \
		fflush(stdout);                                                \
	} while (0)

static inline const char *check_base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

#define CHECK_DONE() (check_failures ? 1 : 0)

#endif
