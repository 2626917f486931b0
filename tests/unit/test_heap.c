// SOURCES: kernel/lib/heap.c kernel/lib/buddy.c
/*
 * test_heap.c - the kernel heap over two page sources: a tracking fake
 * (every run given back with the order it was taken with, none leaked)
 * and the real buddy allocator.  Covers alignment, a random stress of
 * alloc/calloc/realloc/memalign/free with contents checked, all pages
 * returned once everything is freed, bad frees (double, interior, foreign,
 * other heap) rejected, overflow and out-of-memory paths.
 */
#include <stdint.h>
#include <stdlib.h>
#include <domlet/buddy.h>
#include <domlet/errno.h>
#include <domlet/heap.h>
#include "check.h"

#define PG	 4096ul
#define MAX_RUNS 4096

/* Fake page source: records every run; put_pages must match a live run
 * and its order.  fail_after < 0 never fails. */
struct fake {
	void *run[MAX_RUNS];
	unsigned int order[MAX_RUNS];
	long outstanding_pages;
	long fail_after;
	int bad_put;
};

static void *fake_get(unsigned int order, void *ctx)
{
	struct fake *f = ctx;

	if (f->fail_after == 0 || order > 12)
		return NULL;
	if (f->fail_after > 0)
		f->fail_after--;
	for (int i = 0; i < MAX_RUNS; i++) {
		if (f->run[i])
			continue;
		f->run[i] = aligned_alloc(PG, PG << order);
		if (!f->run[i])
			return NULL;
		memset(f->run[i], 0xcc, PG << order); /* not zeroed */
		f->order[i] = order;
		f->outstanding_pages += 1l << order;
		return f->run[i];
	}
	return NULL;
}

static void fake_put(void *addr, unsigned int order, void *ctx)
{
	struct fake *f = ctx;

	for (int i = 0; i < MAX_RUNS; i++) {
		if (f->run[i] != addr)
			continue;
		if (f->order[i] != order)
			f->bad_put = 1;
		f->outstanding_pages -= 1l << f->order[i];
		free(f->run[i]);
		f->run[i] = NULL;
		return;
	}
	f->bad_put = 1;
}

static struct fake fk;
static struct heap h;

static void fresh(void)
{
	for (int i = 0; i < MAX_RUNS; i++)
		free(fk.run[i]);
	memset(&fk, 0, sizeof(fk));
	fk.fail_after = -1;
	heap_init(&h, fake_get, fake_put, &fk);
}

/* Buddy-backed source: memory stays mapped after put, like the kernel. */
static void *buddy_get(unsigned int order, void *ctx)
{
	return page_alloc(ctx, order);
}

static int buddy_put_errors;

static void buddy_put(void *addr, unsigned int order, void *ctx)
{
	if (page_free(ctx, addr, order))
		buddy_put_errors++;
}

TEST(sizes_and_alignment)
{
	fresh();
	for (size_t size = 0; size < 9000; size += (size < 300 ? 1 : 97)) {
		unsigned char *p = heap_alloc(&h, size);
		CHECK(p);
		CHECK_EQ((uintptr_t)p % 16, 0);
		CHECK_EQ(h.bytes_in_use, size);
		memset(p, 0x5a, size);
		CHECK_EQ(heap_free(&h, p), 0);
		CHECK_EQ(h.bytes_in_use, 0);
	}
	CHECK_EQ(h.pages_held, 0);
	CHECK_EQ(fk.outstanding_pages, 0);
	CHECK(!fk.bad_put);
}

TEST(memalign)
{
	fresh();
	for (size_t align = 1; align <= 4096; align <<= 1) {
		for (size_t size = 1; size < 10000; size = size * 3 + 1) {
			char *p = heap_memalign(&h, align, size);
			CHECK(p);
			CHECK_EQ((uintptr_t)p % align, 0);
			memset(p, 1, size);
			CHECK_EQ(heap_free(&h, p), 0);
		}
	}
	CHECK(heap_memalign(&h, 0, 10) == NULL);
	CHECK(heap_memalign(&h, 24, 10) == NULL);
	CHECK(heap_memalign(&h, 8192, 10) == NULL);
	CHECK_EQ(h.pages_held, 0);
	CHECK_EQ(fk.outstanding_pages, 0);
	CHECK(!fk.bad_put);
}

static unsigned char pattern(int slot, size_t i)
{
	return (unsigned char)(slot * 31 + i * 7 + 1);
}

