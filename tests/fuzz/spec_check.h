/*
 * spec_check.h - what every resolved boot_spec must hold, for the config
 * fuzz targets: either a kernel (absolute path, command line, at most
 * BOOTCFG_MAX_INITRD initrds, each named) or, when the entry ran
 * `configfile`, only the config to open next.
 */
#ifndef DOMLET_TEST_SPEC_CHECK_H
#define DOMLET_TEST_SPEC_CHECK_H

#include "bootcfg/bootcfg.h"
#include "fuzz.h"

static inline void spec_check(const struct boot_spec *s)
{
	if (s->config.path) {
		REQUIRE(s->config.dev && s->config.path[0] == '/');
		REQUIRE(!s->kernel.path && !s->n_initrd);
		return;
	}
	REQUIRE(s->kernel.dev && s->kernel.path && s->kernel.path[0] == '/');
	REQUIRE(s->args && s->n_initrd <= BOOTCFG_MAX_INITRD);
	for (unsigned int k = 0; k < s->n_initrd; k++)
		REQUIRE(s->initrd[k].dev && s->initrd[k].path);
}

#endif
