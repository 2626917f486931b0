/*
 * grub_load.c - bootcfg_load_grub and the entry resolver: the variables
 * GRUB's normal mode starts with, sourced files, and what the menu keeps
 * from the final environment (default, timeout, fallback).
 *
 * The parsed trees of every file run stay with the menu: entries and
 * functions point into them.  Their number is bounded (GS_MAX_FILES).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/grub.h"

/* What GRUB 2.06's normal mode announces (grub-mkconfig's scripts test
 * some of them) and the platform pvgrub stands in for. */
static const char *const features[] = {
    "feature_chainloader_bpb",	    "feature_ntldr",
    "feature_platform_search_hint", "feature_default_font_path",
    "feature_all_video_module",	    "feature_menuentry_id",
    "feature_menuentry_options",    "feature_200_final",
    "feature_nativedisk_cmd",	    "feature_timeout_style",
};

static int set_exported(struct gstate *g, const char *name, const char *v)
{
	int rc = gs_set(g, name, v);

	gs_export(g, name);
	return rc;
}

static int init_env(struct gstate *g, const char *cfg_path)
{
	const char *slash = strrchr(cfg_path, '/');
	size_t dir = slash ? (size_t)(slash - cfg_path) : 0;
	size_t n = strlen(g->cfg_dev) + strlen(cfg_path) + 3;
	char *buf = malloc(n);
	int rc = 0;

	if (!buf)
		return -ENOMEM;
	rc |= set_exported(g, "root", g->cfg_dev);
	snprintf(buf, n, "(%s)%.*s", g->cfg_dev, (int)dir, cfg_path);
	rc |= set_exported(g, "prefix", buf);
	rc |= set_exported(g, "config_directory", buf);
	snprintf(buf, n, "(%s)%s", g->cfg_dev, cfg_path);
	rc |= set_exported(g, "config_file", buf);
	free(buf);
	rc |= set_exported(g, "grub_platform", "xen");
	rc |= set_exported(g, "grub_cpu", "x86_64");
	for (unsigned int i = 0; i < sizeof(features) / sizeof(*features); i++)
		rc |= set_exported(g, features[i], "y");
	return rc ? -ENOMEM : 0;
}

/* Parses text and keeps its tree with the menu. */
static int parse_keep(struct gstate *g, const char *text, size_t len,
		      const char *name, struct gfile **out)
{
	struct gfile *f;
	int rc;

	if (g->n_files >= GS_MAX_FILES || len > GS_MAX_PARSED - g->parsed) {
		bc_printf(g->h, "%s: too many or too big config files sourced",
			  name);
		return -ELOOP;
	}
	if (!(f = calloc(1, sizeof(*f))) || !(f->name = bc_strdup(name))) {
		free(f);
		return -ENOMEM;
	}
	rc = gs_parse(text, len, f->name, g->h, &f->tree);
	if (rc) {
		free(f->name);
		free(f);
		return rc;
	}
	f->next = g->files;
	g->files = f;
	g->n_files++;
	g->parsed += len;
	*out = f;
	return 0;
}

int gs_source(struct gstate *g, const char *spec, int line)
{
	struct bootcfg_file where;
	const char *sv = g->file;
	struct gfile *f;
	char root[64], *text = NULL;
	size_t len = 0;
	int rc;

	if (g->depth >= BC_MAX_DEPTH) {
		gs_msg(g, line, "%s: sourced too deeply", spec);
		return 1;
	}
	if (bc_split_dev(spec, gs_root(g, root, sizeof(root)), &where))
		return 1;
	rc = g->h && g->h->read_file ? g->h->read_file(g->h->ctx, where.dev,
						       where.path, &text, &len)
				     : -ENOENT;
	if (rc == 0)
		rc = parse_keep(g, text, len, where.path, &f);
	else
		gs_msg(g, line, "cannot read %s (error %d)", spec, rc);
	free(text);
	free(where.dev);
	free(where.path);
	if (rc)
		return 1;
	g->depth++;
	g->file = f->name;
	gs_run(g, f->tree);
	g->file = sv;
	g->depth--;
	return g->status;
}

void gs_state_free(struct gstate *g)
{
	while (g->funcs) {
		struct gfunc *f = g->funcs;
		g->funcs = f->next;
		free(f->name);
		free(f);
	}
	while (g->files) {
		struct gfile *f = g->files;
		g->files = f->next;
		gs_free(f->tree);
		free(f->name);
		free(f);
	}
	gs_env_free(&g->env);
	free(g->cfg_dev);
	free(g);
}