static size_t random_size(void)
{
	int r = rand() % 100;

	if (r < 70)
		return (size_t)rand() % 256;
	if (r < 95)
		return (size_t)rand() % 2100;
	return (size_t)rand() % 20000;
}

/* Random operations over LIVE slots; every block holds a pattern derived
 * from its slot, verified before it is freed or reallocated. */
static void stress(int iters, unsigned int seed)
{
	enum { LIVE = 600 };
	static unsigned char *ptr[LIVE];
	static size_t len[LIVE];
	size_t in_use = 0;

	memset(ptr, 0, sizeof(ptr));
	srand(seed);
	for (int it = 0; it < iters; it++) {
		int s = rand() % LIVE, op = rand() % 10;
		size_t n;

		if (ptr[s]) {
			for (size_t i = 0; i < len[s]; i++)
				CHECK_EQ(ptr[s][i], pattern(s, i));
		}
		if (ptr[s] && op < 5) {
			CHECK_EQ(heap_free(&h, ptr[s]), 0);
			in_use -= len[s];
			ptr[s] = NULL;
		} else if (ptr[s]) {
			n = random_size() + 1;
			unsigned char *q = heap_realloc(&h, ptr[s], n);
			CHECK(q);
			CHECK_EQ((uintptr_t)q % 16, 0);
			in_use += n - len[s];
			ptr[s] = q;
			for (size_t i = len[s]; i < n; i++)
				q[i] = pattern(s, i);
			len[s] = n;
		} else {
			n = random_size();
			if (op < 6) {
				size_t align = 1ul << (rand() % 13);
				ptr[s] = heap_memalign(&h, align, n);
				CHECK(ptr[s]);
				CHECK_EQ((uintptr_t)ptr[s] % align, 0);
			} else if (op < 8) {
				ptr[s] = heap_calloc(&h, 1, n);
				CHECK(ptr[s]);
				for (size_t i = 0; i < n; i++)
					CHECK_EQ(ptr[s][i], 0);
			} else {
				ptr[s] = heap_alloc(&h, n);
				CHECK(ptr[s]);
			}
			for (size_t i = 0; i < n; i++)
				ptr[s][i] = pattern(s, i);
			len[s] = n;
			in_use += n;
		}
		CHECK_EQ(h.bytes_in_use, in_use);
	}
	for (int s = 0; s < LIVE; s++) {
		if (!ptr[s])
			continue;
		for (size_t i = 0; i < len[s]; i++)
			CHECK_EQ(ptr[s][i], pattern(s, i));
		CHECK_EQ(heap_free(&h, ptr[s]), 0);
	}
	CHECK_EQ(h.bytes_in_use, 0);
	CHECK_EQ(h.pages_held, 0);
}

TEST(random_stress_fake_pages)
{
	fresh();
	stress(60000, 1);
	CHECK_EQ(fk.outstanding_pages, 0);
	CHECK(!fk.bad_put);
}

TEST(random_stress_buddy_pages)
{
	unsigned long n = 8192;
	void *m = aligned_alloc(PG, n * PG);
	struct page_pool pool;

	CHECK(m);
	CHECK_EQ(page_pool_init(&pool, m, n), 0);
	unsigned long total = page_pool_nr_free(&pool);
	buddy_put_errors = 0;
	heap_init(&h, buddy_get, buddy_put, &pool);
	stress(60000, 2);
	CHECK_EQ(buddy_put_errors, 0);
	CHECK_EQ(page_pool_nr_free(&pool), total);
	free(m);
}

