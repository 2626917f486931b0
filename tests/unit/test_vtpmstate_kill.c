// SOURCES: vtpmstate/vtpmstate.c
// CFLAGS: -I.
// LIBS: -lcrypto
/*
 * test_vtpmstate_kill.c - vtpmstate killed at every disk call.
 *
 * A scenario opens a disk (formatting it, or loading a state built by
 * hand from FORMAT.md) and stores ten states of awkward sizes (0, 1,
 * sector-1, sector+1, a full 128 KiB slot...).  It is run once per disk
 * call, killed at that call; each crash image (the durable sectors plus
 * a pattern of the unflushed ones: none, all, prefix, suffix, even, odd,
 * random subsets, a torn last sector, all but the last, the last only;
 * and every subset when at most 10 sectors are unflushed) is opened
 * again.  It must load, and hold the last completed state or
 * the one in flight, nothing else; then a new store on it must load
 * back.  Sector sizes 512 and 4096, from a blank disk and across a
 * sequence wrap; and killed again at every call while storing after
 * the recovery (kill_twice).  The counts are printed.  A negative control runs
 * the same with a disk whose flush does nothing and must see failures.
 */
#include <stdio.h>
#include "check.h"
#include "vtpmsim.h"

#define NSTATES	   10
#define SLOT	   (128u * 1024)
#define DISK_BYTES (VTPMSTATE_HDR_AREA + 2 * SLOT)
#define EXHAUSTIVE 10 /* every subset of at most this many sectors */

static const size_t sizes[NSTATES] = {1,     511, 512,	 513,  4096,
				      12345, 0,	  65543, SLOT, 777};
static uint8_t *states[NSTATES + 1]; /* +1: the one stored after a crash */
static size_t extra_len = 3000;

struct base {
	const uint8_t *image; /* NULL: a zero disk */
	const uint8_t *state; /* what opening it loads */
	size_t len;
};

struct counts {
	long kills, images, last, inflight, bad;
};

static void make_states(void)
{
	unsigned int x = 12345;

	for (int i = 0; i <= NSTATES; i++) {
		size_t len = i < NSTATES ? sizes[i] : extra_len;

		states[i] = malloc(len ? len : 1);
		for (size_t j = 0; j < len; j++) {
			x = x * 1103515245u + 12345u + (unsigned int)i;
			states[i][j] = (uint8_t)(x >> 16);
		}
	}
}

/* Opens d and stores every state until the disk dies.  The index of the
 * last completed store (-1: none) and of the one in flight (-1: the base
 * state, i.e. none was; -2 nothing at all). */
static int scenario(struct sim *d, int *inflight)
{
	struct vtpm_disk v = sim_disk(d);
	struct vtpmstate s;
	int done = -1;

	*inflight = -1;
	if (vtpmstate_open(&s, &v, SHA256))
		return -1;
	for (int i = 0; i < NSTATES; i++) {
		*inflight = i;
		if (vtpmstate_store(&s, states[i], sizes[i])) {
			vtpmstate_close(&s);
			return done;
		}
		done = i;
	}
	*inflight = -1;
	vtpmstate_close(&s);
	return done;
}

static bool quiet; /* the negative control fails on purpose */

static bool same(const void *got, size_t glen, int idx, const struct base *b)
{
	const void *want = idx < 0 ? b->state : states[idx];
	size_t wlen = idx < 0 ? b->len : idx < NSTATES ? sizes[idx] : extra_len;

	return glen == wlen && (!wlen || memcmp(got, want, wlen) == 0);
}

/* Opens a crash image: which expected state it holds (1 last completed,
 * 2 in flight, 0 neither or an error), after checking a further store
 * loads back. */
static int recover(const struct sim *dead, int pat, unsigned int seed, int done,
		   int inflight, const struct base *b)
{
	uint8_t *img = pat < PAT_COUNT
			   ? sim_crash(dead, pat, seed)
			   : sim_crash_mask(dead, (uint32_t)(pat - PAT_COUNT));
	struct sim d;
	struct vtpm_disk v;
	struct vtpmstate s;
	const void *buf;
	size_t len;
	int verdict = 0;

	sim_init(&d, dead->ss, DISK_BYTES, img);
	sim_buf_put(img, DISK_BYTES);
	v = sim_disk(&d);
	if (vtpmstate_open(&s, &v, SHA256)) {
		if (!quiet)
			printf("  kill: open failed: %s\n", s.msg);
		goto out;
	}
	vtpmstate_load(&s, &buf, &len);
	if (same(buf, len, done, b))
		verdict = 1;
	else if (same(buf, len, inflight, b))
		verdict = 2;
	if (verdict && vtpmstate_store(&s, states[NSTATES], extra_len))
		verdict = 0;
	vtpmstate_close(&s);
	if (verdict &&
	    (vtpmstate_open(&s, &v, SHA256) || vtpmstate_load(&s, &buf, &len) ||
	     !same(buf, len, NSTATES, b)))
		verdict = 0;
	vtpmstate_close(&s);
out:
	sim_free(&d);
	return verdict;
}

