/*
 * cmd.h - building TPM 2.0 commands byte by byte for apps/tpm2test (the
 * test talks to the engine as a guest would: raw command buffers).
 */
#ifndef TPM2TEST_CMD_H
#define TPM2TEST_CMD_H

#include <stddef.h>
#include <stdint.h>

#define ST_NO_SESSIONS 0x8001
#define ST_SESSIONS    0x8002
#define RH_OWNER       0x40000001u
#define RS_PW	       0x40000009u

struct cmd {
	uint8_t b[1024];
	size_t n;
};

void cmd_start(struct cmd *c, uint16_t tag, uint32_t cc);
void put8(struct cmd *c, uint8_t v);
void put16(struct cmd *c, uint16_t v);
void put32(struct cmd *c, uint32_t v);
void putb(struct cmd *c, const void *p, size_t n);
/* The empty password session (TPM_RS_PW) as the authorization area. */
void put_pw_session(struct cmd *c);
/* Writes the size field; returns the length. */
size_t cmd_end(struct cmd *c);

uint16_t get16(const uint8_t *p);
uint32_t get32(const uint8_t *p);

#endif
