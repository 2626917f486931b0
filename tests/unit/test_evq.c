// SOURCES: xenlibs/evq.c
// CFLAGS: -I.
/*
 * test_evq.c - the fired-port ring of xenlibs/evtchn.c: order, wrap of
 * the free-running indices, a full ring dropping and counting, and
 * evq_drop removing every occurrence of an unbound port in order.
 */
#include <stdint.h>
#include "xenlibs/evq.h"
#include "check.h"

TEST(fifo_order)
{
	struct evq q = {0};

	CHECK(evq_empty(&q));
	CHECK_EQ(evq_pop(&q), -1);
	evq_push(&q, 5);
	evq_push(&q, 7);
	CHECK(!evq_empty(&q));
	CHECK_EQ(evq_pop(&q), 5);
	CHECK_EQ(evq_pop(&q), 7);
	CHECK(evq_empty(&q));
}

TEST(wraps_at_2_32)
{
	struct evq q = {0};
	unsigned int i;

	q.head = q.tail = UINT32_MAX - 3; /* indices about to wrap */
	for (i = 0; i < 10; i++)
		evq_push(&q, i);
	for (i = 0; i < 10; i++)
		CHECK_EQ(evq_pop(&q), (int)i);
	CHECK(evq_empty(&q));
}

TEST(full_drops)
{
	struct evq q = {0};
	unsigned int i;

	for (i = 0; i < EVQ_SIZE + 3; i++)
		evq_push(&q, i);
	CHECK_EQ(q.dropped, 3);
	for (i = 0; i < EVQ_SIZE; i++)
		CHECK_EQ(evq_pop(&q), (int)i);
	CHECK_EQ(evq_pop(&q), -1);
}

TEST(drop_port)
{
	struct evq q = {0};

	q.head = q.tail = EVQ_SIZE - 2; /* straddle the array's end */
	evq_push(&q, 1);
	evq_push(&q, 2);
	evq_push(&q, 1);
	evq_push(&q, 3);
	evq_drop(&q, 1);
	CHECK_EQ(evq_pop(&q), 2);
	CHECK_EQ(evq_pop(&q), 3);
	CHECK(evq_empty(&q));
	evq_drop(&q, 9); /* empty: nothing happens */
	CHECK(evq_empty(&q));
}

int main(void)
{
	RUN(fifo_order);
	RUN(wraps_at_2_32);
	RUN(full_drops);
	RUN(drop_port);
	return CHECK_DONE();
}
