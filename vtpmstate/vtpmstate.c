/*
 * vtpmstate.c - two-slot, crash-safe storage of the vTPM's state.
 *
 * The format and why each step is ordered as it is: FORMAT.md.  In short,
 * a store writes the payload into the slot not holding the current state,
 * flushes, writes that slot's header with the next sequence number,
 * flushes; a reader believes a slot only if its header checksum and its
 * payload's SHA-256 both hold, newest sequence first.
 *
 * Trusts the disk hooks to do what struct vtpm_disk says; nothing read
 * from the disk is trusted: each header is copied out of the sector once,
 * every field is range-checked against the disk before it is used, and
 * the payload is read into a buffer sized from the checked length.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vtpmstate/vtpmstate.h"

#define MAGIC	   "domlVTPM"
#define VERSION	   1u
#define HDR_LEN	   128u
#define HDR_HASHED 96u /* bytes covered by the header's own SHA-256 */
#define HDR_BLOCK  4096u
#define SLOT_ALIGN 4096u

struct hdr {
	bool magic, valid;
	uint64_t seq, off, slot_bytes, len;
	uint8_t sha[VTPMSTATE_SHA256_LEN];
	char why[64]; /* why it is not valid, or why its payload is not */
};

static void put32(uint8_t *p, uint32_t v)
{
	for (unsigned int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (unsigned int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < 4; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

__attribute__((format(printf, 2, 3))) static void setmsg(struct vtpmstate *s,
							 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
}

/* a newer than b, in serial-number arithmetic (the sequence may wrap). */
static bool seq_newer(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) > 0;
}

static uint64_t disk_bytes(const struct vtpmstate *s)
{
	return s->disk.sectors * s->disk.sector_size;
}

/* The disk's sector holding byte offset off (off is sector aligned). */
static uint64_t sector_of(const struct vtpmstate *s, uint64_t off)
{
	return off / s->disk.sector_size;
}

static int disk_read(struct vtpmstate *s, uint64_t off, void *buf,
		     uint32_t count, const char *what)
{
	int rc = s->disk.read(s->disk.ctx, sector_of(s, off), buf, count);

	if (rc)
		setmsg(s, "reading %s (byte %llu, %u sectors): error %d", what,
		       (unsigned long long)off, count, rc);
	return rc ? -EIO : 0;
}

static int disk_write(struct vtpmstate *s, uint64_t off, const void *buf,
		      uint32_t count, const char *what)
{
	int rc = s->disk.write(s->disk.ctx, sector_of(s, off), buf, count);

	if (rc)
		setmsg(s, "writing %s (byte %llu, %u sectors): error %d", what,
		       (unsigned long long)off, count, rc);
	return rc ? -EIO : 0;
}

static int disk_flush(struct vtpmstate *s, const char *after)
{
	int rc = s->disk.flush(s->disk.ctx);

	if (rc)
		setmsg(s, "flush after %s: error %d", after, rc);
	return rc ? -EIO : 0;
}

/* Fills in h from header block `slot`'s first HDR_LEN bytes, validating
 * every field against the disk.  h->why says what is wrong. */
static void hdr_parse(struct vtpmstate *s, unsigned int slot, const uint8_t *p,
		      struct hdr *h)
{
	uint8_t sum[VTPMSTATE_SHA256_LEN];

	memset(h, 0, sizeof(*h));
	h->magic = memcmp(p, MAGIC, 8) == 0;
	if (!h->magic) {
		snprintf(h->why, sizeof(h->why), "no vtpmstate header");
		return;
	}
	s->sha256(p, HDR_HASHED, sum);
	if (memcmp(sum, p + HDR_HASHED, sizeof(sum)) != 0) {
		snprintf(h->why, sizeof(h->why), "header checksum mismatch");
		return;
	}
	if (get32(p + 8) != VERSION || get32(p + 12) != HDR_LEN) {
		snprintf(h->why, sizeof(h->why), "unknown version %u",
			 (unsigned int)get32(p + 8));
		return;
	}
	h->seq = get64(p + 24);
	h->off = get64(p + 32);
	h->slot_bytes = get64(p + 40);
	h->len = get64(p + 48);
	memcpy(h->sha, p + 56, sizeof(h->sha));
	if (get32(p + 16) != slot || get32(p + 20) != 0 || get64(p + 88) != 0 ||
	    h->slot_bytes % SLOT_ALIGN || h->slot_bytes < VTPMSTATE_SLOT_MIN ||
	    h->slot_bytes > VTPMSTATE_SLOT_MAX ||
	    h->off != VTPMSTATE_HDR_AREA + slot * h->slot_bytes ||
	    VTPMSTATE_HDR_AREA + 2 * h->slot_bytes > disk_bytes(s) ||
	    h->len > h->slot_bytes) {
		snprintf(h->why, sizeof(h->why),
			 "bad layout (seq %llu, slot size %llu, length %llu)",
			 (unsigned long long)h->seq,
			 (unsigned long long)h->slot_bytes,
			 (unsigned long long)h->len);
		return;
	}
	h->valid = true;
}

static void hdr_build(uint8_t *p, unsigned int slot, uint64_t seq,
		      uint64_t slot_bytes, uint64_t len,
		      const uint8_t sha[VTPMSTATE_SHA256_LEN],
		      vtpmstate_sha256_fn sha256)
{
	memset(p, 0, HDR_LEN);
	memcpy(p, MAGIC, 8);
	put32(p + 8, VERSION);
	put32(p + 12, HDR_LEN);
	put32(p + 16, slot);
	put64(p + 24, seq);
	put64(p + 32, VTPMSTATE_HDR_AREA + slot * slot_bytes);
	put64(p + 40, slot_bytes);
	put64(p + 48, len);
	memcpy(p + 56, sha, VTPMSTATE_SHA256_LEN);
	sha256(p, HDR_HASHED, p + HDR_HASHED);
}

/* Writes header `slot` as one sector (the rest of it zero). */
static int hdr_write(struct vtpmstate *s, unsigned int slot, uint64_t seq,
		     size_t len, const uint8_t sha[VTPMSTATE_SHA256_LEN])
{
	memset(s->sector, 0, s->disk.sector_size);
	hdr_build(s->sector, slot, seq, s->slot_bytes, len, sha, s->sha256);
	return disk_write(s, (uint64_t)slot * HDR_BLOCK, s->sector, 1,
			  slot ? "header 1" : "header 0");
}

static int hdr_read(struct vtpmstate *s, unsigned int slot, struct hdr *h)
{
	int rc = disk_read(s, (uint64_t)slot * HDR_BLOCK, s->sector, 1,
			   slot ? "header 1" : "header 0");

	if (rc)
		return rc;
	hdr_parse(s, slot, s->sector, h);
	return 0;
}

static uint32_t sectors_for(const struct vtpmstate *s, uint64_t len)
{
	return (uint32_t)((len + s->disk.sector_size - 1) /
			  s->disk.sector_size);
}

/* Reads slot h's payload and checks its hash: 0 and s->payload, or
 * -EBADMSG (h->why set), or a read error.  h is valid: len <= SLOT_MAX. */
static int payload_load(struct vtpmstate *s, struct hdr *h)
{
	uint32_t n = sectors_for(s, h->len);
	uint8_t sum[VTPMSTATE_SHA256_LEN];
	uint8_t *buf = NULL;
	int rc;

	if (n) {
		buf = malloc((size_t)n * s->disk.sector_size);
		if (!buf) {
			setmsg(s, "no memory for a %llu-byte state",
			       (unsigned long long)h->len);
			return -ENOMEM;
		}
		rc = disk_read(s, h->off, buf, n, "payload");
		if (rc) {
			free(buf);
			return rc;
		}
	}
	s->sha256(buf ? buf : (const uint8_t *)"", h->len, sum);
	if (memcmp(sum, h->sha, sizeof(sum)) != 0) {
		snprintf(h->why, sizeof(h->why),
			 "seq %llu: payload SHA-256 mismatch",
			 (unsigned long long)h->seq);
		free(buf);
		return -EBADMSG;
	}
	s->payload = buf;
	s->payload_len = (size_t)h->len;
	return 0;
}

static int format(struct vtpmstate *s)
{
	uint64_t avail = (disk_bytes(s) - VTPMSTATE_HDR_AREA) / 2;
	uint8_t sha[VTPMSTATE_SHA256_LEN];
	int rc;

	s->slot_bytes = avail - avail % SLOT_ALIGN;
	if (s->slot_bytes > VTPMSTATE_SLOT_MAX)
		s->slot_bytes = VTPMSTATE_SLOT_MAX;
	s->sha256((const uint8_t *)"", 0, sha);
	for (unsigned int slot = 0; slot < 2; slot++) {
		rc = hdr_write(s, slot, 0, 0, sha);
		if (!rc)
			rc = disk_flush(s, "formatting");
		if (rc)
			return rc;
	}
	s->found = VTPMSTATE_FORMATTED;
	s->slot = 0;
	s->seq = 0;
	return 0;
}

/* Neither slot loaded: format, or refuse (FORMAT.md, "Reading"). */
static int no_valid_slot(struct vtpmstate *s, const struct hdr h[2])
{
	if (h[0].valid || h[1].valid || (h[0].magic && h[1].magic)) {
		setmsg(s,
		       "vTPM state disk corrupt, refusing it (not reset): "
		       "slot 0: %s; slot 1: %s",
		       h[0].why, h[1].why);
		return -EBADMSG;
	}
	return format(s);
}

/* Loads the newest slot that checks out, else formats or refuses. */
static int load_newest(struct vtpmstate *s, struct hdr h[2])
{
	unsigned int order[2] = {0, 1};
	int rc;

	if (h[0].valid && h[1].valid && seq_newer(h[1].seq, h[0].seq)) {
		order[0] = 1;
		order[1] = 0;
	}
	for (unsigned int i = 0; i < 2; i++) {
		struct hdr *c = &h[order[i]];

		if (!c->valid)
			continue;
		rc = payload_load(s, c);
		if (rc == -EBADMSG)
			continue;
		if (rc)
			return rc;
		/* The next store replaces the other header, so only this one
		 * needs a lower sequence than the next: even a hostile other
		 * header (2^63 away) cannot outrank it afterwards. */
		s->slot = order[i];
		s->seq = c->seq;
		s->slot_bytes = c->slot_bytes;
		s->found = VTPMSTATE_LOADED;
		if (i == 1 && h[order[0]].valid)
			setmsg(s, "slot %u: %s; loaded slot %u (seq %llu)",
			       order[0], h[order[0]].why, order[i],
			       (unsigned long long)c->seq);
		return 0;
	}
	return no_valid_slot(s, h);
}

static int check_disk(struct vtpmstate *s, const struct vtpm_disk *d)
{
	if (!d->read || !d->write) {
		setmsg(s, "vTPM state disk: no read or write hook");
		return -EINVAL;
	}
	if (!d->flush) {
		setmsg(s, "vTPM state disk cannot flush: writes would not be "
			  "ordered, refusing to keep state on it");
		return -EOPNOTSUPP;
	}
	if (d->sector_size < 512 || d->sector_size > VTPMSTATE_MAX_SECTOR ||
	    (d->sector_size & (d->sector_size - 1))) {
		setmsg(s, "vTPM state disk: sector size %u not supported",
		       d->sector_size);
		return -EINVAL;
	}
	if (d->sectors < VTPMSTATE_MIN_DISK / d->sector_size) {
		setmsg(s, "vTPM state disk too small: %llu bytes, need %u",
		       (unsigned long long)d->sectors * d->sector_size,
		       VTPMSTATE_MIN_DISK);
		return -ENOSPC;
	}
	/* Anything larger is never addressed; a huge count must not
	 * overflow sectors * sector_size. */
	if (d->sectors > (1ull << 40))
		s->disk.sectors = 1ull << 40;
	return 0;
}

int vtpmstate_open(struct vtpmstate *s, const struct vtpm_disk *d,
		   vtpmstate_sha256_fn sha256)
{
	struct hdr h[2];
	int rc;

	memset(s, 0, sizeof(*s));
	s->disk = *d;
	s->sha256 = sha256;
	rc = check_disk(s, d);
	if (rc)
		return rc;
	s->sector = malloc(d->sector_size);
	if (!s->sector) {
		setmsg(s, "no memory for a sector");
		return -ENOMEM;
	}
	for (unsigned int slot = 0; slot < 2 && !rc; slot++)
		rc = hdr_read(s, slot, &h[slot]);
	if (!rc)
		rc = load_newest(s, h);
	if (rc)
		vtpmstate_close(s);
	return rc;
}

int vtpmstate_load(struct vtpmstate *s, const void **buf, size_t *len)
{
	if (s->replaced) {
		setmsg(s, "vTPM state already replaced by a store");
		return -ENODATA;
	}
	*buf = s->payload;
	*len = s->payload_len;
	return 0;
}

/* Writes len bytes of payload at off: whole sectors straight from buf,
 * the last partial one through the zero-padded scratch sector. */
static int payload_write(struct vtpmstate *s, uint64_t off, const void *buf,
			 size_t len)
{
	uint32_t ss = s->disk.sector_size;
	uint32_t whole = (uint32_t)(len / ss);
	size_t tail = len % ss;
	int rc;

	if (whole) {
		rc = disk_write(s, off, buf, whole, "payload");
		if (rc)
			return rc;
	}
	if (!tail)
		return 0;
	memset(s->sector, 0, ss);
	memcpy(s->sector, (const uint8_t *)buf + (size_t)whole * ss, tail);
	return disk_write(s, off + (uint64_t)whole * ss, s->sector, 1,
			  "payload tail");
}

int vtpmstate_store(struct vtpmstate *s, const void *buf, size_t len)
{
	unsigned int slot = 1 - s->slot;
	uint8_t sha[VTPMSTATE_SHA256_LEN];
	int rc;

	if (len > s->slot_bytes) {
		setmsg(s,
		       "vTPM state of %zu bytes does not fit a %llu-byte "
		       "slot",
		       len, (unsigned long long)s->slot_bytes);
		return -EFBIG;
	}
	s->msg[0] = '\0';
	s->sha256(len ? buf : (const uint8_t *)"", len, sha);
	rc = payload_write(s, VTPMSTATE_HDR_AREA + slot * s->slot_bytes, buf,
			   len);
	if (!rc)
		rc = disk_flush(s, "payload");
	if (!rc)
		rc = hdr_write(s, slot, s->seq + 1, len, sha);
	if (!rc)
		rc = disk_flush(s, "header");
	if (rc)
		return rc;
	s->slot = slot;
	s->seq++;
	free(s->payload);
	s->payload = NULL;
	s->payload_len = 0;
	s->replaced = true;
	return 0;
}

void vtpmstate_close(struct vtpmstate *s)
{
	free(s->payload);
	free(s->sector);
	s->payload = NULL;
	s->sector = NULL;
	s->payload_len = 0;
}
