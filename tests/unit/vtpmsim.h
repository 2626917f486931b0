/*
 * vtpmsim.h - a simulated disk for the vtpmstate tests, with a volatile
 * write cache and a "kill" at any disk call.
 *
 * Writes go to a cache that reads see; each written sector is also kept,
 * in order, on a pending list until a flush makes them all durable.  The
 * call numbered kill_at (counting reads, writes and flushes from 0) does
 * not complete: a write's sectors join the pending list (any of them may
 * land), and the disk is dead from then on (every call -EIO).  What a
 * crash leaves is the durable image plus a chosen subset of the pending
 * sectors (sim_crash), so a test can try prefixes, suffixes, reorderings
 * and torn sectors.  flush_lies makes flush a no-op that makes nothing
 * durable (a negative control).  Host-only test code; SHA-256 is the
 * host's libcrypto.
 */
#ifndef DOMLET_TEST_VTPMSIM_H
#define DOMLET_TEST_VTPMSIM_H

#include <errno.h>
#include <openssl/sha.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "vtpmstate/vtpmstate.h"

struct pending {
	uint64_t sector;
	uint8_t *data;
};

struct sim {
	uint32_t ss;
	uint64_t n;
	uint8_t *durable, *cache;
	struct pending *pend;
	size_t npend, cap;
	long ops, kill_at; /* kill_at < 0: never */
	bool dead, flush_lies, fail_reads;
};

/* Disk-sized buffers are reused: the kill test makes thousands of
 * images, and fresh pages for each (page faults) were most of its time. */
#define SIM_POOL 8
static struct {
	uint8_t *p;
	size_t size;
} sim_pool[SIM_POOL];

static uint8_t *sim_buf(size_t size)
{
	for (int i = 0; i < SIM_POOL; i++)
		if (sim_pool[i].p && sim_pool[i].size == size) {
			uint8_t *p = sim_pool[i].p;

			sim_pool[i].p = NULL;
			return p;
		}
	return malloc(size);
}

static void sim_buf_put(uint8_t *p, size_t size)
{
	for (int i = 0; i < SIM_POOL; i++)
		if (!sim_pool[i].p) {
			sim_pool[i].p = p;
			sim_pool[i].size = size;
			return;
		}
	free(p);
}

/* Frees the pooled buffers (the end of a test program: leak checks). */
__attribute__((unused)) static void sim_pool_free(void)
{
	for (int i = 0; i < SIM_POOL; i++) {
		free(sim_pool[i].p);
		sim_pool[i].p = NULL;
	}
}

static void sim_init(struct sim *d, uint32_t ss, uint64_t bytes,
		     const uint8_t *image)
{
	memset(d, 0, sizeof(*d));
	d->ss = ss;
	d->n = bytes / ss;
	d->durable = sim_buf(bytes);
	d->cache = sim_buf(bytes);
	if (image) {
		memcpy(d->durable, image, bytes);
		memcpy(d->cache, image, bytes);
	} else {
		memset(d->durable, 0, bytes);
		memset(d->cache, 0, bytes);
	}
	d->kill_at = -1;
}

static void sim_drop_pending(struct sim *d)
{
	for (size_t i = 0; i < d->npend; i++)
		free(d->pend[i].data);
	d->npend = 0;
}

static void sim_free(struct sim *d)
{
	sim_drop_pending(d);
	free(d->pend);
	sim_buf_put(d->durable, d->n * d->ss);
	sim_buf_put(d->cache, d->n * d->ss);
}

static void sim_pend(struct sim *d, uint64_t sector, const uint8_t *data)
{
	if (d->npend == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->pend = realloc(d->pend, d->cap * sizeof(*d->pend));
	}
	d->pend[d->npend].sector = sector;
	d->pend[d->npend].data = malloc(d->ss);
	memcpy(d->pend[d->npend].data, data, d->ss);
	d->npend++;
}

/* Counts the call; true if it is the one killed (the disk dies). */
static bool sim_killed(struct sim *d)
{
	if (d->dead)
		return true;
	if (d->ops++ == d->kill_at) {
		d->dead = true;
		return true;
	}
	return false;
}

static int sim_read(void *ctx, uint64_t sector, void *buf, uint32_t count)
{
	struct sim *d = ctx;

	if (sim_killed(d) || d->fail_reads)
		return -EIO;
	if (sector > d->n || count > d->n - sector)
		return -EINVAL;
	memcpy(buf, d->cache + sector * d->ss, (size_t)count * d->ss);
	return 0;
}

