// SOURCES: kernel/lib/buddy.c
/*
 * test_buddy.c - the page allocator over an aligned host buffer: sizing of
 * the bookkeeping, alignment, exhaustion, coalescing back to the initial
 * block layout, rejection of bad frees, and a random stress run with a
 * shadow owner map that catches overlapping blocks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <domlet/buddy.h>
#include <domlet/errno.h>
#include "check.h"

#define PG BUDDY_PAGE_SIZE

static void *arena(unsigned long pages)
{
	void *m = aligned_alloc(PG, pages * PG);

	if (m)
		memset(m, 0xa5, pages * PG);
	return m;
}

static unsigned long idx(const struct page_pool *p, void *a)
{
	return ((uintptr_t)a - p->base) / PG;
}

/* Allocates greedily from the largest order down, counting blocks per
 * order: a fingerprint of the free-list layout. Leaves the pool empty. */
static void drain(struct page_pool *p, unsigned long counts[BUDDY_MAX_ORDER])
{
	for (int k = BUDDY_MAX_ORDER - 1; k >= 0; k--) {
		counts[k] = 0;
		while (page_alloc(p, (unsigned int)k))
			counts[k]++;
	}
}

TEST(init_sizes)
{
	struct page_pool p;
	char *m = arena(5000);

	CHECK(m);
	CHECK_EQ(page_pool_init(&p, m, 0), -EINVAL);
	CHECK_EQ(page_pool_init(&p, m, 1), -EINVAL);
	CHECK_EQ(page_pool_init(&p, m + 8, 10), -EINVAL);
	CHECK_EQ(page_pool_init(&p, m, 2), 0);
	CHECK_EQ(page_pool_nr_free(&p), 1);
	for (unsigned long n = 2; n <= 5000; n += 37) {
		CHECK_EQ(page_pool_init(&p, m, n), 0);
		unsigned long meta = n - p.nr_pages;
		CHECK_EQ(p.base, (uintptr_t)m + meta * PG);
		CHECK(meta >= 1 && meta <= 1 + n / 3000);
		CHECK_EQ(page_pool_nr_free(&p), p.nr_pages);
	}
	free(m);
}

TEST(alignment_and_range)
{
	struct page_pool p;
	char *m = arena(3000);

	CHECK_EQ(page_pool_init(&p, m, 3000), 0);
	for (unsigned int k = 0; k < BUDDY_MAX_ORDER; k++) {
		char *a = page_alloc(&p, k);
		CHECK(a);
		CHECK_EQ(idx(&p, a) % (1ul << k), 0);
		CHECK(idx(&p, a) + (1ul << k) <= p.nr_pages);
		CHECK((uintptr_t)a >= p.base);
		memset(a, k,
		       (1ul << k) * PG); /* ASan: the whole block is ours */
	}
	CHECK(page_alloc(&p, BUDDY_MAX_ORDER) == NULL);
	CHECK(page_alloc(&p, 100) == NULL);
	free(m);
}

TEST(exhaust_and_coalesce)
{
	struct page_pool p;
	unsigned long before[BUDDY_MAX_ORDER], after[BUDDY_MAX_ORDER];
	const unsigned long n = 2100;
	char *m = arena(n);
	void **pages = calloc(n, sizeof(void *));
	unsigned long got = 0, total;

	CHECK_EQ(page_pool_init(&p, m, n), 0);
	total = page_pool_nr_free(&p);
	while ((pages[got] = page_alloc(&p, 0)))
		got++;
	CHECK_EQ(got, total);
	CHECK_EQ(page_pool_nr_free(&p), 0);
	/* Free in an interleaved order so merges happen late. */
	for (unsigned long i = 0; i < got; i += 2)
		CHECK_EQ(page_free(&p, pages[i], 0), 0);
	for (unsigned long i = 1; i < got; i += 2)
		CHECK_EQ(page_free(&p, pages[i], 0), 0);
	CHECK_EQ(page_pool_nr_free(&p), total);
	drain(&p, after);
	CHECK_EQ(page_pool_init(&p, m, n), 0);
	drain(&p, before);
	for (int k = 0; k < BUDDY_MAX_ORDER; k++)
		CHECK_EQ(after[k], before[k]);
	CHECK(before[BUDDY_MAX_ORDER - 1] >= 1);
	free(pages);
	free(m);
}

