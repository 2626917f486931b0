// SOURCES: bootcfg/menu.c bootcfg/grubenv.c bootcfg/grub_parse.c
// SOURCES: bootcfg/grub_exec.c bootcfg/grub_load.c bootcfg/grub_cmds.c
// SOURCES: bootcfg/grub_test.c bootcfg/grub_bls.c bootcfg/menulst.c
// SOURCES: bootcfg/bls.c
// CFLAGS: -I. -DBC_MAX_STEPS=5000
/*
 * fuzz_grubcfg.c - bootcfg_load_grub on arbitrary text, then every
 * entry resolved.  The fake host answers every read with the input
 * itself (so source/configfile recurse into it; big inputs get a small
 * fixed config instead) or, for a grubenv, a
 * fixed block; search finds values starting with 'U'; save_env is
 * writable; blscfg lists two entries; measured lines are checked for
 * form.  Loops and recursion must end by
 * bootcfg's own limits.
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

static const char small[] = "menuentry S --id s { linux /k $1; initrd /i; }\n";
static const uint8_t *in;
static size_t in_len;

static int f_read(void *ctx, const char *dev, const char *path, char **data,
		  size_t *len)
{
	size_t pl = strlen(path);

	(void)ctx, (void)dev;
	if (pl >= 7 && !strcmp(path + pl - 7, "grubenv")) {
		char *b = malloc(1025);
		int n = snprintf(b, 1025,
				 "# GRUB Environment Block\nnext_entry=1>0\n"
				 "saved_entry=0\nkernelopts=a b\n");
		memset(b + n, '#', 1024 - n);
		b[1024] = 0;
		*data = b;
		*len = 1024;
		return 0;
	}
	if (path[0] == '/' && path[1] == 'n')
		return -ENOENT;
	/* Recursing into big inputs (the grub-mkconfig seeds) 16 deep is
	 * slow and finds nothing more: they get a small fixed file. */
	const char *src = in_len < 2048 ? (const char *)in : small;
	size_t n = in_len < 2048 ? in_len : strlen(small);
	*data = malloc(n + 1);
	memcpy(*data, src, n);
	(*data)[n] = 0;
	*len = n;
	return 0;
}

static int f_stat(void *ctx, const char *dev, const char *path, int *is_dir,
		  uint64_t *size)
{
	(void)ctx, (void)dev;
	if (path[1] == 'n')
		return -ENOENT;
	*is_dir = path[1] == 'd';
	*size = strlen(path);
	return 0;
}

static int f_save(void *ctx, const char *dev, const char *path,
		  const char *data, size_t len)
{
	(void)ctx, (void)dev, (void)path;
	REQUIRE(len == 1024 &&
		memcmp(data, "# GRUB Environment Block\n", 25) == 0);
	return 0;
}

/* blscfg: two entries, both read as the input itself. */
static int f_list(void *ctx, const char *dev, const char *path, char ***names,
		  unsigned int *n)
{
	(void)ctx, (void)dev, (void)path;
	*names = malloc(2 * sizeof(char *));
	(*names)[0] = strdup("a-1.0.conf");
	(*names)[1] = strdup("b-2.0.conf");
	*n = 2;
	return 0;
}

/* Measured lines are NUL-terminated strings of a sane kind. */
static void f_measure(void *ctx, int kind, const char *text)
{
	(void)ctx;
	REQUIRE(kind == BOOTCFG_MEASURE_CMD ||
		kind == BOOTCFG_MEASURE_KERNEL_CMDLINE);
	REQUIRE(strlen(text) < (1u << 24));
}

static void walk(struct bootcfg_menu *m, struct bootcfg_host *h,
		 struct bootcfg_entry *dir, int *budget)
{
	for (unsigned int i = 0; i<dir->n_children && * budget> 0; i++) {
		struct bootcfg_entry *e = dir->children[i];
		struct boot_spec s;
		char path[64];

		REQUIRE(e->parent == dir && e->index == i && e->title);
		bootcfg_path(e, path, sizeof(path));
		if (e->submenu) {
			walk(m, h, e, budget);
			continue;
		}
		(*budget)--;
		if (bootcfg_resolve(m, e, h, &s) == 0) {
			spec_check(&s);
			boot_spec_free(&s);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootcfg_host h = {.ctx = "hd0,gpt1",
				 .read_file = f_read,
				 .stat = f_stat,
				 .search = cb_search,
				 .save_env = f_save,
				 .print = cb_print,
				 .list_dir = f_list,
				 .measure = f_measure};
	struct bootcfg_menu *m;
	struct bootcfg_entry *e;
	int budget = 32;

	in = data;
	in_len = size;
	if (bootcfg_load_grub((const char *)data, size, "hd0,gpt2",
			      "/boot/grub/grub.cfg", &h, &m))
		return 0;
	walk(m, &h, &m->root, &budget);
	e = bootcfg_default(m);
	REQUIRE(!e || !e->submenu);
	if (m->default_spec)
		bootcfg_find(m, m->default_spec, &e);
	if (m->fallback_spec)
		bootcfg_find(m, m->fallback_spec, &e);
	bootcfg_free(m);
	return 0;
}
