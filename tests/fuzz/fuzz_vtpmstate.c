// SOURCES: vtpmstate/vtpmstate.c vtpmstate/blobs.c
// CFLAGS: -I.
// LIBS: -lcrypto
/*
 * fuzz_vtpmstate.c - vtpmstate_open on arbitrary disk contents, and the
 * named-blob parser on arbitrary payloads.
 *
 * Input: a flags byte, header 0 and header 1 (128 bytes each), then the
 * two slots' payload bytes (the rest, split in two) on the smallest disk
 * (64 KiB slots).  Flags: bit 0 sector size 4096 (else 512); bit 1 lay
 * out both headers' fields sanely (magic, version, slot, offsets);
 * bits 2/3 recompute header 0/1's checksum and its payload's hash, so
 * the fuzzer gets past the checks into the loading logic.
 * Invariants: open says 0 or -EBADMSG (with "corrupt" in the message)
 * and writes nothing when it refuses; what it loads fits its slot and
 * parses as blobs without overreading; and whatever the disk held, a
 * store on an opened disk loads back.
 */
#include <stdio.h>
#include "fuzz.h"
#include "../unit/vtpmsim.h"

#define SLOT  VTPMSTATE_SLOT_MIN
#define BYTES VTPMSTATE_MIN_DISK

static void lay_out(uint8_t *h, unsigned int slot)
{
	uint64_t off = VTPMSTATE_HDR_AREA + (uint64_t)slot * SLOT, len = 0;

	memcpy(h, "domlVTPM", 8);
	memset(h + 8, 0, 8);
	h[8] = 1;
	h[12] = 128;
	memset(h + 16, 0, 8);
	h[16] = (uint8_t)slot;
	for (int i = 0; i < 8; i++) {
		h[32 + i] = (uint8_t)(off >> (8 * i));
		h[40 + i] = (uint8_t)((uint64_t)SLOT >> (8 * i));
		len |= (uint64_t)h[48 + i] << (8 * i);
	}
	len %= SLOT + 1;
	for (int i = 0; i < 8; i++)
		h[48 + i] = (uint8_t)(len >> (8 * i));
	memset(h + 88, 0, 8);
}

/* Recomputes slot `slot`'s payload hash (length clamped to the slot) and
 * its header checksum. */
static void fix_sums(uint8_t *img, unsigned int slot)
{
	uint8_t *h = img + slot * 4096;
	uint64_t len = 0;

	for (int i = 0; i < 8; i++)
		len |= (uint64_t)h[48 + i] << (8 * i);
	if (len <= SLOT)
		SHA256(img + VTPMSTATE_HDR_AREA + slot * SLOT, len, h + 56);
	SHA256(h, 96, h + 96);
}

static void check_blobs(const uint8_t *p, size_t len)
{
	const void *data;
	size_t dlen;

	if (vtpmstate_blobs_find(p, len, "permall", &data, &dlen) == 0)
		REQUIRE((const uint8_t *)data >= p &&
			(const uint8_t *)data + dlen <= p + len);
}

static void check_open(struct sim *d)
{
	struct vtpm_disk v = sim_disk(d);
	struct vtpmstate s;
	const void *buf;
	size_t len;
	int rc = vtpmstate_open(&s, &v, SHA256);

	if (rc) {
		REQUIRE(rc == -EBADMSG && strstr(s.msg, "corrupt"));
		REQUIRE(d->npend == 0);
		return;
	}
	REQUIRE(vtpmstate_load(&s, &buf, &len) == 0);
	REQUIRE(len <= s.slot_bytes && (len == 0 || buf));
	check_blobs(buf, len);
	REQUIRE(vtpmstate_store(&s, "next", 4) == 0);
	vtpmstate_close(&s);
	REQUIRE(vtpmstate_open(&s, &v, SHA256) == 0);
	REQUIRE(vtpmstate_load(&s, &buf, &len) == 0);
	REQUIRE(len == 4 && memcmp(buf, "next", 4) == 0);
	vtpmstate_close(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t img[BYTES];
	struct sim d;
	size_t rest, half;

	check_blobs(data, size);
	if (size < 1 + 256)
		return 0;
	memset(img, 0, sizeof(img));
	memcpy(img, data + 1, 128);
	memcpy(img + 4096, data + 129, 128);
	rest = size - 257;
	half = rest / 2 < SLOT ? rest / 2 : SLOT;
	memcpy(img + VTPMSTATE_HDR_AREA, data + 257, half);
	memcpy(img + VTPMSTATE_HDR_AREA + SLOT, data + 257 + half,
	       rest - half < SLOT ? rest - half : SLOT);
	if (data[0] & 2) {
		lay_out(img, 0);
		lay_out(img + 4096, 1);
	}
	if (data[0] & 4)
		fix_sums(img, 0);
	if (data[0] & 8)
		fix_sums(img, 1);
	sim_init(&d, data[0] & 1 ? 4096 : 512, BYTES, img);
	check_open(&d);
	sim_free(&d);
	return 0;
}
