// SOURCES: libc-glue/args.c
// CFLAGS: -Ilibc-glue
/*
 * test_libc_args.c - the environment from `extra=`: leading NAME=value
 * words move to env, "--" ends them, later assignments and words that
 * are not NAME=value stay arguments, and env_max is respected.
 */
#include <stddef.h>
#include <string.h>
#include "args.h"
#include "check.h"

#define SPLIT(...)                                                             \
	char *argv[] = {"prog", __VA_ARGS__, NULL};                            \
	char *env[4];                                                          \
	int argc =                                                             \
	    args_split_env(sizeof(argv) / sizeof(argv[0]) - 1, argv, env, 3)

TEST(env_then_args)
{
	SPLIT("A=1", "_b2=x=y", "--", "alpha", "C=3");
	CHECK_EQ(argc, 3);
	CHECK_STR(env[0], "A=1");
	CHECK_STR(env[1], "_b2=x=y");
	CHECK(env[2] == NULL);
	CHECK_STR(argv[0], "prog");
	CHECK_STR(argv[1], "alpha");
	CHECK_STR(argv[2], "C=3");
	CHECK(argv[3] == NULL);
}

TEST(not_assignments)
{
	SPLIT("=x", "1A=2", "a-b=c", "plain");
	CHECK_EQ(argc, 5);
	CHECK(env[0] == NULL);
	CHECK_STR(argv[1], "=x");
	CHECK_STR(argv[4], "plain");
}

TEST(stops_at_first_argument)
{
	SPLIT("A=1", "word", "B=2");
	CHECK_EQ(argc, 3);
	CHECK_STR(env[0], "A=1");
	CHECK(env[1] == NULL);
	CHECK_STR(argv[1], "word");
	CHECK_STR(argv[2], "B=2");
}

TEST(env_max)
{
	SPLIT("A=1", "B=2", "C=3", "D=4");
	CHECK_EQ(argc, 2);
	CHECK(env[3] == NULL);
	CHECK_STR(argv[1], "D=4");
}

TEST(only_dashdash_and_nothing)
{
	char *argv[] = {"prog", "--", "--", NULL};
	char *env[2];

	CHECK_EQ(args_split_env(3, argv, env, 1), 2);
	CHECK_STR(argv[1], "--");
	CHECK(env[0] == NULL);
	CHECK_EQ(args_split_env(1, argv, env, 1), 1);
	CHECK(argv[1] == NULL);
}

int main(void)
{
	RUN(env_then_args);
	RUN(not_assignments);
	RUN(stops_at_first_argument);
	RUN(env_max);
	RUN(only_dashdash_and_nothing);
	return check_failures != 0;
}
