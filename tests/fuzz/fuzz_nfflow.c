// SOURCES: netfront/parse.c
// CFLAGS: -I.
/*
 * fuzz_nfflow.c - netfront's multi-queue flow hash (nf_flow_queue) on
 * any bytes: a device model's guest chooses the frames that go through
 * it.  The first byte picks the queue count (1..8).  Invariants: the
 * queue is below the count, 0 for one queue, and the same bytes give the
 * same queue.
 */
#include <stdint.h>
#include <stdlib.h>
#include "netfront/nf_parse.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int nq, q;

	if (size < 1)
		return 0;
	nq = 1 + (data[0] & 7);
	data++, size--;
	q = nf_flow_queue(data, size, nq);
	REQUIRE(q < nq);
	REQUIRE(nq > 1 || q == 0);
	REQUIRE(nf_flow_queue(data, size, nq) == q);
	return 0;
}