/* Every kill point of the scenario on base b, every crash pattern. */
static void kill_all(uint32_t ss, const struct base *b, bool flush_lies,
		     struct counts *c)
{
	struct sim d;
	int inflight;
	long ops;

	memset(c, 0, sizeof(*c));
	quiet = flush_lies;
	sim_init(&d, ss, DISK_BYTES, b->image);
	CHECK_EQ(scenario(&d, &inflight), NSTATES - 1);
	ops = d.ops;
	sim_free(&d);
	for (long k = 0; k < ops; k++) {
		int done;

		sim_init(&d, ss, DISK_BYTES, b->image);
		d.kill_at = k;
		d.flush_lies = flush_lies;
		done = scenario(&d, &inflight);
		c->kills++;
		/* The patterns, then every subset when there are few. */
		int pats =
		    PAT_COUNT + (d.npend <= EXHAUSTIVE ? 1 << d.npend : 0);

		for (int pat = 0; pat < pats; pat++) {
			int v = recover(&d, pat, (unsigned int)k, done,
					inflight, b);

			c->images++;
			c->last += v == 1;
			c->inflight += v == 2;
			if (!v && !quiet)
				printf("  kill ss=%u at call %ld (%s): bad "
				       "(last %d, in flight %d)\n",
				       ss, k,
				       pat < PAT_COUNT ? pat_name[pat]
						       : "subset",
				       done, inflight);
			c->bad += !v;
		}
		sim_free(&d);
	}
	printf("  kill ss=%u%s: %ld kill points, %ld crash images: %ld "
	       "last completed, %ld in flight, %ld bad\n",
	       ss, flush_lies ? " (flush does nothing)" : "", c->kills,
	       c->images, c->last, c->inflight, c->bad);
}

static const struct base blank = {NULL, (const uint8_t *)"", 0};

TEST(kill_blank_512)
{
	struct counts c;

	kill_all(512, &blank, false, &c);
	CHECK_EQ(c.bad, 0);
	CHECK(c.inflight > 0 && c.last > 0);
}

TEST(kill_blank_4096)
{
	struct counts c;

	kill_all(4096, &blank, false, &c);
	CHECK_EQ(c.bad, 0);
	CHECK(c.inflight > 0 && c.last > 0);
}

/* A header written from FORMAT.md, independently of vtpmstate.c. */
static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void hand_slot(uint8_t *img, unsigned int slot, uint64_t seq,
		      const uint8_t *data, size_t len)
{
	uint8_t *h = img + slot * 4096;
	uint64_t off = 8192 + (uint64_t)slot * SLOT;

	memcpy(h, "domlVTPM", 8);
	put_le(h + 8, 1, 4);
	put_le(h + 12, 128, 4);
	put_le(h + 16, slot, 4);
	put_le(h + 24, seq, 8);
	put_le(h + 32, off, 8);
	put_le(h + 40, SLOT, 8);
	put_le(h + 48, len, 8);
	SHA256(data, len, h + 56);
	SHA256(h, 96, h + 96);
	memcpy(img + off, data, len);
}

/* Starts two below the 64-bit wrap: the stores cross it. */
TEST(kill_seq_wrap)
{
	static uint8_t img[DISK_BYTES];
	const uint8_t older[] = "the state before";
	const uint8_t cur[] = "the current state";
	struct base b = {img, cur, sizeof(cur)};
	struct counts c;

	hand_slot(img, 1, UINT64_MAX - 2, older, sizeof(older));
	hand_slot(img, 0, UINT64_MAX - 1, cur, sizeof(cur));
	for (uint32_t ss = 512; ss <= 4096; ss *= 8) {
		kill_all(ss, &b, false, &c);
		CHECK_EQ(c.bad, 0);
	}
}

/* ---- a second kill while recovering from the first ---- */

struct blob {
	const uint8_t *p;
	size_t len;
};

static bool is(const void *got, size_t len, struct blob w)
{
	return len == w.len && (!len || memcmp(got, w.p, len) == 0);
}

