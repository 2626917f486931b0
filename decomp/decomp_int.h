/*
 * decomp_int.h - what decomp.c (detection, the output buffer, the
 * streaming formats) shares with lz.c (lz4 and lzop, whose block formats
 * we walk ourselves).
 */
#ifndef DECOMP_DECOMP_INT_H
#define DECOMP_DECOMP_INT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The output as it grows.  The buffer may reach max + 1 bytes: a decoder
 * that fills that last byte has more output than the caller allows
 * (-EFBIG), which needs no format to say "more is coming".
 */
struct dout {
	uint8_t *buf;
	size_t len; /* bytes written */
	size_t cap; /* bytes allocated, at most max + 1 */
	size_t max; /* the caller's limit */
	const char *name;
	char *err;
	size_t err_size;
};

/* Makes room for at least want more bytes, or as many as max + 1 allows
 * (the caller checks cap - len).  0, -EFBIG (already over max), -ENOMEM. */
int dout_reserve(struct dout *o, size_t want);
/* Records "name: message" in o->err; returns rc. */
int dout_err(struct dout *o, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* -EFBIG with the standard message when len > max, else 0. */
int dout_over(struct dout *o);

static inline uint32_t rd_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint32_t rd_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int decomp_lz4(struct dout *o, const uint8_t *in, size_t len);
int decomp_lzo(struct dout *o, const uint8_t *in, size_t len);

#endif