TEST(bad_frees_rejected)
{
	static _Alignas(16) char foreign[256];
	unsigned long n = 512;
	void *m = aligned_alloc(PG, n * PG);
	struct page_pool pool;
	struct heap other;

	/* Buddy-backed so freed runs stay readable, as in the kernel. */
	CHECK_EQ(page_pool_init(&pool, m, n), 0);
	heap_init(&h, buddy_get, buddy_put, &pool);
	heap_init(&other, buddy_get, buddy_put, &pool);
	char *keep = heap_alloc(&h, 40); /* keeps the slab alive */
	char *a = heap_alloc(&h, 40);
	char *big = heap_alloc(&h, 10000);
	char *al = heap_memalign(&h, 256, 100);
	CHECK(keep && a && big && al);
	size_t used = h.bytes_in_use;
	CHECK_EQ(heap_free(&h, NULL), 0);
	CHECK_EQ(heap_free(&h, a + 16), -EINVAL); /* interior */
	CHECK_EQ(heap_free(&h, a + 1), -EINVAL);  /* misaligned */
	CHECK_EQ(heap_free(&h, big + 4096), -EINVAL);
	CHECK_EQ(heap_free(&h, foreign + 64), -EINVAL);
	CHECK_EQ(heap_free(&other, a), -EINVAL); /* another heap's */
	CHECK_EQ(h.bytes_in_use, used);
	CHECK_EQ(heap_free(&h, a), 0);
	CHECK_EQ(heap_free(&h, a), -EINVAL); /* double free, small */
	CHECK_EQ(heap_free(&h, big), 0);
	CHECK_EQ(heap_free(&h, big), -EINVAL); /* double free, large */
	CHECK_EQ(heap_free(&h, al), 0);
	CHECK_EQ(heap_free(&h, al), -EINVAL);
	CHECK(heap_realloc(&h, a, 10) == NULL); /* stale pointer */
	CHECK_EQ(heap_free(&h, keep), 0);
	CHECK_EQ(h.bytes_in_use, 0);
	CHECK_EQ(h.pages_held, 0);
	free(m);
}

TEST(realloc_semantics)
{
	fresh();
	char *p = heap_realloc(&h, NULL, 20);
	CHECK(p);
	memcpy(p, "0123456789abcdefghi", 20);
	CHECK(heap_realloc(&h, p, 10) == p); /* shrink in place */
	CHECK_EQ(h.bytes_in_use, 10);
	char *q = heap_realloc(&h, p, 5000); /* small -> large */
	CHECK(q);
	CHECK(memcmp(q, "0123456789", 10) == 0);
	CHECK_EQ(h.bytes_in_use, 5000);
	CHECK(heap_realloc(&h, q, 0) == NULL); /* frees */
	CHECK_EQ(h.bytes_in_use, 0);
	CHECK_EQ(h.pages_held, 0);
	CHECK_EQ(fk.outstanding_pages, 0);
}

TEST(overflow_and_oom)
{
	fresh();
	CHECK(heap_calloc(&h, SIZE_MAX / 2, 3) == NULL);
	CHECK(heap_calloc(&h, 3, SIZE_MAX / 2) == NULL);
	CHECK(heap_alloc(&h, SIZE_MAX) == NULL);
	CHECK(heap_alloc(&h, (size_t)1 << 31) == NULL);
	CHECK(heap_memalign(&h, 64, SIZE_MAX) == NULL);
	char *p = heap_alloc(&h, 100);
	CHECK(p);
	memset(p, 'x', 100);
	fk.fail_after = 0; /* the page source is now empty */
	CHECK(heap_alloc(&h, 5000) == NULL);
	CHECK(heap_realloc(&h, p, 5000) == NULL);
	CHECK_EQ(p[99], 'x'); /* old block intact after a failed realloc */
	CHECK_EQ(h.bytes_in_use, 100);
	/* Same class still served from the existing slab. */
	char *r = heap_alloc(&h, 100);
	CHECK(r);
	CHECK_EQ(heap_free(&h, r), 0);
	CHECK_EQ(heap_free(&h, p), 0);
	CHECK_EQ(fk.outstanding_pages, 0);
	CHECK(heap_calloc(&h, 0, 0) == NULL); /* needs a page: none left */
}

TEST(calloc_zeroes_reused_memory)
{
	fresh();
	char *keep = heap_alloc(&h, 64);
	char *p = heap_alloc(&h, 64);
	memset(p, 0xff, 64);
	CHECK_EQ(heap_free(&h, p), 0);
	unsigned char *z = heap_calloc(&h, 8, 8);
	CHECK(z);
	for (int i = 0; i < 64; i++)
		CHECK_EQ(z[i], 0);
	CHECK_EQ(heap_free(&h, z), 0);
	CHECK_EQ(heap_free(&h, keep), 0);
	CHECK_EQ(fk.outstanding_pages, 0);
}

int main(void)
{
	RUN(sizes_and_alignment);
	RUN(memalign);
	RUN(random_stress_fake_pages);
	RUN(random_stress_buddy_pages);
	RUN(bad_frees_rejected);
	RUN(realloc_semantics);
	RUN(overflow_and_oom);
	RUN(calloc_zeroes_reused_memory);
	fresh();
	return CHECK_DONE();
}
