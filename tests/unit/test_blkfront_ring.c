// SOURCES: blkfront/ring.c
// CFLAGS: -Iarch/x86/include -I.
/*
 * test_blkfront_ring.c - blkfront's ring logic against a fake backend
 * that answers well, then badly: bad, duplicate and unrequested ids, wrong
 * operations, unknown statuses and impossible producer indices must each
 * latch `broken` without a callback for the bad response, and the pending
 * requests must then fail through blkring_fail_all.
 */
#include <stdlib.h>
#include <domlet/errno.h>
#include "blkfront/ring.h"
#include "check.h"

#define PAGE 4096

static struct blkring r;
static void *page;
static unsigned int ndone, last_id;
static int last_status;
static unsigned int seen[BLKRING_MAX];

static void done(void *arg, unsigned int id, int status)
{
	(void)arg;
	ndone++;
	last_id = id;
	last_status = status;
	seen[id]++;
}

static void setup(unsigned int pages)
{
	free(page);
	page = aligned_alloc(PAGE, PAGE * pages);
	ndone = 0;
	memset(seen, 0, sizeof(seen));
	CHECK_EQ(blkring_init(&r, page, PAGE * pages), 0);
}

/* Frontend side: allocate an id and push a request with operation op. */
static unsigned int push(uint8_t op)
{
	blkif_request_t req = {.operation = op};
	int id = blkring_alloc_id(&r);

	CHECK(id >= 0);
	req.id = (uint64_t)id;
	CHECK(blkring_push(&r, &req, op) >= 0);
	return (unsigned int)id;
}

/* Backend side: write a response into the next response slot. */
static void respond(uint64_t id, uint8_t op, int16_t status)
{
	blkif_sring_t *s = r.fr.sring;
	RING_IDX i = s->rsp_prod;

	s->ring[i & (r.size - 1)].rsp =
	    (blkif_response_t){.id = id, .operation = op, .status = status};
	s->rsp_prod = i + 1;
}

TEST(sizes)
{
	setup(1);
	CHECK_EQ(r.size, 32);
	setup(4);
	CHECK_EQ(r.size, 128);
	free(page);
	page = aligned_alloc(PAGE, PAGE * 8);
	CHECK_EQ(blkring_init(&r, page, PAGE * 8), -EINVAL);
}

TEST(round_trip)
{
	unsigned int a, b, c;

	setup(1);
	a = push(BLKIF_OP_READ);
	b = push(BLKIF_OP_WRITE);
	c = push(BLKIF_OP_FLUSH_DISKCACHE);
	CHECK_EQ(blkring_in_flight(&r), 3);
	CHECK_EQ(r.fr.sring->req_prod, 3);
	CHECK_EQ(r.fr.sring->ring[1].req.id, b);
	respond(c, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_OKAY);
	respond(a, BLKIF_OP_READ, BLKIF_RSP_ERROR);
	respond(b, BLKIF_OP_WRITE, BLKIF_RSP_EOPNOTSUPP);
	CHECK_EQ(blkring_poll(&r, done, NULL), 3);
	CHECK_EQ(last_id, b);
	CHECK_EQ(last_status, -EOPNOTSUPP);
	CHECK_EQ(seen[a] + seen[b] + seen[c], 3);
	CHECK_EQ(blkring_in_flight(&r), 0);
	CHECK(!r.broken);
	/* We asked for an event on the next response. */
	CHECK_EQ(r.fr.sring->rsp_event, 4);
}

TEST(notify_only_when_backend_waits)
{
	blkif_request_t req = {.operation = BLKIF_OP_READ};

	setup(1);
	req.id = (uint64_t)blkring_alloc_id(&r);
	CHECK_EQ(blkring_push(&r, &req, BLKIF_OP_READ), 1); /* req_event 1 */
	req.id = (uint64_t)blkring_alloc_id(&r);
	CHECK_EQ(blkring_push(&r, &req, BLKIF_OP_READ), 0); /* not asked */
	r.fr.sring->req_event = 3;
	req.id = (uint64_t)blkring_alloc_id(&r);
	CHECK_EQ(blkring_push(&r, &req, BLKIF_OP_READ), 1);
}

TEST(ids_run_out_and_come_back)
{
	unsigned int i, id = 0;

	setup(1);
	for (i = 0; i < 32; i++)
		id = push(BLKIF_OP_READ);
	CHECK_EQ(blkring_alloc_id(&r), -EAGAIN);
	respond(id, BLKIF_OP_READ, 0);
	CHECK_EQ(blkring_poll(&r, done, NULL), 1);
	CHECK_EQ(blkring_alloc_id(&r), (int)id);
}

