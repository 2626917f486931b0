/*
 * kload_check.h - what test_kload.c and test_kload_elf.c share: err,
 * the message of the last kload_parse; slurp, a file into memory; and
 * must_fail, a parse that has to be refused with a message and leave
 * nothing behind.  Include after check.h.
 */
#ifndef DOMLET_TEST_KLOAD_CHECK_H
#define DOMLET_TEST_KLOAD_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "kload/kload.h"
#include "check.h"

static char err[200];

/* The whole file at path, malloc'd; NULL if it cannot be opened. */
static inline uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc(n > 0 ? (size_t)n : 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Parses p[0..len) with the limit; it must fail with a message in err
 * and keep nothing. */
static inline void must_fail(const uint8_t *p, size_t len, size_t limit)
{
	struct kload_image img;

	err[0] = 0;
	if (kload_parse(p, len, limit, &img, err, sizeof(err)) == 0) {
		kload_free(&img);
		snprintf(check_why, sizeof(check_why),
			 "a bad file of %zu bytes was accepted", len);
		longjmp(check_jmp, 1);
	}
	CHECK(err[0] != 0);
	CHECK(img.owned == NULL && img.nsegs == 0);
}

#endif