TEST(bad_frees_rejected)
{
	struct page_pool p;
	char *m = arena(600);

	CHECK_EQ(page_pool_init(&p, m, 600), 0);
	unsigned long total = page_pool_nr_free(&p);
	char *a = page_alloc(&p, 2);
	char *b = page_alloc(&p, 0);
	CHECK(a && b);
	unsigned long nf = page_pool_nr_free(&p);
	CHECK_EQ(page_free(&p, a, 1), -EINVAL); /* wrong order */
	CHECK_EQ(page_free(&p, a, 3), -EINVAL);
	CHECK_EQ(page_free(&p, a + PG, 0), -EINVAL); /* interior page */
	CHECK_EQ(page_free(&p, a + PG, 1), -EINVAL);
	CHECK_EQ(page_free(&p, a + 8, 2), -EINVAL); /* misaligned */
	CHECK_EQ(page_free(&p, NULL, 0), -EINVAL);
	CHECK_EQ(page_free(&p, m, 0), -EINVAL); /* bookkeeping page */
	CHECK_EQ(page_free(&p, (char *)p.base + p.nr_pages * PG, 0), -EINVAL);
	CHECK_EQ(page_free(&p, a, BUDDY_MAX_ORDER), -EINVAL);
	CHECK_EQ(page_free(&p, a, 200), -EINVAL);
	CHECK_EQ(page_pool_nr_free(&p), nf);
	CHECK_EQ(page_free(&p, a, 2), 0);
	CHECK_EQ(page_free(&p, a, 2), -EINVAL); /* double free */
	CHECK_EQ(page_free(&p, b, 0), 0);
	CHECK_EQ(page_free(&p, b, 0), -EINVAL);
	/* A never-allocated free page (head of a free block). */
	CHECK_EQ(page_free(&p, (void *)p.base, 0), -EINVAL);
	CHECK_EQ(page_pool_nr_free(&p), total);
	free(m);
}

/* Random mixed-order alloc/free; owner[] shadows which live block holds
 * each page, and each block is filled with its id to catch overlap. */
TEST(random_stress)
{
	enum { N = 4200, LIVE = 400 };
	struct page_pool p;
	char *m = arena(N);
	static unsigned short owner[N];
	static struct {
		char *a;
		unsigned int k;
	} live[LIVE];
	unsigned long total;

	CHECK_EQ(page_pool_init(&p, m, N), 0);
	total = page_pool_nr_free(&p);
	memset(owner, 0, sizeof(owner));
	memset(live, 0, sizeof(live));
	srand(12345);
	for (int iter = 0; iter < 200000; iter++) {
		int s = rand() % LIVE;
		if (live[s].a) {
			unsigned long i = idx(&p, live[s].a);
			for (unsigned long j = 0; j < (1ul << live[s].k); j++) {
				CHECK_EQ(owner[i + j], s + 1);
				CHECK_EQ((unsigned char)live[s].a[j * PG + 7],
					 (unsigned char)s);
				owner[i + j] = 0;
			}
			CHECK_EQ(page_free(&p, live[s].a, live[s].k), 0);
			live[s].a = NULL;
			continue;
		}
		unsigned int k = (unsigned int)(rand() % 100 < 70
						    ? rand() % 3
						    : rand() % BUDDY_MAX_ORDER);
		unsigned long nf = page_pool_nr_free(&p);
		char *a = page_alloc(&p, k);
		if (!a)
			continue;
		CHECK_EQ(page_pool_nr_free(&p), nf - (1ul << k));
		unsigned long i = idx(&p, a);
		CHECK_EQ(i % (1ul << k), 0);
		for (unsigned long j = 0; j < (1ul << k); j++) {
			CHECK_EQ(owner[i + j], 0);
			owner[i + j] = (unsigned short)(s + 1);
			a[j * PG + 7] = (char)s;
		}
		live[s].a = a;
		live[s].k = k;
	}
	for (int s = 0; s < LIVE; s++)
		if (live[s].a)
			CHECK_EQ(page_free(&p, live[s].a, live[s].k), 0);
	CHECK_EQ(page_pool_nr_free(&p), total);
	/* Fully coalesced: the same layout as a fresh pool. */
	unsigned long after[BUDDY_MAX_ORDER], before[BUDDY_MAX_ORDER];
	drain(&p, after);
	CHECK_EQ(page_pool_init(&p, m, N), 0);
	drain(&p, before);
	for (int k = 0; k < BUDDY_MAX_ORDER; k++)
		CHECK_EQ(after[k], before[k]);
	free(m);
}

/* A stray write into a free block's link must not make page_alloc hand
 * out memory outside the pool. */
TEST(corrupt_free_list_contained)
{
	struct page_pool p;
	char *m = arena(40);

	CHECK_EQ(page_pool_init(&p, m, 40), 0);
	char *a = page_alloc(&p, 0);
	char *b = page_alloc(&p, 0);
	CHECK_EQ(page_free(&p, b, 0), 0);
	CHECK_EQ(page_free(&p, a, 0), 0);
	/* b (or a) heads some free list now; scribble over every free
	 * page's first word. */
	for (unsigned long i = 0; i < p.nr_pages; i++)
		memset((char *)p.base + i * PG, 0x41, 16);
	for (int i = 0; i < 100; i++) {
		char *x = page_alloc(&p, 0);
		if (!x)
			break;
		CHECK((uintptr_t)x >= p.base &&
		      (uintptr_t)x < p.base + p.nr_pages * PG);
	}
	free(m);
}

int main(void)
{
	RUN(init_sizes);
	RUN(alignment_and_range);
	RUN(exhaust_and_coalesce);
	RUN(bad_frees_rejected);
	RUN(random_stress);
	RUN(corrupt_free_list_contained);
	return CHECK_DONE();
}
