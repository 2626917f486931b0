// SOURCES: vtpmstate/vtpmstate.c vtpmstate/blobs.c
// CFLAGS: -I.
// LIBS: -lcrypto
/*
 * test_vtpmstate.c - vtpmstate's decisions, one at a time: a blank or
 * foreign disk is formatted, a stored state loads back (sector sizes 512,
 * 1024 and 4096), the header sits where FORMAT.md says, a damaged newest
 * slot falls back to the older one with a note, damage to both is refused
 * with a message and never reset, a kill while formatting is formatted
 * again, read errors never format, sizes and disks out of range are
 * refused, and the named-blob payload encodes, finds and rejects
 * malformed input, and the engine-hook calls (vtpmstate_get_blob,
 * vtpmstate_store_blobs) round-trip.  The kill-at-every-call test is
 * test_vtpmstate_kill.c.
 */
#include <stdio.h>
#include "check.h"
#include "vtpmsim.h"

#define BYTES (1024u * 1024 + 8192) /* full 512 KiB slots */

static int open_sim(struct vtpmstate *s, struct sim *d)
{
	struct vtpm_disk v = sim_disk(d);

	return vtpmstate_open(s, &v, SHA256);
}

/* Stores len bytes of pattern c and closes. */
static void store_fill(struct sim *d, int c, size_t len)
{
	struct vtpmstate s;
	uint8_t *buf = malloc(len + 1);

	memset(buf, c, len);
	CHECK_EQ(open_sim(&s, d), 0);
	CHECK_EQ(vtpmstate_store(&s, buf, len), 0);
	vtpmstate_close(&s);
	free(buf);
}

/* Opens d and checks it loads len bytes of c. */
static void expect_fill(struct sim *d, int c, size_t len)
{
	struct vtpmstate s;
	const void *buf;
	size_t got;

	CHECK_EQ(open_sim(&s, d), 0);
	CHECK_EQ(s.found, VTPMSTATE_LOADED);
	CHECK_EQ(vtpmstate_load(&s, &buf, &got), 0);
	CHECK_EQ(got, len);
	for (size_t i = 0; i < len; i++)
		CHECK_EQ(((const uint8_t *)buf)[i], c);
	vtpmstate_close(&s);
}

TEST(format_blank_then_roundtrip)
{
	for (uint32_t ss = 512; ss <= 4096; ss *= 2) {
		struct sim d;
		struct vtpmstate s;
		const void *buf;
		size_t len;

		sim_init(&d, ss, BYTES, NULL);
		CHECK_EQ(open_sim(&s, &d), 0);
		CHECK_EQ(s.found, VTPMSTATE_FORMATTED);
		CHECK_EQ(s.slot_bytes, VTPMSTATE_SLOT_MAX);
		CHECK_EQ(vtpmstate_load(&s, &buf, &len), 0);
		CHECK_EQ(len, 0);
		vtpmstate_close(&s);
		CHECK_EQ(open_sim(&s, &d), 0);
		CHECK_EQ(s.found, VTPMSTATE_LOADED);
		vtpmstate_close(&s);
		store_fill(&d, 0xa5, VTPMSTATE_MAX_PAYLOAD);
		expect_fill(&d, 0xa5, VTPMSTATE_MAX_PAYLOAD);
		store_fill(&d, 0x11, 1);
		expect_fill(&d, 0x11, 1);
		sim_free(&d);
	}
}

/* Field offsets as FORMAT.md gives them. */
TEST(header_where_documented)
{
	struct sim d;
	uint8_t sum[32];
	const uint8_t *h;

	sim_init(&d, 512, BYTES, NULL);
	store_fill(&d, 0x42, 1000); /* seq 1 in slot 1 */
	h = d.durable + 4096;
	CHECK(memcmp(h, "domlVTPM", 8) == 0);
	CHECK_EQ(h[8], 1);
	CHECK_EQ(h[12], 128);
	CHECK_EQ(h[16], 1);
	CHECK_EQ(h[24], 1);
	CHECK_EQ(h[32] | h[33] << 8 | h[34] << 16, 8192 + 512 * 1024);
	CHECK_EQ(h[40] | h[41] << 8 | h[42] << 16, 512 * 1024);
	CHECK_EQ(h[48] | h[49] << 8, 1000);
	SHA256(d.durable + 8192 + 512 * 1024, 1000, sum);
	CHECK(memcmp(h + 56, sum, 32) == 0);
	SHA256(h, 96, sum);
	CHECK(memcmp(h + 96, sum, 32) == 0);
	CHECK_EQ(d.durable[8192 + 512 * 1024 + 1000], 0); /* padding */
	sim_free(&d);
}

