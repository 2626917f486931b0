/*
 * vtpmstate.h - the vTPM's persistent state on a disk of its own, crash
 * safe: the whole public API.
 *
 * The state is one opaque payload (the TPM's named blobs, see the
 * vtpmstate_blobs_* calls below), kept in two slots.  A store writes the
 * payload into the slot that does not hold the current state, flushes,
 * then writes that slot's header (a sequence number one higher and the
 * payload's SHA-256), and flushes again.  Whenever the program dies, the
 * disk holds the last completed state or the one being stored, never a
 * mix: a header is only believed when its own checksum and its payload's
 * hash both hold.  The on-disk format is vtpmstate/FORMAT.md.
 *
 * What it trusts: the disk hooks do what they say (flush makes every
 * earlier completed write durable); the disk's contents are untrusted
 * (every header field is range-checked, the payload is hash-checked).
 * SHA-256 is the caller's (OpenSSL's SHA256 on both sides).
 *
 * Pure code: libc only, no kernel calls; host-tested by
 * tests/unit/test_vtpmstate.c (a simulated disk killed at every write and
 * flush boundary) and tests/fuzz/fuzz_vtpmstate.c.  vtpmstate_blkfront
 * (blkfront.c) is the only domlet-specific part.
 *
 * Errors: 0 or a negative errno, and s->msg naming what failed.
 */
#ifndef VTPMSTATE_VTPMSTATE_H
#define VTPMSTATE_VTPMSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sizes (bytes).  A slot holds one payload; slots are as large as the
 * disk allows up to SLOT_MAX, at least SLOT_MIN. */
#define VTPMSTATE_HDR_AREA    8192u /* two 4 KiB header blocks */
#define VTPMSTATE_SLOT_MIN    (64u * 1024)
#define VTPMSTATE_SLOT_MAX    (512u * 1024)
#define VTPMSTATE_MAX_PAYLOAD VTPMSTATE_SLOT_MAX
#define VTPMSTATE_MIN_DISK    (VTPMSTATE_HDR_AREA + 2 * VTPMSTATE_SLOT_MIN)
#define VTPMSTATE_MAX_SECTOR  4096u
#define VTPMSTATE_SHA256_LEN  32u

/*
 * The disk, in its own logical sectors (sector_size 512 or 4096).
 * read/write move `count` whole sectors from `sector`; 0 or -errno.
 * flush returns once every write that completed before it is durable;
 * NULL means the disk cannot order writes, which vtpmstate refuses.
 * A write that returns an error may have landed in part.
 */
struct vtpm_disk {
	int (*read)(void *ctx, uint64_t sector, void *buf, uint32_t count);
	int (*write)(void *ctx, uint64_t sector, const void *buf,
		     uint32_t count);
	int (*flush)(void *ctx);
	void *ctx;
	uint32_t sector_size;
	uint64_t sectors;
};

/* OpenSSL's SHA256() has this type: pass it as is. */
typedef unsigned char *(*vtpmstate_sha256_fn)(const unsigned char *d, size_t n,
					      unsigned char *md);

/* What vtpmstate_open found. */
enum vtpmstate_found {
	VTPMSTATE_LOADED = 1, /* a stored state (may be empty: a store of 0
				 bytes, or a disk formatted earlier) */
	VTPMSTATE_FORMATTED,  /* no header carried our magic: formatted now,
				 the state is empty */
};

struct vtpmstate {
	struct vtpm_disk disk;
	vtpmstate_sha256_fn sha256;
	enum vtpmstate_found found;
	bool replaced;	     /* a store has happened: vtpmstate_load says so */
	unsigned int slot;   /* the slot holding the current state */
	uint64_t seq;	     /* the current slot's sequence */
	uint64_t slot_bytes; /* each slot's payload region */
	uint8_t *payload;    /* the loaded state (NULL: empty or given up) */
	size_t payload_len;
	uint8_t *sector; /* one sector of scratch */
	/* Why the last call failed, or a note on success (a fallback to the
	 * older slot); "" when there is nothing to say. */
	char msg[200];
};

