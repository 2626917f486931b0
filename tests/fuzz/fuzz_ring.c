// SOURCES: kernel/lib/ring.c
/*
 * fuzz_ring.c - arbitrary (hostile) cons/prod indices, ring sizes and copy
 * lengths.  The ring is a heap buffer of exactly `size` bytes so ASan
 * catches any access outside it; results are checked against a model.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <domlet/errno.h>
#include <domlet/ring.h>
#include "fuzz.h"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t cons, prod, rsize, d;
	size_t len;
	char *ring, *buf;
	long n, m;

	if (size < 11)
		return 0;
	cons = get32(data);
	prod = get32(data + 4);
	rsize = 1u << (data[8] % 13);
	len = (size_t)data[9] << 4 | data[10] % 16;
	data += 11;
	size -= 11;
	ring = malloc(rsize);
	buf = malloc(len + 1);
	for (uint32_t i = 0; i < rsize; i++)
		ring[i] = size ? (char)data[i % size] : 0;

	d = prod - cons;
	n = ring_unread(cons, prod, rsize);
	REQUIRE(d > rsize ? n == -EPROTO : n == (long)d);
	m = ring_space(cons, prod, rsize);
	REQUIRE(d > rsize ? m == -EPROTO : m == (long)(rsize - d));

	m = ring_copy_out(buf, ring, rsize, cons, prod, len);
	if (n < 0) {
		REQUIRE(m == -EPROTO);
	} else {
		REQUIRE(m == (long)(len < (size_t)n ? len : (size_t)n));
		for (long i = 0; i < m; i++)
			REQUIRE(buf[i] ==
				ring[(cons + (uint32_t)i) & (rsize - 1)]);
	}
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)i;
	m = ring_copy_in(ring, rsize, cons, prod, buf, len);
	if (n < 0) {
		REQUIRE(m == -EPROTO);
	} else {
		size_t space = rsize - (size_t)n;
		REQUIRE(m == (long)(len < space ? len : space));
		for (long i = 0; i < m; i++)
			REQUIRE(ring[(prod + (uint32_t)i) & (rsize - 1)] ==
				(char)i);
	}
	free(ring);
	free(buf);
	return 0;
}