TEST(foreign_disk_formatted)
{
	struct sim d;
	struct vtpmstate s;

	sim_init(&d, 512, BYTES, NULL);
	for (size_t i = 0; i < BYTES; i++)
		d.durable[i] = d.cache[i] = (uint8_t)(i * 7 + 3);
	CHECK_EQ(open_sim(&s, &d), 0);
	CHECK_EQ(s.found, VTPMSTATE_FORMATTED);
	vtpmstate_close(&s);
	sim_free(&d);
}

/* Two stores: slot 1 holds seq 1 (0x01), slot 0 seq 2 (0x02). */
static void two_states(struct sim *d, uint32_t ss)
{
	sim_init(d, ss, BYTES, NULL);
	store_fill(d, 0x01, 5000);
	store_fill(d, 0x02, 6000);
}

static void poke(struct sim *d, size_t off)
{
	d->cache[off] ^= 0x80;
}

TEST(newest_payload_bad_falls_back)
{
	struct sim d;
	struct vtpmstate s;

	two_states(&d, 4096);
	poke(&d, 8192 + 100);
	CHECK_EQ(open_sim(&s, &d), 0);
	CHECK_EQ(s.slot, 1);
	CHECK(strstr(s.msg, "slot 0: seq 2: payload SHA-256 mismatch"));
	vtpmstate_close(&s);
	expect_fill(&d, 0x01, 5000);
	/* The next store goes into slot 0 with seq 2, above slot 1's. */
	store_fill(&d, 0x03, 10);
	expect_fill(&d, 0x03, 10);
	CHECK_EQ(d.cache[24], 2);
	sim_free(&d);
}

TEST(newest_header_bad_falls_back)
{
	struct sim d;

	two_states(&d, 512);
	poke(&d, 30);
	expect_fill(&d, 0x01, 5000);
	sim_free(&d);
}

TEST(both_bad_refused)
{
	struct sim d;
	struct vtpmstate s;
	uint8_t hdr[2][128];

	two_states(&d, 512);
	memcpy(hdr[0], d.cache, 128);
	memcpy(hdr[1], d.cache + 4096, 128);
	/* Both headers damaged. */
	poke(&d, 30);
	poke(&d, 4096 + 30);
	CHECK_EQ(open_sim(&s, &d), -EBADMSG);
	CHECK(strstr(s.msg, "corrupt"));
	CHECK(strstr(s.msg, "slot 0: header checksum mismatch"));
	CHECK(strstr(s.msg, "slot 1: header checksum mismatch"));
	CHECK(d.cache[30] != hdr[0][30]); /* untouched: not reset */
	/* Both payloads damaged, headers fine. */
	memcpy(d.cache, hdr[0], 128);
	memcpy(d.cache + 4096, hdr[1], 128);
	poke(&d, 8192);
	poke(&d, 8192 + 512 * 1024);
	CHECK_EQ(open_sim(&s, &d), -EBADMSG);
	CHECK(strstr(s.msg, "payload SHA-256 mismatch"));
	/* A valid header whose payload fails, next to no header at all. */
	memset(d.cache + 4096, 0, 512);
	CHECK_EQ(open_sim(&s, &d), -EBADMSG);
	CHECK(strstr(s.msg, "slot 1: no vtpmstate header"));
	sim_free(&d);
}

/* A first format killed in header 0 (torn: magic, bad checksum) next to
 * a header 1 never written is formatted again. */
