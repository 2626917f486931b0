// SOURCES: kernel/lib/ring.c
/*
 * test_ring.c - ring index arithmetic: wrap of the free-running indices at
 * 2^32, impossible (hostile) producer/consumer pairs, and copies that
 * straddle the end of the ring buffer, checked against a byte model.
 */
#include <stdint.h>
#include <stdlib.h>
#include <domlet/errno.h>
#include <domlet/ring.h>
#include "check.h"

TEST(unread_and_space)
{
	CHECK_EQ(ring_unread(0, 0, 1024), 0);
	CHECK_EQ(ring_space(0, 0, 1024), 1024);
	CHECK_EQ(ring_unread(10, 30, 1024), 20);
	CHECK_EQ(ring_space(10, 30, 1024), 1004);
	CHECK_EQ(ring_unread(0, 1024, 1024), 1024);
	CHECK_EQ(ring_space(0, 1024, 1024), 0);
	CHECK_EQ(ring_unread(0, 1025, 1024), -EPROTO);
	CHECK_EQ(ring_space(0, 1025, 1024), -EPROTO);
	CHECK_EQ(ring_unread(5, 4, 1024), -EPROTO); /* cons past prod */
	CHECK_EQ(ring_space(5, 4, 1024), -EPROTO);
	CHECK_EQ(ring_unread(0, 0x80000000u, 1024), -EPROTO);
	CHECK_EQ(ring_unread(0, 0xffffffffu, 1024), -EPROTO);
	CHECK_EQ(ring_unread(1, 1, 1), 0);
	CHECK_EQ(ring_unread(1, 2, 1), 1);
	CHECK_EQ(ring_unread(0, 0, 0), -EINVAL); /* not a power of two */
	CHECK_EQ(ring_unread(0, 0, 1000), -EINVAL);
}

TEST(wrap_at_2_32)
{
	uint32_t cons = 0xfffffff0u;

	CHECK_EQ(ring_unread(cons, cons + 32, 64), 32); /* prod wrapped */
	CHECK_EQ(ring_space(cons, cons + 32, 64), 32);
	CHECK_EQ(ring_unread(0xffffffffu, 0, 64), 1);
	CHECK_EQ(ring_unread(0xffffffffu, 64, 64), -EPROTO);
	CHECK_EQ(ring_unread(0xffffffffu, 63, 64), 64);
	CHECK_EQ(ring_unread(1, 0xffffffffu, 64), -EPROTO);
}

TEST(copy_across_wrap)
{
	char ring[16], out[32];
	const char *msg = "0123456789abcdef";

	memset(ring, '.', sizeof(ring));
	/* Producer at 12 (and near 2^32): 10 bytes wrap around the end. */
	uint32_t base = 0xfffffff0u;
	CHECK_EQ(ring_copy_in(ring, 16, base + 12, base + 12, msg, 10), 10);
	CHECK(memcmp(ring + 12, "0123", 4) == 0);
	CHECK(memcmp(ring, "456789", 6) == 0);
	CHECK_EQ(ring_copy_out(out, ring, 16, base + 12, base + 22, 32), 10);
	CHECK(memcmp(out, msg, 10) == 0);
	/* Partial reads honour len. */
	CHECK_EQ(ring_copy_out(out, ring, 16, base + 12, base + 22, 3), 3);
	CHECK(memcmp(out, "012", 3) == 0);
	/* Writes stop at the free space. */
	CHECK_EQ(ring_copy_in(ring, 16, base + 12, base + 22, msg, 16), 6);
	CHECK_EQ(ring_copy_in(ring, 16, base + 12, base + 28, msg, 16), 0);
	CHECK_EQ(ring_copy_out(out, ring, 16, 0, 0, 5), 0);
}

TEST(hostile_indices_copy_nothing)
{
	char ring[16], out[16];

	memset(ring, 'r', sizeof(ring));
	memset(out, 'Z', sizeof(out));
	CHECK_EQ(ring_copy_out(out, ring, 16, 0, 17, 16), -EPROTO);
	CHECK_EQ(ring_copy_out(out, ring, 16, 9, 3, 16), -EPROTO);
	CHECK_EQ(ring_copy_in(ring, 16, 0, 17, out, 16), -EPROTO);
	CHECK_EQ(ring_copy_in(ring, 16, 9, 3, out, 16), -EPROTO);
	CHECK_EQ(out[0], 'Z');
}

/* A producer/consumer model over random index starts and sizes; every byte
 * read must be the byte written at that stream position. */
TEST(random_stream_model)
{
	char ring[64];
	char src[256], dst[256];

	srand(7);
	for (int round = 0; round < 2000; round++) {
		uint32_t start = (uint32_t)rand() * 2654435761u;
		uint32_t prod = start, cons = start;
		size_t wrote = 0, read = 0, total = 1 + (size_t)rand() % 256;

		for (size_t i = 0; i < total; i++)
			src[i] = (char)rand();
		while (read < total) {
			size_t w = (size_t)rand() % 70;
			if (w > total - wrote)
				w = total - wrote;
			long n =
			    ring_copy_in(ring, 64, cons, prod, src + wrote, w);
			CHECK(n >= 0 && (size_t)n <= w);
			prod += (uint32_t)n;
			wrote += (size_t)n;
			long r = ring_copy_out(dst + read, ring, 64, cons, prod,
					       (size_t)rand() % 70);
			CHECK(r >= 0);
			cons += (uint32_t)r;
			read += (size_t)r;
			CHECK(ring_unread(cons, prod, 64) ==
			      (long)(wrote - read));
		}
		CHECK(memcmp(src, dst, total) == 0);
	}
}

int main(void)
{
	RUN(unread_and_space);
	RUN(wrap_at_2_32);
	RUN(copy_across_wrap);
	RUN(hostile_indices_copy_nothing);
	RUN(random_stream_model);
	return CHECK_DONE();
}
