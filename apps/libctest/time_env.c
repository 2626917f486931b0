/*
 * time_env.c - clocks and sleeps, getentropy, argv and environment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "libctest.h"

static long ms_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000 +
	       (b->tv_nsec - a->tv_nsec) / 1000000;
}

void test_time(void)
{
	struct timeval tv;
	struct timespec t0, t1, req = {0, 30 * 1000000};
	unsigned char e1[32], e2[32];
	time_t now;
	char buf[64];

	gettimeofday(&tv, NULL);
	now = time(NULL);
	/* Xen's wallclock comes from the host: after 2020-01-01. */
	app_check(tv.tv_sec > 1577836800 && now - tv.tv_sec <= 1,
		  "gettimeofday/time", "%lld / %lld", (long long)tv.tv_sec,
		  (long long)now);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
	printf("libctest: wallclock %s\n", buf);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	app_check(ms_between(&t0, &t1) >= 30 && ms_between(&t0, &t1) < 3000,
		  "nanosleep 30 ms", "slept %ld ms", ms_between(&t0, &t1));
	usleep(10000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	app_check(ms_between(&t1, &t0) >= 10, "usleep", "%ld ms",
		  ms_between(&t1, &t0));
	app_check(getentropy(e1, sizeof(e1)) == 0 &&
		      getentropy(e2, sizeof(e2)) == 0 &&
		      memcmp(e1, e2, sizeof(e1)) != 0,
		  "getentropy", "failed or repeated");
}

/* Constructors run before main, in priority order, with the environment
 * already parsed from extra= (third-party ports rely on them). */
static int ctor_order[2], ctor_n;
static const char *ctor_greeting;

__attribute__((constructor(200))) static void ctor_second(void)
{
	if (ctor_n < 2)
		ctor_order[ctor_n++] = 2;
	ctor_greeting = getenv("GREETING");
}

__attribute__((constructor(150))) static void ctor_first(void)
{
	if (ctor_n < 2)
		ctor_order[ctor_n++] = 1;
}

/* extra= in tests/boot/libc/xl.cfg:
 * "GREETING=hello LIBCTEST=1 -- alpha beta=gamma" */
void test_env(int argc, char **argv)
{
	const char *g = getenv("GREETING");

	for (int i = 0; i < argc; i++)
		printf("libctest: argv[%d] = \"%s\"\n", i, argv[i]);
	app_check(g && !strcmp(g, "hello") && getenv("LIBCTEST"),
		  "environment from extra=", "GREETING=%s", g ? g : "(unset)");
	app_check(argc == 3 && !strcmp(argv[1], "alpha") &&
		      !strcmp(argv[2], "beta=gamma") && argv[3] == NULL,
		  "argv from extra=", "argc %d", argc);
	app_check(ctor_n == 2 && ctor_order[0] == 1 && ctor_order[1] == 2 &&
		      ctor_greeting && !strcmp(ctor_greeting, "hello"),
		  "constructors before main", "%d ran, environment %s", ctor_n,
		  ctor_greeting ? "set" : "unset");
	setenv("ADDED", "1", 1);
	app_check(getenv("ADDED") && !strcmp(getenv("ADDED"), "1"), "setenv",
		  "not set");
}