static int dup_var(struct gstate *g, const char *name, char **out)
{
	const char *v = gs_get(g, name);

	*out = NULL;
	if (!v || !*v)
		return 0;
	*out = bc_strdup(v);
	return *out ? 0 : -ENOMEM;
}

/* What the menu keeps from the environment the config left. */
static int finish_menu(struct bootcfg_menu *m, struct gstate *g)
{
	const char *style = gs_get(g, "timeout_style");
	int rc = dup_var(g, "default", &m->default_spec);

	if (!rc)
		rc = dup_var(g, "fallback", &m->fallback_spec);
	m->timeout_ms = bc_timeout_ms(gs_get(g, "timeout"));
	m->style = BOOTCFG_STYLE_MENU;
	if (style && strcmp(style, "hidden") == 0)
		m->style = BOOTCFG_STYLE_HIDDEN;
	else if (style && strcmp(style, "countdown") == 0)
		m->style = BOOTCFG_STYLE_COUNTDOWN;
	return rc;
}

int bootcfg_load_grub(const char *text, size_t len, const char *cfg_dev,
		      const char *cfg_path, struct bootcfg_host *h,
		      struct bootcfg_menu **out)
{
	struct bootcfg_menu *m = bc_menu_new(BOOTCFG_GRUB);
	struct gstate *g = calloc(1, sizeof(*g));
	struct gfile *f;
	int rc = -ENOMEM;

	*out = NULL;
	if (!m || !g)
		goto fail;
	((struct bc_mprivate *)m->priv)->grub = g;
	g->m = m;
	g->h = h;
	g->parent = &m->root;
	g->budget = GS_MAX_BUDGET;
	g->cfg_dev = bc_strdup(cfg_dev ? cfg_dev : "");
	if (!g->cfg_dev || (rc = init_env(g, cfg_path ? cfg_path : "")))
		goto fail;
	rc = parse_keep(g, text, len, cfg_path ? cfg_path : "grub.cfg", &f);
	if (rc)
		goto fail;
	g->file = f->name;
	gs_run(g, f->tree);
	rc = finish_menu(m, g);
	if (rc)
		goto fail;
	g->h = NULL; /* the caller's host may not outlive this call */
	*out = m;
	return 0;
fail:
	if (m)
		bootcfg_free(m);
	else if (g)
		gs_state_free(g);
	return rc;
}

/* GRUB's `chosen`: the ids (else titles) from the top, joined by '>'. */
static int set_chosen(struct gstate *g, const struct bootcfg_entry *e)
{
	const struct bootcfg_entry *chain[BC_MAX_DEPTH + 2];
	char buf[1024] = "";
	int n = 0, rc;

	for (; e && e->parent && n < BC_MAX_DEPTH + 2; e = e->parent)
		chain[n++] = e;
	while (n-- > 0) {
		const char *name =
		    chain[n]->id ? chain[n]->id : chain[n]->title;
		size_t used = strlen(buf);

		snprintf(buf + used, sizeof(buf) - used, "%s%s",
			 used ? ">" : "", name);
	}
	rc = gs_set(g, "chosen", buf);
	gs_export(g, "chosen");
	return rc;
}

int gs_resolve(struct bootcfg_menu *m, const struct bootcfg_entry *e,
	       struct bootcfg_host *h, struct boot_spec *out)
{
	struct gstate *g = ((struct bc_mprivate *)m->priv)->grub;
	const struct bc_eprivate *p = e->priv;
	struct genv saved;
	int rc;

	g->h = h;
	g->spec = out;
	g->steps = 0;
	g->budget = GS_MAX_BUDGET;
	g->stop = g->returning = g->unsupported = false;
	g->depth = 0;
	g->argv = NULL;
	g->argc = 0;
	g->file = p->file ? p->file : "grub.cfg";
	if (!p->body && p->spec.kernel.path) /* a BLS entry (blscfg) */
		return bc_spec_copy(out, &p->spec);
	rc = gs_env_open(g, &saved);
	if (!rc)
		rc = set_chosen(g, e);
	if (!rc)
		gs_run(g, p->body);
	gs_env_close(g, &saved);
	g->spec = NULL;
	g->h = NULL;
	if (!rc && g->unsupported)
		rc = -ENOTSUP;
	else if (!rc && !out->kernel.path && !out->config.path) {
		bc_printf(h, "'%s': no linux command ran", e->title);
		rc = -ENOENT;
	}
	if (!rc && !out->args && !(out->args = bc_strdup("")))
		rc = -ENOMEM;
	if (rc)
		boot_spec_free(out);
	return rc;
}
