/*
 * cmd.c - the byte-level command builder of cmd.h (big-endian, bounded:
 * a command that would overflow the buffer stops growing and is sent
 * short, which the TPM then refuses: the test fails visibly).
 */
#include <string.h>
#include "cmd.h"

void put8(struct cmd *c, uint8_t v)
{
	if (c->n < sizeof(c->b))
		c->b[c->n++] = v;
}

void put16(struct cmd *c, uint16_t v)
{
	put8(c, (uint8_t)(v >> 8));
	put8(c, (uint8_t)v);
}

void put32(struct cmd *c, uint32_t v)
{
	put16(c, (uint16_t)(v >> 16));
	put16(c, (uint16_t)v);
}

void putb(struct cmd *c, const void *p, size_t n)
{
	const uint8_t *s = p;

	for (size_t i = 0; i < n; i++)
		put8(c, s[i]);
}

void cmd_start(struct cmd *c, uint16_t tag, uint32_t cc)
{
	c->n = 0;
	put16(c, tag);
	put32(c, 0); /* size: cmd_end */
	put32(c, cc);
}

void put_pw_session(struct cmd *c)
{
	put32(c, 9); /* authorizationSize */
	put32(c, RS_PW);
	put16(c, 0); /* nonce */
	put8(c, 0);  /* attributes */
	put16(c, 0); /* empty password */
}

size_t cmd_end(struct cmd *c)
{
	c->b[2] = (uint8_t)(c->n >> 24);
	c->b[3] = (uint8_t)(c->n >> 16);
	c->b[4] = (uint8_t)(c->n >> 8);
	c->b[5] = (uint8_t)c->n;
	return c->n;
}

uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