static int sim_write(void *ctx, uint64_t sector, const void *buf,
		     uint32_t count)
{
	struct sim *d = ctx;
	bool killed = d->dead;

	if (killed)
		return -EIO;
	killed = sim_killed(d);
	if (sector > d->n || count > d->n - sector)
		return -EINVAL;
	for (uint32_t i = 0; i < count; i++)
		sim_pend(d, sector + i,
			 (const uint8_t *)buf + (size_t)i * d->ss);
	if (killed)
		return -EIO; /* in flight: its sectors may or may not land */
	memcpy(d->cache + sector * d->ss, buf, (size_t)count * d->ss);
	return 0;
}

static int sim_flush(void *ctx)
{
	struct sim *d = ctx;

	if (sim_killed(d))
		return -EIO;
	if (d->flush_lies)
		return 0;
	for (size_t i = 0; i < d->npend; i++)
		memcpy(d->durable + d->pend[i].sector * d->ss, d->pend[i].data,
		       d->ss);
	sim_drop_pending(d);
	return 0;
}

static struct vtpm_disk sim_disk(struct sim *d)
{
	struct vtpm_disk v = {sim_read, sim_write, sim_flush, d, d->ss, d->n};

	return v;
}

/* Crash patterns over the pending sectors (in write order). */
enum {
	PAT_NONE,
	PAT_ALL,
	PAT_PREFIX,
	PAT_SUFFIX,
	PAT_EVEN,
	PAT_ODD,
	PAT_RAND1,
	PAT_RAND2,
	PAT_RAND3,
	PAT_RAND4,
	PAT_LAST_TORN,
	PAT_ALL_BUT_LAST,
	PAT_LAST_ONLY,
	PAT_COUNT
};

__attribute__((unused)) static const char *const pat_name[PAT_COUNT] = {
    "none",	 "all",		 "prefix",   "suffix", "even",
    "odd",	 "rand1",	 "rand2",    "rand3",  "rand4",
    "last-torn", "all-but-last", "last-only"};

static inline bool pat_lands(int pat, size_t i, size_t n, unsigned int *rnd)
{
	switch (pat) {
	case PAT_NONE:
		return false;
	case PAT_PREFIX:
		return i < n / 2;
	case PAT_SUFFIX:
		return i >= n / 2;
	case PAT_EVEN:
		return i % 2 == 0;
	case PAT_ODD:
		return i % 2 == 1;
	case PAT_RAND1:
	case PAT_RAND2:
	case PAT_RAND3:
	case PAT_RAND4:
		*rnd = *rnd * 1103515245u + 12345u;
		return (*rnd >> 16) & 1;
	case PAT_ALL_BUT_LAST:
		return i + 1 < n;
	case PAT_LAST_ONLY:
		return i + 1 == n;
	default:
		return true;
	}
}

/* The image a crash leaves (malloc'd, d->n * d->ss bytes): the durable
 * one plus the pending sectors the pattern picks (give it back with
 * sim_buf_put); PAT_LAST_TORN lands
 * them all but the last sector only in its first 64 bytes (old bytes
 * after: a header's magic and sequence new, its checksum old). */
static inline uint8_t *sim_crash(const struct sim *d, int pat,
				 unsigned int seed)
{
	uint8_t *img = sim_buf(d->n * d->ss);
	unsigned int rnd = seed * 2654435761u + (unsigned int)pat;

	memcpy(img, d->durable, d->n * d->ss);
	for (size_t i = 0; i < d->npend; i++) {
		const struct pending *p = &d->pend[i];
		size_t len = d->ss;

		if (!pat_lands(pat, i, d->npend, &rnd))
			continue;
		if (pat == PAT_LAST_TORN && i + 1 == d->npend)
			len = 64;
		memcpy(img + p->sector * d->ss, p->data, len);
	}
	return img;
}

/* The image a crash leaves when exactly the pending sectors whose bit is
 * set in mask land (bit i: the i-th pending sector; npend <= 32). */
static inline uint8_t *sim_crash_mask(const struct sim *d, uint32_t mask)
{
	uint8_t *img = sim_buf(d->n * d->ss);

	memcpy(img, d->durable, d->n * d->ss);
	for (size_t i = 0; i < d->npend && i < 32; i++)
		if (mask & (1u << i))
			memcpy(img + d->pend[i].sector * d->ss, d->pend[i].data,
			       d->ss);
	return img;
}

#endif
