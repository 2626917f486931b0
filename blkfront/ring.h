/*
 * ring.h - the blkif request/response ring as blkfront drives it
 * (blkfront/ring.c).  Pure logic: no kernel calls, so the host tests and
 * the fuzz target compile it unchanged against a fake backend.
 *
 * The backend is untrusted.  Each response is copied out of shared memory
 * once; its id, operation and status, and the producer index that covers
 * it, are checked before anything uses them.  The first violation latches
 * `broken` and records why; from then on the ring is never read or
 * written again and the caller fails every pending request.
 */
#ifndef BLKFRONT_RING_H
#define BLKFRONT_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <domlet/xenring.h>
#include <xen/io/blkif.h>

#define BLKRING_MAX  128  /* most ids (ring slots) we track */
#define BLKRING_FREE 0xff /* op[] value of an id with nothing pending */

struct blkring {
	blkif_front_ring_t fr;
	unsigned int size; /* ring slots, a power of two <= BLKRING_MAX */
	bool broken;
	const char *why; /* first violation, for the caller's one log line */
	uint8_t op[BLKRING_MAX]; /* operation the response must echo */
	uint16_t free_ids[BLKRING_MAX];
	unsigned int nfree;
};

/* Called for each valid response: status is 0, -EIO or -EOPNOTSUPP. */
typedef void (*blkring_done_fn)(void *arg, unsigned int id, int status);

/* Initialises the shared ring of `bytes` bytes at sring (zeroing it) and
 * the id table.  -EINVAL if that holds no slot or more than BLKRING_MAX. */
int blkring_init(struct blkring *r, void *sring, size_t bytes);

/* A free id (== ring slot we may use), -EAGAIN if all are in flight, -EIO
 * once broken. */
int blkring_alloc_id(struct blkring *r);
void blkring_free_id(struct blkring *r, unsigned int id); /* never pushed */

/*
 * Copies *req (whose id field must be an allocated id) into the next ring
 * slot and publishes it.  `op` is the operation the response must carry
 * (indirect_op for BLKIF_OP_INDIRECT, as blkback answers).  Returns 1 if
 * the backend must be notified, 0 if not, -EIO once broken.
 */
int blkring_push(struct blkring *r, const blkif_request_t *req, uint8_t op);

/* Consumes every response the backend published, calling fn for each.
 * Returns how many completed, or -EIO if the ring is (or just became)
 * broken; the caller then calls blkring_fail_all. */
int blkring_poll(struct blkring *r, blkring_done_fn fn, void *arg);

/* Ends every pending id with `status` (no ring access). */
void blkring_fail_all(struct blkring *r, blkring_done_fn fn, void *arg,
		      int status);

/* Latches broken with a reason (first one wins). */
void blkring_mark_broken(struct blkring *r, const char *why);

unsigned int blkring_in_flight(const struct blkring *r);

#endif
