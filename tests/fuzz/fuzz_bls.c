// SOURCES: bootcfg/menu.c bootcfg/grubenv.c bootcfg/grub_parse.c
// SOURCES: bootcfg/grub_exec.c bootcfg/grub_load.c bootcfg/grub_cmds.c
// SOURCES: bootcfg/grub_test.c bootcfg/grub_bls.c bootcfg/menulst.c
// SOURCES: bootcfg/bls.c
// CFLAGS: -I.
/*
 * fuzz_bls.c - bootcfg_load_bls on arbitrary entries: the input is cut
 * at NUL bytes; the first piece is the grubenv text, each later one an
 * entry file (named by its index, or by its first line when that ends
 * in .conf, so names collide and sort too).  Every entry is resolved.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/bootcfg.h"
#include "fuzz.h"
#include "spec_check.h"
#include "bootcfg_cb.h"

#define MAX 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootcfg_host h = {.print = cb_print};
	struct bootcfg_text t[MAX];
	char names[MAX][40];
	const char *p = (const char *)data, *end = p + size, *env = NULL;
	size_t env_len = 0;
	unsigned int n = 0;
	struct bootcfg_menu *m;

	for (int piece = 0; p <= end && n < MAX; piece++) {
		const char *z = memchr(p, 0, end - p);
		size_t len = z ? (size_t)(z - p) : (size_t)(end - p);

		if (piece == 0) {
			env = p;
			env_len = len;
		} else {
			const char *e = memchr(p, '\n', len);
			size_t nl = e ? (size_t)(e - p) : len;
			if (nl > 5 && nl < 39 &&
			    !memcmp(p + nl - 5, ".conf", 5))
				snprintf(names[n], 40, "%.*s", (int)nl, p);
			else
				snprintf(names[n], 40, "%u.conf", n % 7);
			t[n].name = names[n];
			t[n].text = p;
			t[n].len = len;
			n++;
		}
		if (!z)
			break;
		p = z + 1;
	}
	if (bootcfg_load_bls(t, n, env, env_len, "hd0,gpt1", &h, &m))
		return 0;
	for (unsigned int i = 0; i < m->root.n_children; i++) {
		struct boot_spec s;

		if (bootcfg_resolve(m, m->root.children[i], &h, &s) == 0) {
			spec_check(&s);
			boot_spec_free(&s);
		}
	}
	bootcfg_default(m);
	bootcfg_free(m);
	return 0;
}