/*
 * Reads both headers and loads the newest state whose header and payload
 * check out, falling back to the other slot.  If neither header carries
 * our magic (a new disk: zeros, or anything else), formats the disk: the
 * state is then empty and s->found is VTPMSTATE_FORMATTED (else
 * VTPMSTATE_LOADED).  Errors: -EBADMSG corrupt, never reset: no slot
 * validates and a header is valid (its payload is not) or both headers
 * carry our magic; -EIO a disk call failed (any error of a hook; s->msg
 * has its number); -EOPNOTSUPP no flush hook; -ENOSPC disk smaller than
 * VTPMSTATE_MIN_DISK; -EINVAL unsupported sector size; -ENOMEM.
 * On success vtpmstate_close must follow.
 */
int vtpmstate_open(struct vtpmstate *s, const struct vtpm_disk *d,
		   vtpmstate_sha256_fn sha256);

/*
 * The state open found: *buf (NULL when empty) and *len stay valid until
 * the next vtpmstate_store or vtpmstate_close.  -ENODATA after a store.
 */
int vtpmstate_load(struct vtpmstate *s, const void **buf, size_t *len);

/*
 * Stores a new state (len <= slot_bytes, at most VTPMSTATE_MAX_PAYLOAD:
 * else -EFBIG).  Returns 0 once it is durable.  On an error the previous
 * state is still on the disk and still the current one; a later store may
 * be tried again.
 */
int vtpmstate_store(struct vtpmstate *s, const void *buf, size_t len);

void vtpmstate_close(struct vtpmstate *s);

/* ---- blobs.c: named blobs in one payload, so one store covers them
 * all (libtpms's "permall", "volatilestate", "savestate") ---- */

#define VTPMSTATE_NAME_MAX 32u /* bytes of a blob's name, without NUL */

struct vtpmstate_blob {
	const char *name; /* 1..NAME_MAX bytes, no NUL inside */
	const void *data;
	size_t len;
};

/* The payload size n blobs encode to; 0 if a name is bad or the total
 * would pass VTPMSTATE_MAX_PAYLOAD. */
size_t vtpmstate_blobs_size(const struct vtpmstate_blob *b, unsigned int n);

/* Encodes n blobs into out (cap bytes); the payload size, or 0 if a
 * name is bad or it does not fit. */
size_t vtpmstate_blobs_encode(void *out, size_t cap,
			      const struct vtpmstate_blob *b, unsigned int n);

/* Finds blob `name` in a payload: 0 and *data, *dlen pointing into the
 * payload, -ENOENT, or -EBADMSG if the payload is malformed (checked
 * whole before any answer). */
int vtpmstate_blobs_find(const void *payload, size_t len, const char *name,
			 const void **data, size_t *dlen);

/*
 * The two calls a TPM engine's load/store hooks need.  vtpmstate_get_blob:
 * a malloc'd copy of blob `name` of the state open loaded (the caller
 * frees it); *data NULL and *len 0 if the state is empty (a new disk);
 * -ENOENT if a non-empty state lacks it (never "empty": that would
 * remanufacture the TPM), -EBADMSG if the payload is malformed, -ENODATA
 * after a store, -ENOMEM.  vtpmstate_store_blobs: encodes n blobs and
 * stores them as one state; -EINVAL for a bad or repeated name, else as
 * vtpmstate_store.  Both set s->msg on failure.
 */
int vtpmstate_get_blob(struct vtpmstate *s, const char *name, uint8_t **data,
		       size_t *len);
int vtpmstate_store_blobs(struct vtpmstate *s, const struct vtpmstate_blob *b,
			  unsigned int n);

/* ---- blkfront.c (domlet only) ---- */
struct blkfront;

/*
 * Makes d a vtpm_disk over an open blkfront device.  -EOPNOTSUPP if the
 * backend offers neither feature-flush-cache nor feature-barrier (writes
 * would not be ordered: refuse to keep state there); -EINVAL for a
 * logical sector size vtpmstate does not handle; -EROFS read-only.
 */
int vtpmstate_blkfront(struct vtpm_disk *d, struct blkfront *bf);

#endif
