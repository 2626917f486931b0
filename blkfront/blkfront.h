/*
 * blkfront.h - the block front-end driver's whole public API.
 *
 * A disk is opened by name ("xvda", "xvdb", ... or the numeric device id
 * under device/vbd/), used through a synchronous API (read, write, flush,
 * discard: they block until done) or an asynchronous one (submit a
 * request with a completion callback, then poll or wait), and closed.
 * Several disks may be open at once, each with many requests in flight.
 *
 * Units: `sector` is always in 512-byte units (blkif's unit, whatever the
 * disk's logical sector size); lengths are bytes and must be multiples of
 * info.sector_size, and I/O must start on a sector_size boundary.  Buffers
 * need no alignment: data goes through pages granted to the backend once
 * (persistent grants), so the caller's memory is never shared.
 *
 * Errors (0 or a negative errno): -EROFS write to a read-only disk;
 * -EOPNOTSUPP the backend does not offer flush/discard (or refused it);
 * -EIO the backend failed the request, or broke the protocol (the device
 * is then "broken": logged once, everything pending fails, nothing more
 * is sent); -ENODEV the backend went away (xl block-detach): in-flight
 * requests end with it; -EINVAL bad length/alignment/range.
 *
 * Save/restore: while a suspend drains the disk, blkfront_submit says
 * -EAGAIN and the synchronous calls wait; after a restore into a new
 * domain the handle reconnects to the new backend by itself.
 *
 * Threads: cooperative.  Completion callbacks run inside blkfront_poll,
 * blkfront_wait or a detach, in thread context; they must not block but
 * may submit more requests.
 */
#ifndef BLKFRONT_BLKFRONT_H
#define BLKFRONT_BLKFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blkfront;

struct blkfront_info {
	char name[16];		       /* "xvda", or the device id */
	unsigned int devid;	       /* device/vbd/<devid> */
	uint64_t sectors;	       /* capacity in 512-byte units */
	uint32_t sector_size;	       /* logical, bytes: 512, 4096, ... */
	uint32_t physical_sector_size; /* bytes */
	bool read_only, removable, cdrom;
	/* What the backend offers and we use: */
	bool flush, barrier, discard, persistent;
	uint32_t indirect_segments; /* 0: no indirect descriptors */
	uint32_t ring_pages;	    /* multi-page ring: 1, 2, 4 */
	uint32_t ring_slots;	    /* most requests in flight */
	uint32_t max_request;	    /* bytes one async request may carry */
};

/* Fills ids[] with the device ids found under device/vbd; returns the
 * count (at most max) or -errno. */
int blkfront_list(unsigned int *ids, unsigned int max);

/* Connects to disk `name` ("xvda".."xvdz" or a decimal device id):
 * the xenbus handshake, bounded by timeouts.  0 and *out, or -errno. */
int blkfront_open(const char *name, struct blkfront **out);

/* Closes the device (xenbus Closing/Closed), ends and frees its grants
 * and memory.  Pending requests end with -ENODEV.  Always frees dev. */
int blkfront_close(struct blkfront *dev);

const struct blkfront_info *blkfront_info(const struct blkfront *dev);

/* ---- synchronous: split into requests, several in flight ---- */
int blkfront_read(struct blkfront *dev, uint64_t sector, void *buf, size_t len);
int blkfront_write(struct blkfront *dev, uint64_t sector, const void *buf,
		   size_t len);
int blkfront_flush(struct blkfront *dev); /* flush-cache, else barrier */
int blkfront_discard(struct blkfront *dev, uint64_t sector, uint64_t count);

/* ---- asynchronous ---- */
enum blkfront_op {
	BLKFRONT_READ,
	BLKFRONT_WRITE,
	BLKFRONT_FLUSH,
	BLKFRONT_DISCARD, /* len bytes from sector; buf unused */
};

struct blkfront_req {
	enum blkfront_op op;
	uint64_t sector;
	void *buf;
	size_t len; /* <= info.max_request (0 for FLUSH) */
	void (*done)(struct blkfront_req *req); /* may be NULL */
	void *arg;				/* the caller's */
	int status; /* -EINPROGRESS while in flight, then 0 or -errno */
};

/*
 * Starts req.  0: queued, req->done will run (status set first).
 * -EAGAIN: no free ring slot or bounce page now; poll and retry.  Other
 * errors (-EINVAL, -EROFS, -EOPNOTSUPP, -EIO, -ENODEV): nothing queued,
 * done not called.
 */
int blkfront_submit(struct blkfront *dev, struct blkfront_req *req);

/* Completes whatever the backend has answered; returns how many, or
 * -EIO/-ENODEV once the device is broken or gone. */
int blkfront_poll(struct blkfront *dev);

/* Sleeps until the backend signals (or deadline, monotonic ns, 0 =
 * none), then polls.  Returns as blkfront_poll, or -ETIMEDOUT. */
int blkfront_wait(struct blkfront *dev, uint64_t deadline);

/* Waits until req is done; returns req->status or -ETIMEDOUT. */
int blkfront_wait_req(struct blkfront *dev, struct blkfront_req *req,
		      uint64_t deadline);

unsigned int blkfront_in_flight(const struct blkfront *dev);

#endif
