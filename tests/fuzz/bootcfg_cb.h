/*
 * bootcfg_cb.h - the fake-host callbacks that the config fuzz targets
 * (fuzz_grubcfg.c, fuzz_menulst.c, fuzz_bls.c) share.  The rest of each
 * target's host (what a read returns, stat, save_env) is its own.
 *
 * cb_search: finds values starting with 'U', on the device whose name is
 * the host's ctx (a string); anything else is not found.
 * cb_print: a printed line (echo, warning, error) is a string of sane
 * length.
 */
#ifndef DOMLET_TEST_BOOTCFG_CB_H
#define DOMLET_TEST_BOOTCFG_CB_H

#include <errno.h>
#include <string.h>
#include "fuzz.h"

static inline int cb_search(void *ctx, const char *kind, const char *value,
			    char *dev, size_t size)
{
	(void)kind;
	if (value[0] != 'U')
		return -ENOENT;
	strncpy(dev, ctx, size);
	return 0;
}

static inline void cb_print(void *ctx, const char *line)
{
	(void)ctx;
	REQUIRE(strlen(line) < 4096);
}

#endif
