/*
 * blobs.c - several named blobs in one vtpmstate payload.
 *
 * libtpms hands its state over as named blobs ("permall", and around a
 * suspend "volatilestate"/"savestate"); keeping them all in one payload
 * makes one vtpmstate_store atomic for all of them.  The encoding is a
 * bare sequence of entries (FORMAT.md, "Payload"): name length (1 byte,
 * 1..32), name, data length (4 bytes, little-endian), data.
 *
 * A payload read back has passed its SHA-256, but the disk is still not
 * trusted: vtpmstate_blobs_find walks the whole payload, checking each
 * length against what is left, before it answers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vtpmstate/vtpmstate.h"

static size_t name_len(const char *name)
{
	size_t n = name ? strnlen(name, VTPMSTATE_NAME_MAX + 1) : 0;

	return n <= VTPMSTATE_NAME_MAX ? n : 0;
}

/* Every name good and unique, and the sizes within bounds: the total,
 * else 0. */
size_t vtpmstate_blobs_size(const struct vtpmstate_blob *b, unsigned int n)
{
	size_t total = 0;

	for (unsigned int i = 0; i < n; i++) {
		size_t nl = name_len(b[i].name);

		if (!nl || b[i].len > VTPMSTATE_MAX_PAYLOAD ||
		    (b[i].len && !b[i].data))
			return 0;
		for (unsigned int j = 0; j < i; j++)
			if (strcmp(b[i].name, b[j].name) == 0)
				return 0;
		total += 1 + nl + 4 + b[i].len;
		if (total > VTPMSTATE_MAX_PAYLOAD)
			return 0;
	}
	return total;
}

size_t vtpmstate_blobs_encode(void *out, size_t cap,
			      const struct vtpmstate_blob *b, unsigned int n)
{
	size_t total = vtpmstate_blobs_size(b, n);
	uint8_t *p = out;

	if (!total || total > cap)
		return 0;
	for (unsigned int i = 0; i < n; i++) {
		size_t nl = name_len(b[i].name);
		uint32_t len = (uint32_t)b[i].len;

		*p++ = (uint8_t)nl;
		memcpy(p, b[i].name, nl);
		p += nl;
		for (unsigned int k = 0; k < 4; k++)
			*p++ = (uint8_t)(len >> (8 * k));
		if (len)
			memcpy(p, b[i].data, len);
		p += len;
	}
	return total;
}

int vtpmstate_blobs_find(const void *payload, size_t len, const char *name,
			 const void **data, size_t *dlen)
{
	const uint8_t *p = payload, *end;
	size_t want = name_len(name);
	const uint8_t *hit = NULL;
	size_t hit_len = 0;

	if (!payload)
		return len ? -EBADMSG : -ENOENT;
	end = p + len;
	while (p < end) {
		size_t nl = *p++, dl;

		if (!nl || nl > VTPMSTATE_NAME_MAX ||
		    (size_t)(end - p) < nl + 4)
			return -EBADMSG;
		dl = (size_t)p[nl] | (size_t)p[nl + 1] << 8 |
		     (size_t)p[nl + 2] << 16 | (size_t)p[nl + 3] << 24;
		if (dl > (size_t)(end - p) - nl - 4)
			return -EBADMSG;
		/* The first entry of a name counts (encode writes each once).
		 */
		if (!hit && want && nl == want && memcmp(p, name, nl) == 0) {
			hit = p + nl + 4;
			hit_len = dl;
		}
		p += nl + 4 + dl;
	}
	if (!hit)
		return -ENOENT;
	*data = hit;
	*dlen = hit_len;
	return 0;
}

int vtpmstate_get_blob(struct vtpmstate *s, const char *name, uint8_t **data,
		       size_t *len)
{
	const void *payload, *d;
	size_t plen, dlen;
	int rc = vtpmstate_load(s, &payload, &plen);

	*data = NULL;
	*len = 0;
	if (rc || plen == 0)
		return rc;
	rc = vtpmstate_blobs_find(payload, plen, name, &d, &dlen);
	if (rc) {
		snprintf(s->msg, sizeof(s->msg),
			 "vTPM state: blob \"%.32s\" %s", name,
			 rc == -ENOENT ? "missing" : "malformed payload");
		return rc;
	}
	*data = malloc(dlen ? dlen : 1);
	if (!*data) {
		snprintf(s->msg, sizeof(s->msg), "no memory for blob %.32s",
			 name);
		return -ENOMEM;
	}
	memcpy(*data, d, dlen);
	*len = dlen;
	return 0;
}

int vtpmstate_store_blobs(struct vtpmstate *s, const struct vtpmstate_blob *b,
			  unsigned int n)
{
	size_t size = vtpmstate_blobs_size(b, n);
	uint8_t *buf;
	int rc;

	if (!size && n) {
		snprintf(s->msg, sizeof(s->msg),
			 "vTPM state: bad or repeated blob name, or over %u "
			 "bytes",
			 VTPMSTATE_MAX_PAYLOAD);
		return -EINVAL;
	}
	buf = malloc(size ? size : 1);
	if (!buf) {
		snprintf(s->msg, sizeof(s->msg),
			 "no memory for a %zu-byte state", size);
		return -ENOMEM;
	}
	vtpmstate_blobs_encode(buf, size, b, n);
	rc = vtpmstate_store(s, buf, size);
	free(buf);
	return rc;
}
