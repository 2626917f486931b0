// SOURCES: bootcfg/menu.c bootcfg/grubenv.c bootcfg/grub_parse.c
// SOURCES: bootcfg/grub_exec.c bootcfg/grub_load.c bootcfg/grub_cmds.c
// SOURCES: bootcfg/grub_test.c bootcfg/grub_bls.c bootcfg/menulst.c
// SOURCES: bootcfg/bls.c
// CFLAGS: -I.
/*
 * fuzz_menulst.c - bootcfg_load_menulst on arbitrary text, every entry
 * resolved.  Every read returns the input itself (configfile recurses
 * into it, `default saved` reads it as the default file); search finds
 * values starting with 'U'.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/bootcfg.h"
#include "fuzz.h"
#include "spec_check.h"
#include "bootcfg_cb.h"

static const uint8_t *in;
static size_t in_len;

static int f_read(void *ctx, const char *dev, const char *path, char **data,
		  size_t *len)
{
	(void)ctx, (void)dev, (void)path;
	*data = malloc(in_len + 1);
	memcpy(*data, in, in_len);
	(*data)[in_len] = 0;
	*len = in_len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootcfg_host h = {.ctx = "hd1",
				 .read_file = f_read,
				 .search = cb_search,
				 .print = cb_print};
	struct bootcfg_menu *m;
	struct bootcfg_entry *e;

	in = data;
	in_len = size;
	if (bootcfg_load_menulst((const char *)data, size, "hd0,1",
				 "/boot/grub/menu.lst", &h, &m))
		return 0;
	for (unsigned int i = 0; i < m->root.n_children; i++) {
		struct boot_spec s;

		e = m->root.children[i];
		REQUIRE(!e->submenu && e->title);
		if (bootcfg_resolve(m, e, &h, &s) == 0) {
			spec_check(&s);
			boot_spec_free(&s);
		}
	}
	e = bootcfg_default(m);
	REQUIRE(!m->root.n_children || e);
	bootcfg_free(m);
	return 0;
}
