/*
 * tpmiftest.h - what the two halves of apps/tpmiftest share: the fake
 * TPM's answer rule, so the frontend can check every response byte.
 *
 * The fake TPM answers a command of len bytes with
 *   tag (0x8001 for a TPM 2.0 tag, else 0x00c4) | size | rc 0 |
 *   seq (commands answered since the last reset, from 1) |
 *   the command's bytes after its 10-byte header, reversed,
 * cut to TPMBACK_MAX_PACKET bytes.  Ordinals in FAKE_* change that.
 */
#ifndef APPS_TPMIFTEST_H
#define APPS_TPMIFTEST_H

#include <domlet/kernel.h>

#define FAKE_FAIL    0x20000001u /* the engine fails: a TPM failure answer */
#define FAKE_SLOW    0x20000002u /* answered after FAKE_SLOW_MS */
#define FAKE_SLOW_MS 1500

uint32_t get_be32(const uint8_t *p);
void put_be32(uint8_t *p, uint32_t v);
/* The fake TPM's answer to cmd as its seq'th command; its length. */
size_t fake_answer(uint32_t seq, const uint8_t *cmd, size_t len, uint8_t *resp,
		   size_t max);
/* A command of len >= 10 bytes with ordinal `code`, body from `salt`. */
void fake_command(uint8_t *cmd, size_t len, uint32_t code, uint32_t salt);

int back_main(int argc, char **argv);
int front_main(int argc, char **argv);
const char *arg(int argc, char **argv, const char *key);

#endif
