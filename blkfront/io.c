/*
 * io.c - blkfront's data path: building requests, completing responses,
 * waiting, and the synchronous API on top of the asynchronous one.
 *
 * A request takes a ring id (== slot), pool pages for its data and, when
 * it has more segments than fit in the ring entry, the slot's indirect
 * page.  Responses arrive through ring.c, which has validated them; here
 * we only trust our own slot table.  The caller's buffer is copied into
 * the pool before a write and out of it after a successful read, so a
 * failed or abandoned request never touches caller memory again.
 */
#include <string.h>
#include "internal.h"

#define SECT	   512u
#define SYNC_DEPTH 16 /* requests one synchronous call keeps in flight */
#define WAIT_NS	   (30 * NSEC_PER_SEC) /* a backend silent this long is dead */

static size_t min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

static int check_range(const struct blkfront *dev, uint64_t sector, size_t len)
{
	return bf_check_range(dev->info.sectors, dev->info.sector_size, sector,
			      len);
}

static int check_req(const struct blkfront *dev, const struct blkfront_req *req)
{
	const struct blkfront_info *in = &dev->info;

	if (dev->state != BF_CONNECTED)
		return dev->gone_err ? dev->gone_err : -ENODEV;
	if (req->op != BLKFRONT_READ && in->read_only)
		return -EROFS;
	switch (req->op) {
	case BLKFRONT_READ:
	case BLKFRONT_WRITE:
		if (req->len > in->max_request || !req->buf)
			return -EINVAL;
		return check_range(dev, req->sector, req->len);
	case BLKFRONT_FLUSH:
		return in->flush || in->barrier ? 0 : -EOPNOTSUPP;
	case BLKFRONT_DISCARD:
		if (!in->discard)
			return -EOPNOTSUPP;
		return check_range(dev, req->sector, req->len);
	}
	return -EINVAL;
}

static void fill_segs(struct blkfront *dev, const struct bf_slot *s,
		      struct blkif_request_segment *seg, size_t len)
{
	unsigned int i;

	for (i = 0; i < s->npages; i++) {
		size_t chunk = min_sz(len - i * PAGE_SIZE, PAGE_SIZE);

		seg[i].gref = (grant_ref_t)dev->pool.ref[s->page[i]];
		seg[i].first_sect = 0;
		seg[i].last_sect = (uint8_t)(chunk / SECT - 1);
	}
}

/* The slot's indirect page, allocated and granted on first use. */
static int get_indirect(struct blkfront *dev, struct bf_slot *s)
{
	if (s->indirect)
		return 0;
	s->indirect = alloc_pages(0);
	if (!s->indirect)
		return -EAGAIN;
	/* Writable: with persistent grants blkback maps everything rw. */
	s->indirect_ref = bf_grant_page(dev, s->indirect, false);
	if (s->indirect_ref < 0) {
		free_pages(s->indirect, 0);
		s->indirect = NULL;
		return -EAGAIN;
	}
	return 0;
}

/* Builds the ring entry for req in slot id; returns the op to expect. */
static uint8_t build(struct blkfront *dev, unsigned int id,
		     const struct blkfront_req *req, blkif_request_t *br)
{
	struct bf_slot *s = &dev->slots[id];
	uint8_t op = req->op == BLKFRONT_READ ? BLKIF_OP_READ : BLKIF_OP_WRITE;

	memset(br, 0, sizeof(*br));
	br->id = id;
	br->handle = (blkif_vdev_t)dev->info.devid;
	br->sector_number = req->sector;
	if (req->op == BLKFRONT_FLUSH) {
		br->operation = dev->info.flush ? BLKIF_OP_FLUSH_DISKCACHE
						: BLKIF_OP_WRITE_BARRIER;
		return br->operation;
	}
	if (req->op == BLKFRONT_DISCARD) {
		blkif_request_discard_t *d = (void *)br;
		d->operation = BLKIF_OP_DISCARD;
		d->nr_sectors = req->len / SECT;
		return BLKIF_OP_DISCARD;
	}
	if (s->npages <= BLKIF_MAX_SEGMENTS_PER_REQUEST) {
		br->operation = op;
		br->nr_segments = (uint8_t)s->npages;
		fill_segs(dev, s, br->seg, req->len);
	} else {
		blkif_request_indirect_t *ind = (void *)br;
		ind->operation = BLKIF_OP_INDIRECT;
		ind->indirect_op = op;
		ind->nr_segments = s->npages;
		ind->handle = (blkif_vdev_t)dev->info.devid;
		ind->sector_number = req->sector;
		ind->indirect_grefs[0] = (grant_ref_t)s->indirect_ref;
		fill_segs(dev, s, s->indirect, req->len);
	}
	return op; /* blkback answers an indirect request with indirect_op */
}

