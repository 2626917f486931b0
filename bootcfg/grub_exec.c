/*
 * grub_exec.c - runs GRUB script as GRUB's normal mode does: the whole
 * config at load, building the menu from menuentry/submenu commands, and
 * one entry's body when it is resolved, in a fresh context holding only
 * the exported variables (GRUB's grub_env_context_open).
 *
 * Expansion follows GRUB: "$x" is one word, an unquoted $x is split at
 * blanks and vanishes when empty (how `$menuentry_id_option` disappears
 * on old GRUBs), '' is an empty word.  Functions see $1..$N, $#, $@.
 *
 * The script is the guest's: commands run per load are counted
 * (BC_MAX_STEPS, so `while true` ends), function calls, sources and
 * submenus nest at most BC_MAX_DEPTH deep, and the bytes expanded are
 * budgeted; hitting a limit stops the run with a message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/grub.h"

/* One buffer, not bc_printf's as well: this may run deep in a script. */
void gs_msg(struct gstate *g, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	int n;

	if (!g->h || !g->h->print)
		return;
	n = snprintf(msg, sizeof(msg), "%s:%d: ", g->file, line);
	if (n < 0 || n >= (int)sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	g->h->print(g->h->ctx, msg);
}

static struct gvar *var_find(struct genv *e, const char *name)
{
	for (unsigned int i = 0; i < e->n; i++)
		if (strcmp(e->v[i].name, name) == 0)
			return &e->v[i];
	return NULL;
}

const char *gs_get(struct gstate *g, const char *name)
{
	struct gvar *v = var_find(&g->env, name);
	return v ? v->value : NULL;
}

int gs_set(struct gstate *g, const char *name, const char *value)
{
	struct gvar *v = var_find(&g->env, name), *nv;
	char *val;

	if (strlen(value) >= BC_MAX_VALUE)
		return -E2BIG;
	if (!(val = bc_strdup(value)))
		return -ENOMEM;
	if (v) {
		free(v->value);
		v->value = val;
		return 0;
	}
	if (g->env.n >= BC_MAX_VARS ||
	    !(nv = realloc(g->env.v, (g->env.n + 1) * sizeof(*nv)))) {
		free(val);
		return -ENOSPC;
	}
	g->env.v = nv;
	nv += g->env.n;
	nv->name = bc_strdup(name);
	nv->value = val;
	nv->exported = false;
	if (!nv->name) {
		free(val);
		return -ENOMEM;
	}
	g->env.n++;
	return 0;
}

void gs_unset(struct gstate *g, const char *name)
{
	struct gvar *v = var_find(&g->env, name);

	if (!v)
		return;
	free(v->name);
	free(v->value);
	*v = g->env.v[--g->env.n];
}

void gs_export(struct gstate *g, const char *name)
{
	struct gvar *v = var_find(&g->env, name);

	if (!v && gs_set(g, name, "") == 0)
		v = var_find(&g->env, name);
	if (v)
		v->exported = true;
}

void gs_env_free(struct genv *e)
{
	for (unsigned int i = 0; i < e->n; i++) {
		free(e->v[i].name);
		free(e->v[i].value);
	}
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

/* A new context: the exported variables of the current one. */
int gs_env_open(struct gstate *g, struct genv *saved)
{
	struct genv old = g->env;
	int rc = 0;

	*saved = old;
	g->env.v = NULL;
	g->env.n = 0;
	for (unsigned int i = 0; i < old.n && !rc; i++) {
		size_t n = strlen(old.v[i].value);

		if (!old.v[i].exported)
			continue;
		if (n > g->budget) { /* copies count like expansions */
			g->stop = true;
			return -E2BIG;
		}
		g->budget -= n;
		rc = gs_set(g, old.v[i].name, old.v[i].value);
		gs_export(g, old.v[i].name);
	}
	return rc;
}

void gs_env_close(struct gstate *g, struct genv *saved)
{
	gs_env_free(&g->env);
	g->env = *saved;
}

const char *gs_root(struct gstate *g, char *buf, size_t size)
{
	const char *r = gs_get(g, "root");
	size_t n;

	if (!r || !*r)
		return g->cfg_dev;
	n = strlen(r);
	if (r[0] == '(' && n >= 2 && r[n - 1] == ')') {
		r++;
		n -= 2;
	}
	if (n >= size)
		n = size - 1;
	memcpy(buf, r, n);
	buf[n] = 0;
	return buf;
}

void gs_argv_free(struct gargv *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

/* The field being built by expansion. */
struct field {
	char *s;
	size_t n;
	bool open; /* has content or a quoted part: it is a word */
};

static int fadd(struct gstate *g, struct field *f, const char *s, size_t n)
{
	char *ns;

	if (n > g->budget || f->n + n >= BC_MAX_VALUE) {
		g->stop = true;
		return -E2BIG;
	}
	g->budget -= n;
	if (!(ns = realloc(f->s, f->n + n + 1)))
		return -ENOMEM;
	memcpy(ns + f->n, s, n);
	f->s = ns;
	f->n += n;
	f->s[f->n] = 0;
	f->open = true;
	return 0;
}

static int fend(struct gargv *a, struct field *f)
{
	char **nv;

	if (!f->open)
		return 0;
	if (a->n >= BC_MAX_ARGS ||
	    !(nv = realloc(a->v, (a->n + 2) * sizeof(*nv))))
		return -E2BIG;
	a->v = nv;
	nv[a->n++] = f->s ? f->s : bc_strdup("");
	nv[a->n] = NULL;
	f->s = NULL;
	f->n = 0;
	f->open = false;
	return nv[a->n - 1] ? 0 : -ENOMEM;
}

/* The value of a reference: positional, special, or a variable. */
static const char *var_value(struct gstate *g, const char *name, char *buf,
			     size_t size)
{
	if (bc_is_number(name)) {
		unsigned long i =
		    strlen(name) < 6 ? strtoul(name, NULL, 10) : 99999;
		return i < (unsigned long)g->argc ? g->argv[i] : "";
	}
	if (strcmp(name, "?") == 0 || strcmp(name, "#") == 0) {
		snprintf(buf, size, "%d",
			 name[0] == '?' ? g->status
					: (g->argc > 0 ? g->argc - 1 : 0));
		return buf;
	}
	return gs_get(g, name);
}

/* Appends an unquoted value, splitting it at blanks. */
static int add_split(struct gstate *g, struct gargv *a, struct field *f,
		     const char *v)
{
	int rc = 0;

	while (*v && !rc) {
		size_t blank = strspn(v, " \t\n");

		if (blank) {
			rc = fend(a, f);
			v += blank;
			continue;
		}
		size_t n = strcspn(v, " \t\n");
		rc = fadd(g, f, v, n);
		v += n;
	}
	return rc;
}

static int expand_part(struct gstate *g, const struct gpart *p, struct gargv *a,
		       struct field *f)
{
	char num[16];
	const char *v;
	int rc = 0;

	if (p->kind == GP_LIT || p->kind == GP_QLIT) {
		rc = fadd(g, f, p->text, strlen(p->text));
		f->open = true;
		return rc;
	}
	if (strcmp(p->text, "@") == 0 || strcmp(p->text, "*") == 0) {
		for (int i = 1; i < g->argc && !rc; i++) {
			if (p->kind == GP_VAR) {
				rc = fend(a, f);
				if (!rc)
					rc = add_split(g, a, f, g->argv[i]);
				continue;
			}
			if (i > 1)
				rc = fadd(g, f, " ", 1);
			if (!rc)
				rc = fadd(g, f, g->argv[i], strlen(g->argv[i]));
		}
		f->open |= p->kind == GP_QVAR;
		return rc;
	}
	v = var_value(g, p->text, num, sizeof(num));
	if (p->kind == GP_QVAR || g->nosplit) {
		f->open = true;
		return v ? fadd(g, f, v, strlen(v)) : 0;
	}
	return v ? add_split(g, a, f, v) : 0;
}

static int expand(struct gstate *g, const struct gword *w, unsigned int nw,
		  struct gargv *out)
{
	struct field f = {0};
	int rc = 0;

	out->v = NULL;
	out->n = 0;
	for (unsigned int i = 0; i < nw && !rc; i++) {
		for (unsigned int j = 0; j < w[i].n && !rc; j++)
			rc = expand_part(g, &w[i].parts[j], out, &f);
		if (!rc)
			rc = fend(out, &f);
	}
	free(f.s);
	if (rc)
		gs_argv_free(out);
	return rc;
}

static int call_function(struct gstate *g, const struct gnode *body, int argc,
			 char **argv, int line)
{
	char **sv = g->argv;
	int sc = g->argc;

	if (g->depth >= BC_MAX_DEPTH) {
		gs_msg(g, line, "%s: functions nested too deeply", argv[0]);
		return 1;
	}
	g->depth++;
	g->argv = argv;
	g->argc = argc;
	gs_run(g, body);
	g->argv = sv;
	g->argc = sc;
	g->depth--;
	g->returning = false;
	return g->status;
}

/* The command line as GRUB's tpm module measures it: the words after
 * expansion, each followed by a space, the last space dropped. */
static void measure_cmd(struct gstate *g, int argc, char **argv)
{
	size_t len = 0, o = 0;
	char *line;

	if (!g->h || !g->h->measure || argc <= 0)
		return;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!(line = malloc(len)))
		return;
	for (int i = 0; i < argc; i++) {
		size_t k = strlen(argv[i]);

		memcpy(line + o, argv[i], k);
		o += k;
		line[o++] = ' ';
	}
	line[len - 1] = '\0';
	g->h->measure(g->h->ctx, BOOTCFG_MEASURE_CMD, line);
	free(line);
}

/* NAME=VALUE as a whole command sets NAME: told apart before expansion
 * (a word starting with an unquoted NAME=), and its value is not split,
 * as GRUB's lexer does it. */
static bool assignment(struct gstate *g, const struct gnode *n)
{
	const struct gword *w = &n->words[0];
	const char *t, *eq;
	struct gargv a;
	char *name;

	if (n->n_words != 1 || w->n == 0 || w->parts[0].kind != GP_LIT)
		return false;
	t = w->parts[0].text;
	eq = strchr(t, '=');
	if (!eq || eq == t)
		return false;
	for (const char *c = t; c < eq; c++)
		if (!(*c == '_' || (*c >= 'a' && *c <= 'z') ||
		      (*c >= 'A' && *c <= 'Z') ||
		      (c > t && *c >= '0' && *c <= '9')))
			return false;
	g->nosplit = true;
	if (expand(g, w, 1, &a) == 0 && a.n == 1) {
		measure_cmd(g, 1, a.v);
		eq = strchr(a.v[0], '=');
		name = bc_strndup(a.v[0], eq - a.v[0]);
		if (!name || gs_set(g, name, eq + 1))
			gs_msg(g, n->line, "cannot set %s",
			       name ? name : "variable");
		free(name);
		gs_argv_free(&a);
	}
	g->nosplit = false;
	return true;
}

static int run_cmd(struct gstate *g, const struct gnode *n)
{
	struct gargv a;
	bool found = false;
	int st = 0;

	if (assignment(g, n))
		return 0;
	if (expand(g, n->words, n->n_words, &a)) {
		gs_msg(g, n->line, "command too long");
		return 1;
	}
	if (a.n == 0) {
		gs_argv_free(&a);
		return 0;
	}
	measure_cmd(g, a.n, a.v);
	for (struct gfunc *f = g->funcs; f; f = f->next) {
		if (strcmp(f->name, a.v[0]) == 0) {
			st = call_function(g, f->body, a.n, a.v, n->line);
			found = true;
			break;
		}
	}
	if (!found)
		st = gs_command(g, a.n, a.v, n->line, &found);
	if (!found) {
		gs_msg(g, n->line, "unknown command '%s', skipped", a.v[0]);
		st = 1;
	}
	gs_argv_free(&a);
	return st;
}

static int define_function(struct gstate *g, const struct gnode *n)
{
	struct gargv a;
	struct gfunc *f;

	if (expand(g, n->words, n->n_words, &a) || a.n != 1) {
		gs_argv_free(&a);
		gs_msg(g, n->line, "bad function name");
		return 1;
	}
	for (f = g->funcs; f; f = f->next)
		if (strcmp(f->name, a.v[0]) == 0)
			break;
	if (!f) {
		if (!(f = calloc(1, sizeof(*f)))) {
			gs_argv_free(&a);
			return 1;
		}
		f->name = a.v[0];
		a.v[0] = NULL;
		f->next = g->funcs;
		g->funcs = f;
	}
	f->body = n->a;
	gs_argv_free(&a);
	return 0;
}

/* menuentry/submenu: options, then the title; later words are ignored
 * (GRUB passes them to the body as $1...; grub-mkconfig never does). */
static int define_entry(struct gstate *g, const struct gnode *n)
{
	const char *title = NULL, *id = NULL;
	struct bootcfg_entry *e;
	struct gargv a;
	struct genv saved;

	if (g->spec)
		return 0; /* inside an entry being booted: not a menu */
	if (expand(g, n->words, n->n_words, &a))
		return 1;
	for (int i = 0; i < a.n; i++) {
		const char *w = a.v[i];

		if (strncmp(w, "--id=", 5) == 0)
			id = w + 5;
		else if (strcmp(w, "--id") == 0 && i + 1 < a.n)
			id = a.v[++i];
		else if (!strcmp(w, "--class") || !strcmp(w, "--users") ||
			 !strcmp(w, "--hotkey") || !strcmp(w, "--source"))
			i++;
		else if (strncmp(w, "--", 2) == 0 && w[2])
			continue; /* --unrestricted, --class=x, ... */
		else if (!title)
			title = w;
	}
	if (!title) {
		gs_msg(g, n->line, "menuentry without a title, skipped");
		gs_argv_free(&a);
		return 1;
	}
	e = bc_entry_add(g->m, g->parent, title, id, n->kind == GN_SUBMENU);
	gs_argv_free(&a);
	if (!e) {
		gs_msg(g, n->line, "too many menu entries");
		g->stop = true;
		return 1;
	}
	((struct bc_eprivate *)e->priv)->body = n->a;
	((struct bc_eprivate *)e->priv)->file = g->file;
	if (n->kind != GN_SUBMENU)
		return 0;
	if (g->depth >= BC_MAX_DEPTH) {
		gs_msg(g, n->line, "submenus nested too deeply");
		return 1;
	}
	/* GRUB runs a submenu's body when it is opened; running it now, in
	 * its own context, gives the same entries. */
	struct bootcfg_entry *sp = g->parent;
	g->depth++;
	g->parent = e;
	if (gs_env_open(g, &saved) == 0)
		gs_run(g, n->a);
	gs_env_close(g, &saved);
	g->parent = sp;
	g->depth--;
	return 0;
}

static int run_for(struct gstate *g, const struct gnode *n)
{
	struct gargv a;
	char *var;

	if (n->n_words < 1 || n->words[0].n != 1)
		return 1;
	var = n->words[0].parts[0].text;
	if (expand(g, n->words + 1, n->n_words - 1, &a))
		return 1;
	for (int i = 0; i < a.n && !g->stop && !g->returning; i++) {
		gs_set(g, var, a.v[i]);
		gs_run(g, n->b);
	}
	gs_argv_free(&a);
	return g->status;
}

static int run_node(struct gstate *g, const struct gnode *n)
{
	switch (n->kind) {
	case GN_CMD:
		return run_cmd(g, n);
	case GN_IF:
		/* elif chains are if nodes in the else part: walk them */
		for (;;) {
			if (gs_run(g, n->a), g->stop || g->returning)
				return g->status;
			if (g->status == 0)
				return gs_run(g, n->b), g->status;
			if (!n->c || n->c->kind != GN_IF || n->c->next)
				return n->c ? (gs_run(g, n->c), g->status) : 0;
			n = n->c;
		}
	case GN_WHILE:
	case GN_UNTIL:
		while (!g->stop && !g->returning) {
			gs_run(g, n->a);
			if ((g->status == 0) != (n->kind == GN_WHILE))
				break;
			gs_run(g, n->b);
		}
		return 0;
	case GN_FOR:
		return run_for(g, n);
	case GN_FUNC:
		return define_function(g, n);
	case GN_MENU:
	case GN_SUBMENU:
		return define_entry(g, n);
	}
	return 1;
}

int gs_run(struct gstate *g, const struct gnode *n)
{
	if (g->run_depth >= GS_MAX_RUN) {
		gs_msg(g, n ? n->line : 0, "commands nested too deeply");
		return g->status = 1;
	}
	g->run_depth++;
	for (; n && !g->stop && !g->returning; n = n->next) {
		if (++g->steps > BC_MAX_STEPS) {
			gs_msg(g, n->line, "too many commands run, stopped");
			g->stop = true;
			break;
		}
		g->status = run_node(g, n);
	}
	g->run_depth--;
	return g->status;
}