TEST(torn_first_format_reformatted)
{
	struct sim d;
	struct vtpmstate s;

	sim_init(&d, 512, BYTES, NULL);
	memcpy(d.cache, "domlVTPM", 8);
	d.cache[8] = 1;
	CHECK_EQ(open_sim(&s, &d), 0);
	CHECK_EQ(s.found, VTPMSTATE_FORMATTED);
	vtpmstate_close(&s);
	sim_free(&d);
}

TEST(read_error_never_formats)
{
	struct sim d;
	struct vtpmstate s;

	sim_init(&d, 512, BYTES, NULL);
	d.fail_reads = true;
	CHECK_EQ(open_sim(&s, &d), -EIO);
	CHECK(strstr(s.msg, "reading header 0"));
	CHECK_EQ(d.npend, 0); /* nothing written */
	sim_free(&d);
}

TEST(limits)
{
	struct sim d;
	struct vtpmstate s;
	struct vtpm_disk v;
	static uint8_t big[VTPMSTATE_MAX_PAYLOAD + 1];

	sim_init(&d, 512, VTPMSTATE_MIN_DISK - 512, NULL);
	CHECK_EQ(open_sim(&s, &d), -ENOSPC);
	CHECK(strstr(s.msg, "too small"));
	sim_free(&d);
	sim_init(&d, 512, VTPMSTATE_MIN_DISK, NULL);
	CHECK_EQ(open_sim(&s, &d), 0);
	CHECK_EQ(s.slot_bytes, VTPMSTATE_SLOT_MIN);
	CHECK_EQ(vtpmstate_store(&s, big, VTPMSTATE_SLOT_MIN + 1), -EFBIG);
	CHECK(strstr(s.msg, "does not fit"));
	CHECK_EQ(vtpmstate_store(&s, big, VTPMSTATE_SLOT_MIN), 0);
	vtpmstate_close(&s);
	sim_free(&d);
	sim_init(&d, 512, BYTES, NULL);
	CHECK_EQ(open_sim(&s, &d), 0);
	CHECK_EQ(vtpmstate_store(&s, big, sizeof(big)), -EFBIG);
	vtpmstate_close(&s);
	v = sim_disk(&d);
	v.sector_size = 520;
	CHECK_EQ(vtpmstate_open(&s, &v, SHA256), -EINVAL);
	v = sim_disk(&d);
	v.flush = NULL;
	CHECK_EQ(vtpmstate_open(&s, &v, SHA256), -EOPNOTSUPP);
	CHECK(strstr(s.msg, "not be ordered"));
	sim_free(&d);
}

/* Headers of a larger disk on a smaller one point outside it: refused;
 * a disk grown after formatting keeps its layout. */
TEST(disk_size_changes)
{
	struct sim d, grown, shrunk;

	two_states(&d, 512);
	sim_init(&grown, 512, 2 * BYTES, NULL);
	memcpy(grown.cache, d.cache, BYTES);
	expect_fill(&grown, 0x02, 6000);
	sim_init(&shrunk, 512, BYTES - 4096, d.cache);
	{
		struct vtpmstate s;

		CHECK_EQ(open_sim(&s, &shrunk), -EBADMSG);
		CHECK(strstr(s.msg, "bad layout"));
	}
	sim_free(&d);
	sim_free(&grown);
	sim_free(&shrunk);
}

TEST(load_after_store)
{
	struct sim d;
	struct vtpmstate s;
	const void *buf;
	size_t len;

	sim_init(&d, 512, BYTES, NULL);
	CHECK_EQ(open_sim(&s, &d), 0);
	CHECK_EQ(vtpmstate_store(&s, "x", 1), 0);
	CHECK_EQ(vtpmstate_load(&s, &buf, &len), -ENODATA);
	vtpmstate_close(&s);
	sim_free(&d);
}

