/*
 * grub_bls.c - grub.cfg's `blscfg` command (Fedora's and RHEL's GRUB):
 * the BLS entries in $blsdir (else /loader/entries, then
 * /boot/loader/entries) on $boot (else $root) become menu entries at
 * that point of the menu, ordered as bls.c orders them, their
 * $kernelopts and other variables taken from the script's variables
 * (grub.cfg load_env's them from grubenv first).
 *
 * Directory listings and entry files are the guest's: at most
 * BLS_MAX_FILES names are looked at, each file read through the host
 * (which bounds its size) and parsed by bls.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/grub.h"

#define BLS_MAX_FILES 256

static const char *var(void *arg, const char *name)
{
	return gs_get(arg, name);
}

static void names_free(char **names, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Reads dir's .conf files into texts; returns how many. */
static unsigned int read_entries(struct gstate *g, const char *dev,
				 const char *dir, char **names, unsigned int n,
				 struct bootcfg_text *texts)
{
	struct bootcfg_host *h = g->h;
	unsigned int k = 0;

	for (unsigned int i = 0; i < n && k < BLS_MAX_FILES; i++) {
		size_t nl = strlen(names[i]), pl = strlen(dir) + nl + 2;
		char *path, *data = NULL;
		size_t len = 0;

		if (names[i][0] == '.' || nl <= 5 ||
		    strcmp(names[i] + nl - 5, ".conf") || !h->read_file)
			continue;
		if (!(path = malloc(pl)))
			break;
		snprintf(path, pl, "%s/%s", dir, names[i]);
		if (h->read_file(h->ctx, dev, path, &data, &len) == 0) {
			texts[k].name = names[i];
			texts[k].text = data;
			texts[k++].len = len;
		}
		free(path);
	}
	return k;
}

int gs_blscfg(struct gstate *g, int argc, char **argv, int line)
{
	const char *blsdir = gs_get(g, "blsdir"), *boot = gs_get(g, "boot");
	const char *dirs[2] = {"/loader/entries", "/boot/loader/entries"};
	struct bootcfg_text *texts;
	char dev[64], **names = NULL;
	unsigned int n = 0, k, d;
	int rc = -ENOENT;

	(void)argc, (void)argv;
	if (g->spec)
		return 0; /* in an entry being booted: no menu to add to */
	if (!g->h || !g->h->list_dir) {
		gs_msg(g, line, "blscfg: cannot list directories, no entries");
		return 1;
	}
	if (boot && *boot)
		snprintf(dev, sizeof(dev), "%.*s",
			 (int)strcspn(boot + (*boot == '('), ")"),
			 boot + (*boot == '('));
	else
		gs_root(g, dev, sizeof(dev));
	if (blsdir && *blsdir)
		dirs[0] = blsdir, dirs[1] = NULL;
	for (d = 0; d < 2 && dirs[d] && rc; d++) {
		names = NULL;
		n = 0;
		rc = g->h->list_dir(g->h->ctx, dev, dirs[d], &names, &n);
	}
	if (rc) {
		gs_msg(g, line, "blscfg: no %s on %s", dirs[0], dev);
		return 1;
	}
	texts = calloc(n ? n : 1, sizeof(*texts));
	k = texts ? read_entries(g, dev, dirs[d - 1], names, n, texts) : 0;
	rc = bc_bls_add(g->m, g->parent, texts, k, var, g, dev, g->h);
	for (unsigned int i = 0; i < k; i++)
		free((char *)texts[i].text);
	free(texts);
	names_free(names, n);
	if (rc)
		gs_msg(g, line, "blscfg: error %d", rc);
	return rc ? 1 : 0;
}