/* The state an image loads, copied (NULL: it does not open). */
static bool load_image(const uint8_t *img, uint32_t ss, uint8_t **out,
		       size_t *olen)
{
	struct sim d;
	struct vtpm_disk v;
	struct vtpmstate s;
	const void *buf;
	bool ok;

	sim_init(&d, ss, DISK_BYTES, img);
	v = sim_disk(&d);
	ok = vtpmstate_open(&s, &v, SHA256) == 0;
	if (ok) {
		vtpmstate_load(&s, &buf, olen);
		*out = malloc(*olen + 1);
		if (*olen)
			memcpy(*out, buf, *olen);
		vtpmstate_close(&s);
	}
	sim_free(&d);
	return ok;
}

/* From image img (holding state r), opens and stores two states, killed
 * at every call, every pattern: each crash must load the last completed
 * state of r, s1, s2 or the one in flight. */
static void kill_again(const uint8_t *img, uint32_t ss, struct blob r,
		       struct counts *c)
{
	struct blob seq[3] = {
	    r, {states[NSTATES], extra_len}, {states[1], sizes[1]}};

	for (long k = 0;; k++) {
		struct sim d;
		struct vtpm_disk v;
		struct vtpmstate s;
		int done = 0, flight = 0;

		sim_init(&d, ss, DISK_BYTES, img);
		d.kill_at = k;
		v = sim_disk(&d);
		if (vtpmstate_open(&s, &v, SHA256) == 0) {
			for (flight = 1; flight < 3; flight++) {
				if (vtpmstate_store(&s, seq[flight].p,
						    seq[flight].len))
					break;
				done = flight;
			}
			vtpmstate_close(&s);
		}
		if (!d.dead) { /* ran to the end: every call was tried */
			sim_free(&d);
			return;
		}
		flight = flight < 3 ? flight : done;
		c->kills++;
		for (int pat = 0; pat < PAT_COUNT; pat++) {
			uint8_t *crash = sim_crash(&d, pat, (unsigned int)k);
			uint8_t *got = NULL;
			size_t len = 0;
			bool ok = load_image(crash, ss, &got, &len);

			c->images++;
			if (ok && is(got, len, seq[done]))
				c->last++;
			else if (ok && is(got, len, seq[flight]))
				c->inflight++;
			else
				c->bad++;
			free(got);
			sim_buf_put(crash, DISK_BYTES);
		}
		sim_free(&d);
	}
}

/* Every first kill of the blank scenario, three crash patterns of it
 * (nothing unflushed lands, the later half lands, all land with the last
 * sector torn), then every second kill with every pattern. */
TEST(kill_twice)
{
	static const int first[] = {PAT_NONE, PAT_SUFFIX, PAT_LAST_TORN};
	struct counts c = {0};

	/* 4096-byte sectors only: fewer pending sectors per crash, and the
	 * single-kill tests cover 512 already (this one costs seconds). */
	for (uint32_t ss = 4096; ss <= 4096; ss *= 8) {
		struct sim d;
		int inflight;
		long ops;

		sim_init(&d, ss, DISK_BYTES, NULL);
		scenario(&d, &inflight);
		ops = d.ops;
		sim_free(&d);
		for (long k = 0; k < ops; k++) {
			sim_init(&d, ss, DISK_BYTES, NULL);
			d.kill_at = k;
			scenario(&d, &inflight);
			for (unsigned int i = 0; i < 3; i++) {
				uint8_t *img =
				    sim_crash(&d, first[i], (unsigned int)k);
				struct blob r;
				uint8_t *rp = NULL;

				CHECK(load_image(img, ss, &rp, &r.len));
				r.p = rp;
				kill_again(img, ss, r, &c);
				free(rp);
				sim_buf_put(img, DISK_BYTES);
			}
			sim_free(&d);
		}
	}
	printf("  kill twice (ss 4096): %ld second kill points, %ld "
	       "crash images: %ld last completed, %ld in flight, %ld bad\n",
	       c.kills, c.images, c.last, c.inflight, c.bad);
	CHECK_EQ(c.bad, 0);
}

/* The harness must catch a disk that does not order writes. */
TEST(kill_negative_control)
{
	struct counts c;

	kill_all(512, &blank, true, &c);
	CHECK(c.bad > 0);
}

int main(void)
{
	make_states();
	RUN(kill_blank_512);
	RUN(kill_blank_4096);
	RUN(kill_seq_wrap);
	RUN(kill_twice);
	RUN(kill_negative_control);
	for (int i = 0; i <= NSTATES; i++)
		free(states[i]);
	sim_pool_free();
	return CHECK_DONE();
}
