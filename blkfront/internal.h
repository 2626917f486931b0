/*
 * internal.h - what blkfront's files share: the device structure and the
 * functions each file offers the others (xv6 style, grouped by file).
 *
 *   ring.c     shared-ring bookkeeping and response validation (pure)
 *   parse.c    checks on xenstore values: names, geometry, limits (pure)
 *   xenbus.c   handshake state machine, detach, close, teardown
 *   pool.c     bounce pages granted to the backend once (persistent)
 *   io.c       requests: submit, poll, wait, the synchronous API
 *   pm.c       xl save / restore: drain, pause, reconnect
 */
#ifndef BLKFRONT_INTERNAL_H
#define BLKFRONT_INTERNAL_H

#include <domlet/kernel.h>
#include "blkfront.h"
#include "parse.h"
#include "ring.h"

/* kernel.h exposes no page size; grants and blkif segments are 4 KiB. */
#ifndef PAGE_SIZE
#define PAGE_SIZE 4096ul
#endif

#define BF_MAX_RING_ORDER 2    /* 4 pages = 128 slots = BLKRING_MAX */
#define BF_MAX_SEGS	  64   /* per request: 256 KiB with indirect */
#define BF_POOL_MAX	  1024 /* bounce pages per disk (4 MiB) */
#define BF_TIMEOUT_NS	  (20 * NSEC_PER_SEC) /* each handshake step */

enum bf_state {
	BF_INIT,      /* handshake running */
	BF_CONNECTED, /* I/O allowed */
	BF_GONE,      /* backend left or broke: I/O fails, not torn down */
	BF_DOWN,      /* torn down: ring, grants, pages released */
};

struct bf_slot {
	struct blkfront_req *req; /* NULL when the id is free */
	uint16_t npages;
	uint16_t page[BF_MAX_SEGS]; /* pool indices */
	void *indirect;		    /* page of segments, granted once */
	long indirect_ref;
};

struct bf_pool {
	unsigned int count, nfree;
	void *va[BF_POOL_MAX];
	long ref[BF_POOL_MAX];
	uint16_t free[BF_POOL_MAX];
};

struct blkfront {
	char node[48];	  /* device/vbd/<id> */
	char backend[96]; /* the backend's directory */
	char be_state[112];
	domid_t backend_id;
	struct blkfront_info info;
	enum bf_state state;
	int gone_err; /* -ENODEV (detached) or -EIO (broken) */

	struct blkring ring;
	void *sring;
	unsigned int ring_order;
	long ring_ref[1 << BF_MAX_RING_ORDER];
	evtchn_port_t port;
	bool have_port;

	struct bf_slot slots[BLKRING_MAX];
	struct bf_pool pool;
	unsigned long leaked; /* grants the backend never released */

	struct waitqueue wq;  /* events, watch firings, callbacks done */
	unsigned long events; /* bumped by the event handler and watch */
	struct xenbus_watch watch;
	bool watching;
	bool in_watch_cb; /* the xenwatch thread is inside our callback */
	bool closing;	  /* blkfront_close runs: the watch leaves it be */
	bool fe_closed;	  /* we told the backend Closed */

	struct suspend_hook pm;
	volatile bool paused; /* save/restore: submit says -EAGAIN */
};

/* xenbus.c */
void bf_device_gone(struct blkfront *dev, int err, const char *why);
int bf_reconnect(struct blkfront *dev);

/* pm.c */
void bf_pm_register(struct blkfront *dev);
/* Synchronous callers: if paused, wait (bounded) for the resume; true if
 * it was paused. */
bool bf_pm_wait(struct blkfront *dev, uint64_t deadline);

/* pool.c */
int bf_pool_get(struct blkfront *dev, unsigned int n, uint16_t *idx);
void bf_pool_put(struct blkfront *dev, unsigned int n, const uint16_t *idx);
void bf_pool_release(struct blkfront *dev, uint64_t deadline);
long bf_grant_page(struct blkfront *dev, void *page, bool readonly);
void bf_end_grant(struct blkfront *dev, long ref, void *page,
		  unsigned int order, uint64_t deadline);

/* io.c */
void bf_fail_pending(struct blkfront *dev, int err);
void bf_release_slots(struct blkfront *dev, uint64_t deadline);

#endif