TEST(blobs)
{
	static const uint8_t perm[] = {1, 2, 3, 4, 5};
	struct vtpmstate_blob b[3] = {{"permall", perm, sizeof(perm)},
				      {"volatilestate", NULL, 0},
				      {"savestate", "abc", 3}};
	uint8_t out[128];
	const void *data;
	size_t len, dlen;

	len = vtpmstate_blobs_encode(out, sizeof(out), b, 3);
	CHECK_EQ(len, vtpmstate_blobs_size(b, 3));
	CHECK_EQ(len, 3 * 5 + 7 + 13 + 9 + 5 + 0 + 3);
	CHECK_EQ(vtpmstate_blobs_find(out, len, "permall", &data, &dlen), 0);
	CHECK(dlen == sizeof(perm) && memcmp(data, perm, dlen) == 0);
	CHECK_EQ(vtpmstate_blobs_find(out, len, "volatilestate", &data, &dlen),
		 0);
	CHECK_EQ(dlen, 0);
	CHECK_EQ(vtpmstate_blobs_find(out, len, "savestate", &data, &dlen), 0);
	CHECK(dlen == 3 && memcmp(data, "abc", 3) == 0);
	CHECK_EQ(vtpmstate_blobs_find(out, len, "perm", &data, &dlen), -ENOENT);
	CHECK_EQ(vtpmstate_blobs_find(NULL, 0, "permall", &data, &dlen),
		 -ENOENT);
	/* Truncated anywhere: malformed, never a partial answer. */
	for (size_t cut = 1; cut < len; cut++)
		if (cut != 1 + 7 + 4 + 5 && cut != 1 + 7 + 4 + 5 + 1 + 13 + 4)
			CHECK_EQ(vtpmstate_blobs_find(out, cut, "permall",
						      &data, &dlen),
				 -EBADMSG);
	out[0] = 0;
	CHECK_EQ(vtpmstate_blobs_find(out, len, "x", &data, &dlen), -EBADMSG);
	/* Bad names, duplicates, too small a buffer. */
	b[1].name = "permall";
	CHECK_EQ(vtpmstate_blobs_size(b, 3), 0);
	b[1].name = "";
	CHECK_EQ(vtpmstate_blobs_size(b, 3), 0);
	b[1].name = "0123456789abcdef0123456789abcdefX";
	CHECK_EQ(vtpmstate_blobs_size(b, 3), 0);
	b[1].name = "volatilestate";
	CHECK_EQ(vtpmstate_blobs_encode(out, 10, b, 3), 0);
}

TEST(blob_hooks)
{
	struct vtpmstate_blob b[2] = {{"permall", "PERM", 4},
				      {"volatilestate", "VOL", 3}};
	struct sim d;
	struct vtpmstate s;
	uint8_t *data;
	size_t len;

	sim_init(&d, 4096, BYTES, NULL);
	CHECK_EQ(open_sim(&s, &d), 0);
	CHECK_EQ(vtpmstate_get_blob(&s, "permall", &data, &len), 0);
	CHECK(data == NULL && len == 0); /* new disk: nothing stored */
	CHECK_EQ(vtpmstate_store_blobs(&s, b, 2), 0);
	CHECK_EQ(vtpmstate_get_blob(&s, "permall", &data, &len), -ENODATA);
	vtpmstate_close(&s);
	CHECK_EQ(open_sim(&s, &d), 0);
	CHECK_EQ(vtpmstate_get_blob(&s, "permall", &data, &len), 0);
	CHECK(len == 4 && memcmp(data, "PERM", 4) == 0);
	free(data);
	CHECK_EQ(vtpmstate_get_blob(&s, "volatilestate", &data, &len), 0);
	CHECK(len == 3 && memcmp(data, "VOL", 3) == 0);
	free(data);
	CHECK_EQ(vtpmstate_get_blob(&s, "savestate", &data, &len), -ENOENT);
	CHECK(strstr(s.msg, "savestate"));
	b[1].name = "permall";
	CHECK_EQ(vtpmstate_store_blobs(&s, b, 2), -EINVAL);
	vtpmstate_close(&s);
	sim_free(&d);
}

int main(void)
{
	RUN(format_blank_then_roundtrip);
	RUN(header_where_documented);
	RUN(foreign_disk_formatted);
	RUN(newest_payload_bad_falls_back);
	RUN(newest_header_bad_falls_back);
	RUN(both_bad_refused);
	RUN(torn_first_format_reformatted);
	RUN(read_error_never_formats);
	RUN(limits);
	RUN(disk_size_changes);
	RUN(load_after_store);
	RUN(blobs);
	RUN(blob_hooks);
	sim_pool_free();
	return CHECK_DONE();
}