/*
 * The kernel's memcpy moves one byte per iteration, and copying through
 * the bounce pool is this driver's hot path, so copy 64-bit words (len
 * is a multiple of 512).  Kept as a loop gcc must not turn back into a
 * memcpy call.
 */
typedef uint64_t __attribute__((may_alias, aligned(1))) u64_any;

__attribute__((optimize("no-tree-loop-distribute-patterns"))) static void
copy_words(void *dst, const void *src, size_t len)
{
	u64_any *d = dst;
	const u64_any *s = src;
	size_t i, n = len / 8;

	for (i = 0; i + 4 <= n; i += 4) {
		d[i] = s[i];
		d[i + 1] = s[i + 1];
		d[i + 2] = s[i + 2];
		d[i + 3] = s[i + 3];
	}
	for (; i < n; i++)
		d[i] = s[i];
}

static void copy_pages(struct blkfront *dev, const struct bf_slot *s, void *buf,
		       size_t len, bool to_pool)
{
	unsigned int i;

	for (i = 0; i < s->npages; i++) {
		char *va = dev->pool.va[s->page[i]];
		char *b = (char *)buf + i * PAGE_SIZE;
		size_t n = min_sz(len - i * PAGE_SIZE, PAGE_SIZE);

		if (to_pool)
			copy_words(va, b, n);
		else
			copy_words(b, va, n);
	}
}

/* Takes a slot and its pages for req; -EAGAIN if none free now. */
static int reserve(struct blkfront *dev, const struct blkfront_req *req)
{
	struct bf_slot *s;
	unsigned int npages = 0;
	int id = blkring_alloc_id(&dev->ring);

	if (id < 0)
		return id;
	s = &dev->slots[id];
	if (req->op == BLKFRONT_READ || req->op == BLKFRONT_WRITE)
		npages = (unsigned int)((req->len + PAGE_SIZE - 1) / PAGE_SIZE);
	if (npages && bf_pool_get(dev, npages, s->page))
		goto busy;
	s->npages = (uint16_t)npages;
	if (npages > BLKIF_MAX_SEGMENTS_PER_REQUEST && get_indirect(dev, s)) {
		bf_pool_put(dev, npages, s->page);
		goto busy;
	}
	return id;
busy:
	s->npages = 0;
	blkring_free_id(&dev->ring, (unsigned int)id);
	return -EAGAIN;
}

int blkfront_submit(struct blkfront *dev, struct blkfront_req *req)
{
	blkif_request_t br;
	uint8_t op;
	int id, rc = check_req(dev, req);

	if (rc)
		return rc;
	if (dev->paused)
		return -EAGAIN; /* saving or restoring: pm.c */
	id = reserve(dev, req);
	if (id < 0)
		return id;
	op = build(dev, (unsigned int)id, req, &br);
	if (req->op == BLKFRONT_WRITE)
		copy_pages(dev, &dev->slots[id], req->buf, req->len, true);
	dev->slots[id].req = req;
	req->status = -EINPROGRESS;
	rc = blkring_push(&dev->ring, &br, op);
	if (rc > 0)
		evtchn_notify(dev->port);
	return 0;
}

/* ring.c's callback: a validated response (or a forced failure). */
static void complete(void *arg, unsigned int id, int status)
{
	struct blkfront *dev = arg;
	struct bf_slot *s = &dev->slots[id];
	struct blkfront_req *req = s->req;

	if (!req)
		return;
	if (status == 0 && req->op == BLKFRONT_READ)
		copy_pages(dev, s, req->buf, req->len, false);
	bf_pool_put(dev, s->npages, s->page);
	s->npages = 0;
	s->req = NULL;
	req->status = status;
	if (req->done)
		req->done(req);
}

void bf_fail_pending(struct blkfront *dev, int err)
{
	blkring_fail_all(&dev->ring, complete, dev, err);
	wake_up(&dev->wq);
}

/* At teardown: the slots' indirect pages (the backend is gone). */
void bf_release_slots(struct blkfront *dev, uint64_t deadline)
{
	unsigned int i;

	for (i = 0; i < BLKRING_MAX; i++) {
		struct bf_slot *s = &dev->slots[i];

		if (s->indirect)
			bf_end_grant(dev, s->indirect_ref, s->indirect, 0,
				     deadline);
		s->indirect = NULL;
	}
}

int blkfront_poll(struct blkfront *dev)
{
	int n;

	if (dev->paused && dev->state == BF_INIT)
		return 0; /* reconnecting after a restore; nothing in flight */
	if (dev->state != BF_CONNECTED)
		return dev->gone_err ? dev->gone_err : -ENODEV;
	n = blkring_poll(&dev->ring, complete, dev);
	if (n < 0) {
		bf_device_gone(dev, -EIO, dev->ring.why);
		return -EIO;
	}
	return n;
}