TEST(indirect_answered_with_inner_op)
{
	blkif_request_t req = {.operation = BLKIF_OP_INDIRECT};
	int id;

	setup(1);
	id = blkring_alloc_id(&r);
	req.id = (uint64_t)id;
	CHECK(blkring_push(&r, &req, BLKIF_OP_WRITE) >= 0);
	respond((uint64_t)id, BLKIF_OP_WRITE, 0);
	CHECK_EQ(blkring_poll(&r, done, NULL), 1);
	CHECK(!r.broken);
}

TEST(index_wraps)
{
	unsigned int i;

	setup(1);
	/* Start just below 2^32 so the indices wrap during the test. */
	r.fr.req_prod_pvt = r.fr.rsp_cons = 0xfffffff0u;
	r.fr.sring->req_prod = r.fr.sring->rsp_prod = 0xfffffff0u;
	for (i = 0; i < 100; i++) {
		unsigned int id = push(BLKIF_OP_READ);
		respond(id, BLKIF_OP_READ, 0);
		CHECK_EQ(blkring_poll(&r, done, NULL), 1);
	}
	CHECK(!r.broken);
	CHECK_EQ(ndone, 100);
}

/* A bad response: broken, no callback for it, later calls refused, the
 * good pending request failed by fail_all exactly once. */
static void expect_broken(unsigned int pending_good)
{
	unsigned int before = ndone;

	CHECK_EQ(blkring_poll(&r, done, NULL), -EIO);
	CHECK(r.broken);
	CHECK(r.why != NULL);
	CHECK_EQ(ndone, before);
	CHECK_EQ(blkring_poll(&r, done, NULL), -EIO);
	CHECK_EQ(blkring_alloc_id(&r), -EIO);
	blkring_fail_all(&r, done, NULL, -EIO);
	CHECK_EQ(seen[pending_good], 1);
	CHECK_EQ(last_status, -EIO);
	CHECK_EQ(blkring_in_flight(&r), 0);
}

TEST(bad_id)
{
	unsigned int a;

	setup(1);
	a = push(BLKIF_OP_READ);
	respond(32, BLKIF_OP_READ, 0);
	expect_broken(a);
	setup(1);
	a = push(BLKIF_OP_READ);
	respond(~0ull, BLKIF_OP_READ, 0);
	expect_broken(a);
}

TEST(id_not_pending)
{
	unsigned int a;

	setup(1);
	a = push(BLKIF_OP_READ);
	push(BLKIF_OP_READ);
	respond(5, BLKIF_OP_READ, 0);
	expect_broken(a);
}

TEST(duplicate_id)
{
	unsigned int a, b;

	setup(1);
	a = push(BLKIF_OP_READ);
	b = push(BLKIF_OP_READ);
	respond(a, BLKIF_OP_READ, 0);
	respond(a, BLKIF_OP_READ, 0);
	CHECK_EQ(blkring_poll(&r, done, NULL), -EIO);
	CHECK_EQ(seen[a], 1); /* the first one completed normally */
	CHECK(r.broken);
	blkring_fail_all(&r, done, NULL, -EIO);
	CHECK_EQ(seen[b], 1);
}

TEST(wrong_operation)
{
	unsigned int a;

	setup(1);
	a = push(BLKIF_OP_READ);
	push(BLKIF_OP_WRITE);
	respond(a + 1, BLKIF_OP_READ, 0);
	expect_broken(a);
}

TEST(unknown_status)
{
	unsigned int a;

	setup(1);
	a = push(BLKIF_OP_READ);
	push(BLKIF_OP_READ);
	respond(a + 1, BLKIF_OP_READ, 7);
	expect_broken(a);
}

TEST(producer_jump)
{
	unsigned int a;

	setup(1);
	a = push(BLKIF_OP_READ);
	r.fr.sring->rsp_prod = 1000;
	expect_broken(a);
}

TEST(more_responses_than_requests)
{
	unsigned int a;

	setup(1);
	a = push(BLKIF_OP_READ);
	/* Within the ring size, but only one request was ever published. */
	respond(a, BLKIF_OP_READ, 0);
	respond(a, BLKIF_OP_READ, 0);
	CHECK_EQ(blkring_poll(&r, done, NULL), -EIO);
	CHECK_EQ(ndone, 0);
	CHECK(r.broken);
}

TEST(producer_backwards)
{
	unsigned int a;

	setup(1);
	a = push(BLKIF_OP_READ);
	r.fr.sring->rsp_prod = (RING_IDX)-1;
	expect_broken(a);
}

int main(void)
{
	RUN(sizes);
	RUN(round_trip);
	RUN(notify_only_when_backend_waits);
	RUN(ids_run_out_and_come_back);
	RUN(indirect_answered_with_inner_op);
	RUN(index_wraps);
	RUN(bad_id);
	RUN(id_not_pending);
	RUN(duplicate_id);
	RUN(wrong_operation);
	RUN(unknown_status);
	RUN(producer_jump);
	RUN(more_responses_than_requests);
	RUN(producer_backwards);
	free(page);
	return CHECK_DONE();
}
