// SOURCES: blkfront/ring.c
// CFLAGS: -Iarch/x86/include -I.
/*
 * fuzz_blkfront_ring.c - blkfront's ring logic against a hostile backend
 * driven by the fuzzer's bytes: the frontend pushes requests, the
 * "backend" writes responses with chosen or random ids, operations and
 * statuses, moves the producer index anywhere and scribbles on the shared
 * page.  A reference model decides, for every poll, which responses are
 * valid; the code under test must complete exactly those, in order, and
 * be broken exactly when the model saw a violation.  ASan/UBSan catch
 * any out-of-bounds access or overflow on the way.
 */
#include <stdlib.h>
#include <domlet/errno.h>
#include "blkfront/ring.h"

#define PAGE 4096

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t take(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t take32(struct input *in)
{
	uint32_t v = take(in);
	v |= (uint32_t)take(in) << 8;
	v |= (uint32_t)take(in) << 16;
	return v | (uint32_t)take(in) << 24;
}

static struct blkring r;
static uint8_t model[BLKRING_MAX]; /* op pending per id, or BLKRING_FREE */
static unsigned int got_id[BLKRING_MAX * 2], ngot;
static int got_status[BLKRING_MAX * 2];

static void done(void *arg, unsigned int id, int status)
{
	(void)arg;
	if (id >= r.size || ngot >= BLKRING_MAX * 2)
		abort();
	got_id[ngot] = id;
	got_status[ngot++] = status;
}

static void push_some(struct input *in)
{
	static const uint8_t ops[] = {BLKIF_OP_READ, BLKIF_OP_WRITE,
				      BLKIF_OP_FLUSH_DISKCACHE,
				      BLKIF_OP_DISCARD, BLKIF_OP_INDIRECT};
	unsigned int k = take(in) % 8;

	while (k--) {
		blkif_request_t req = {.operation = ops[take(in) % 5]};
		uint8_t op = req.operation == BLKIF_OP_INDIRECT ? BLKIF_OP_READ
								: req.operation;
		int id = blkring_alloc_id(&r);

		if (id < 0)
			return;
		req.id = (uint64_t)id;
		if (blkring_push(&r, &req, op) < 0)
			abort(); /* a fresh id always fits */
		model[id] = op;
	}
}

static void respond_some(struct input *in)
{
	blkif_sring_t *s = r.fr.sring;
	unsigned int n = take(in) % 8;

	while (n--) {
		uint8_t sel = take(in);
		blkif_response_t rsp;
		RING_IDX i = s->rsp_prod;

		rsp.id = sel & 0x80 ? take(in) % BLKRING_MAX : take32(in);
		rsp.operation = sel & 0x40 && rsp.id < BLKRING_MAX
				    ? model[rsp.id]
				    : take(in) % 8;
		rsp.status =
		    sel & 0x20 ? -(int16_t)(take(in) % 3) : (int16_t)take(in);
		s->ring[i & (r.size - 1)].rsp = rsp;
		s->rsp_prod = i + 1;
	}
}

static int status_of(int16_t st)
{
	return st == 0 ? 0 : st == -1 ? -EIO : st == -2 ? -EOPNOTSUPP : 1;
}

/* What a correct poll does: the completions in order, and whether the
 * ring must end up broken. */
static bool model_poll(unsigned int *ids, int *sts, unsigned int *nids)
{
	RING_IDX cons = r.fr.rsp_cons, prod = r.fr.sring->rsp_prod;

	*nids = 0;
	if (prod - cons > r.fr.req_prod_pvt - cons)
		return true;
	for (; cons != prod; cons++) {
		blkif_response_t rsp = *RING_GET_RESPONSE(&r.fr, cons);
		int st = status_of(rsp.status);

		if (rsp.id >= r.size || model[rsp.id] == BLKRING_FREE ||
		    model[rsp.id] != rsp.operation || st == 1)
			return true;
		model[rsp.id] = BLKRING_FREE;
		ids[*nids] = (unsigned int)rsp.id;
		sts[(*nids)++] = st;
	}
	return false;
}

static void poll_and_compare(void)
{
	unsigned int ids[BLKRING_MAX], nids, i;
	int sts[BLKRING_MAX];
	bool broken = model_poll(ids, sts, &nids);
	int rc;

	ngot = 0;
	rc = blkring_poll(&r, done, NULL);
	if (broken != r.broken || (rc == -EIO) != broken)
		abort();
	if (ngot != nids)
		abort();
	for (i = 0; i < nids; i++)
		if (got_id[i] != ids[i] || got_status[i] != sts[i])
			abort();
}

static void fail_all_and_check(void)
{
	unsigned int id, pending = 0;

	for (id = 0; id < BLKRING_MAX; id++)
		pending += model[id] != BLKRING_FREE;
	ngot = 0;
	blkring_fail_all(&r, done, NULL, -EIO);
	if (ngot != pending || blkring_in_flight(&r) != 0)
		abort();
	if (blkring_alloc_id(&r) != -EIO ||
	    blkring_poll(&r, done, NULL) != -EIO)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void *page;
	struct input in = {data, size};
	unsigned int pages = 1u << (take(&in) % 3);

	if (!page)
		page = aligned_alloc(PAGE, 4 * PAGE);
	if (blkring_init(&r, page, pages * PAGE))
		abort();
	memset(model, BLKRING_FREE, sizeof(model));
	while (in.n && !r.broken) {
		switch (take(&in) % 5) {
		case 0:
			push_some(&in);
			break;
		case 1:
			respond_some(&in);
			break;
		case 2: /* producer index anywhere */
			r.fr.sring->rsp_prod = take32(&in);
			break;
		case 3: /* scribble on the shared page */
			((uint8_t *)page)[take32(&in) % (pages * PAGE)] =
			    take(&in);
			break;
		default:
			poll_and_compare();
		}
	}
	if (!r.broken)
		poll_and_compare();
	if (r.broken)
		fail_all_and_check();
	return 0;
}