int blkfront_wait(struct blkfront *dev, uint64_t deadline)
{
	unsigned long seen;
	int n, rc;

	/* Paused for a save: nothing to wait for until the resume. */
	if (bf_pm_wait(dev, deadline) && dev->paused)
		return -ETIMEDOUT;
	seen = dev->events;
	n = blkfront_poll(dev);
	if (n != 0)
		return n;
	rc = wait_event_until(dev->wq,
			      dev->events != seen || dev->state != BF_CONNECTED,
			      deadline);
	n = blkfront_poll(dev);
	return n == 0 && rc ? rc : n;
}

int blkfront_wait_req(struct blkfront *dev, struct blkfront_req *req,
		      uint64_t deadline)
{
	while (req->status == -EINPROGRESS) {
		int rc = blkfront_wait(dev, deadline);

		if (rc == -ETIMEDOUT && req->status == -EINPROGRESS)
			return rc;
	}
	return req->status;
}

unsigned int blkfront_in_flight(const struct blkfront *dev)
{
	return blkring_in_flight(&dev->ring);
}

/* Waits for progress; a backend silent for WAIT_NS with requests in
 * flight is declared broken, which fails them, so callers never hang
 * and stack-held requests are never left in the ring. */
static void sync_wait(struct blkfront *dev)
{
	if (blkfront_wait(dev, monotonic_ns() + WAIT_NS) == -ETIMEDOUT &&
	    blkring_in_flight(&dev->ring))
		bf_device_gone(dev, -EIO, "no response for 30 s");
}

/* Submits what fits of [off, len) into idle entries of r[]; returns the
 * first hard error (-EAGAIN just stops). */
static int sync_fill(struct blkfront *dev, struct blkfront_req *r,
		     enum blkfront_op op, uint64_t sector, char *buf,
		     size_t len, size_t *off)
{
	unsigned int i;

	for (i = 0; i < SYNC_DEPTH && *off < len; i++) {
		size_t n = min_sz(len - *off, dev->info.max_request);
		int rc;

		if (r[i].status == -EINPROGRESS)
			continue;
		r[i] = (struct blkfront_req){.op = op,
					     .sector = sector + *off / SECT,
					     .buf = buf + *off,
					     .len = n};
		rc = blkfront_submit(dev, &r[i]);
		if (rc == -EAGAIN)
			return 0;
		if (rc)
			return rc;
		*off += n;
	}
	return 0;
}

static int sync_rw(struct blkfront *dev, enum blkfront_op op, uint64_t sector,
		   char *buf, size_t len)
{
	struct blkfront_req r[SYNC_DEPTH];
	size_t off = 0;
	int err = 0;
	unsigned int i, busy;

	memset(r, 0, sizeof(r));
	for (;;) {
		if (!err)
			err = sync_fill(dev, r, op, sector, buf, len, &off);
		for (busy = 0, i = 0; i < SYNC_DEPTH; i++) {
			if (r[i].status == -EINPROGRESS)
				busy++;
			else if (r[i].status && !err)
				err = r[i].status;
		}
		if (!busy && (err || off >= len))
			return err;
		if (bf_pm_wait(dev, monotonic_ns() + WAIT_NS))
			continue;
		if (!blkring_in_flight(&dev->ring))
			return -ENOMEM; /* -EAGAIN with nothing to wait for */
		sync_wait(dev);
	}
}

int blkfront_read(struct blkfront *dev, uint64_t sector, void *buf, size_t len)
{
	int rc = check_range(dev, sector, len);

	return rc ? rc : sync_rw(dev, BLKFRONT_READ, sector, buf, len);
}

int blkfront_write(struct blkfront *dev, uint64_t sector, const void *buf,
		   size_t len)
{
	int rc = check_range(dev, sector, len);

	if (!rc && dev->info.read_only)
		rc = -EROFS;
	/* The cast is safe: writes only copy out of buf. */
	return rc ? rc : sync_rw(dev, BLKFRONT_WRITE, sector, (char *)buf, len);
}

static int sync_one(struct blkfront *dev, struct blkfront_req *req)
{
	int rc;

	while ((rc = blkfront_submit(dev, req)) == -EAGAIN) {
		if (bf_pm_wait(dev, monotonic_ns() + WAIT_NS))
			continue;
		if (!blkring_in_flight(&dev->ring))
			return -ENOMEM;
		sync_wait(dev);
	}
	if (rc)
		return rc;
	while (req->status == -EINPROGRESS)
		sync_wait(dev);
	return req->status;
}

int blkfront_flush(struct blkfront *dev)
{
	struct blkfront_req req = {.op = BLKFRONT_FLUSH};

	return sync_one(dev, &req);
}

int blkfront_discard(struct blkfront *dev, uint64_t sector, uint64_t count)
{
	struct blkfront_req req = {
	    .op = BLKFRONT_DISCARD, .sector = sector, .len = count * SECT};

	if (count > dev->info.sectors)
		return -EINVAL;
	return sync_one(dev, &req);
}
