// SOURCES: kernel/lib/gntref.c
/*
 * test_gntref.c - grant-ref free list: every ref handed out once, refs in
 * range, exhaustion, double free and foreign refs rejected without
 * corrupting the list, and a random alloc/free model.
 */
#include <stdint.h>
#include <stdlib.h>
#include <domlet/errno.h>
#include <domlet/gntref.h>
#include "check.h"

TEST(alloc_all_distinct)
{
	uint32_t link[100];
	unsigned char seen[100] = {0};
	struct gref_pool p;

	gref_pool_init(&p, 8, 100, link);
	CHECK_EQ(gref_nfree(&p), 100);
	for (int i = 0; i < 100; i++) {
		long r = gref_alloc(&p);
		CHECK(r >= 8 && r < 108);
		CHECK(!seen[r - 8]);
		seen[r - 8] = 1;
	}
	CHECK_EQ(gref_alloc(&p), -ENOSPC);
	CHECK_EQ(gref_nfree(&p), 0);
	for (uint32_t r = 8; r < 108; r++)
		CHECK_EQ(gref_free(&p, r), 0);
	CHECK_EQ(gref_nfree(&p), 100);
}

TEST(bad_frees)
{
	uint32_t link[4];
	struct gref_pool p;

	gref_pool_init(&p, 10, 4, link);
	long r = gref_alloc(&p);
	CHECK(r >= 10);
	CHECK_EQ(gref_free(&p, 9), -EINVAL);  /* below the pool */
	CHECK_EQ(gref_free(&p, 14), -EINVAL); /* past the end */
	CHECK_EQ(gref_free(&p, 0xffffffffu), -EINVAL);
	CHECK_EQ(gref_free(&p, 0), -EINVAL);
	CHECK_EQ(gref_free(&p, (uint32_t)r == 10 ? 11 : 10),
		 -EINVAL); /* free */
	CHECK_EQ(gref_free(&p, (uint32_t)r), 0);
	CHECK_EQ(gref_free(&p, (uint32_t)r), -EINVAL); /* double free */
	CHECK_EQ(gref_nfree(&p), 4);
	for (int i = 0; i < 4; i++)
		CHECK(gref_alloc(&p) >= 10);
	CHECK_EQ(gref_alloc(&p), -ENOSPC);
}

TEST(empty_pool)
{
	struct gref_pool p;

	gref_pool_init(&p, 5, 0, NULL);
	CHECK_EQ(gref_alloc(&p), -ENOSPC);
	CHECK_EQ(gref_free(&p, 5), -EINVAL);
}

TEST(random_model)
{
	enum { N = 257 };
	uint32_t link[N];
	unsigned char used[N] = {0};
	struct gref_pool p;
	unsigned int live = 0;

	gref_pool_init(&p, 1000, N, link);
	srand(3);
	for (int i = 0; i < 100000; i++) {
		uint32_t r = 1000 + (uint32_t)(rand() % N);
		if (rand() & 1) {
			long a = gref_alloc(&p);
			if (live == N) {
				CHECK_EQ(a, -ENOSPC);
				continue;
			}
			CHECK(a >= 1000 && a < 1000 + N && !used[a - 1000]);
			used[a - 1000] = 1;
			live++;
		} else {
			CHECK_EQ(gref_free(&p, r),
				 used[r - 1000] ? 0 : -EINVAL);
			live -= used[r - 1000];
			used[r - 1000] = 0;
		}
		CHECK_EQ(gref_nfree(&p), N - live);
	}
}

int main(void)
{
	RUN(alloc_all_distinct);
	RUN(bad_frees);
	RUN(empty_pool);
	RUN(random_model);
	return CHECK_DONE();
}
