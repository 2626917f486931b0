/*
 * menu.c - the menu model all three readers fill: entries in a tree,
 * GRUB's default= lookup ("1>2", ids, titles), "(dev)/path" splitting,
 * and the string helpers the readers share.
 *
 * Specs come from the config or the xl config line, both untrusted:
 * numbers are range-checked and every walk is bounded by the tree, which
 * the loaders bound (BC_MAX_ENTRIES, BC_MAX_DEPTH).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/internal.h"

char *bc_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *bc_strdup(const char *s)
{
	return bc_strndup(s, strlen(s));
}

void bc_printf(struct bootcfg_host *h, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!h || !h->print)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	h->print(h->ctx, line);
}

bool bc_is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int bc_timeout_ms(const char *s)
{
	long v = 0;

	if (!s || !bc_is_number(s))
		return -1; /* unset, negative or junk: GRUB waits */
	for (; *s && v <= 86400; s++)
		v = v * 10 + (*s - '0');
	return v > 86400 ? 86400 * 1000 : (int)v * 1000;
}

struct bootcfg_menu *bc_menu_new(enum bootcfg_kind kind)
{
	struct bootcfg_menu *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->priv = calloc(1, sizeof(struct bc_mprivate));
	m->root.title = bc_strdup("");
	m->root.submenu = true;
	if (!m->priv || !m->root.title) {
		free(m->priv);
		free(m->root.title);
		free(m);
		return NULL;
	}
	m->kind = kind;
	m->timeout_ms = -1;
	return m;
}

struct bootcfg_entry *bc_entry_add(struct bootcfg_menu *m,
				   struct bootcfg_entry *parent,
				   const char *title, const char *id,
				   bool submenu)
{
	struct bc_mprivate *mp = m->priv;
	struct bootcfg_entry *e, **nc;

	if (mp->n_entries >= BC_MAX_ENTRIES)
		return NULL;
	e = calloc(1, sizeof(*e));
	nc = realloc(parent->children, (parent->n_children + 1) * sizeof(*nc));
	if (!e || !nc) {
		free(e);
		return NULL;
	}
	parent->children = nc;
	e->title = bc_strdup(title);
	e->id = id ? bc_strdup(id) : NULL;
	e->priv = calloc(1, sizeof(struct bc_eprivate));
	if (!e->title || (id && !e->id) || !e->priv) {
		free(e->title);
		free(e->id);
		free(e->priv);
		free(e);
		return NULL;
	}
	e->submenu = submenu;
	e->parent = parent;
	e->index = parent->n_children;
	nc[parent->n_children++] = e;
	mp->n_entries++;
	return e;
}

void bc_entry_clear(struct bootcfg_entry *e)
{
	for (unsigned int i = 0; i < e->n_children; i++) {
		struct bootcfg_entry *c = e->children[i];
		struct bc_eprivate *p = c->priv;

		bc_entry_clear(c);
		if (p) {
			boot_spec_free(&p->spec);
			free(p->error);
			free(p);
		}
		free(c->title);
		free(c->id);
		free(c);
	}
	free(e->children);
	e->children = NULL;
	e->n_children = 0;
}

void bootcfg_free(struct bootcfg_menu *m)
{
	struct bc_mprivate *mp;

	if (!m)
		return;
	mp = m->priv;
	bc_entry_clear(&m->root);
	if (mp && mp->grub)
		gs_state_free(mp->grub);
	free(mp);
	free(m->root.title);
	free(m->default_spec);
	free(m->fallback_spec);
	free(m);
}

/* One step of a spec: a number, else the first child whose id or title
 * is name. */
static struct bootcfg_entry *find_child(const struct bootcfg_entry *dir,
					const char *name)
{
	if (bc_is_number(name)) {
		unsigned long i = strlen(name) < 9 ? strtoul(name, NULL, 10)
						   : (unsigned long)-1;
		return i < dir->n_children ? dir->children[i] : NULL;
	}
	for (unsigned int i = 0; i < dir->n_children; i++) {
		struct bootcfg_entry *c = dir->children[i];

		if ((c->id && strcmp(c->id, name) == 0) ||
		    strcmp(c->title, name) == 0)
			return c;
	}
	return NULL;
}

int bootcfg_find(const struct bootcfg_menu *m, const char *spec,
		 struct bootcfg_entry **out)
{
	const struct bootcfg_entry *dir = &m->root;
	struct bootcfg_entry *e = NULL;
	size_t len = spec ? strlen(spec) : 0;
	char *name;
	size_t n = 0;

	if (len == 0)
		return -ENOENT;
	name = malloc(len + 1);
	if (!name)
		return -ENOMEM;
	for (size_t i = 0; spec && i <= len; i++) {
		if (spec[i] == '>' && spec[i + 1] == '>') {
			name[n++] = '>'; /* ">>" is a '>' in a title */
			i++;
			continue;
		}
		if (spec[i] != '>' && spec[i] != 0) {
			name[n++] = spec[i];
			continue;
		}
		name[n] = 0;
		if (n == 0 || !dir->submenu || !(e = find_child(dir, name)))
			break; /* an empty step ("1>", ">2") names nothing */
		n = 0;
		dir = e;
		if (spec[i] == 0) {
			free(name);
			*out = e;
			return 0;
		}
	}
	free(name);
	return -ENOENT;
}

/* A submenu stands for its first bootable entry (depth is bounded by
 * the loaders). */
static struct bootcfg_entry *first_bootable(struct bootcfg_entry *e)
{
	if (!e->submenu)
		return e;
	for (unsigned int i = 0; i < e->n_children; i++) {
		struct bootcfg_entry *b = first_bootable(e->children[i]);
		if (b)
			return b;
	}
	return NULL;
}

struct bootcfg_entry *bootcfg_default(const struct bootcfg_menu *m)
{
	struct bootcfg_entry *e;

	if (m->default_spec && bootcfg_find(m, m->default_spec, &e) == 0) {
		e = first_bootable(e);
		if (e)
			return e;
	}
	return first_bootable((struct bootcfg_entry *)&m->root);
}

int bootcfg_path(const struct bootcfg_entry *e, char *buf, size_t size)
{
	char tmp[16];
	size_t need;

	if (size == 0)
		return -ENOSPC;
	if (!e->parent) {
		buf[0] = 0;
		return 0;
	}
	if (bootcfg_path(e->parent, buf, size) < 0)
		return -ENOSPC;
	snprintf(tmp, sizeof(tmp), "%s%u", buf[0] ? ">" : "", e->index);
	need = strlen(buf) + strlen(tmp) + 1;
	if (need > size)
		return -ENOSPC;
	strcat(buf, tmp);
	return 0;
}

/* GRUB's file systems read "//x" as "/x"; grub-mkconfig writes such
 * paths for a separate /boot ("//vmlinuz"), so the copy collapses them. */
static char *path_dup(const char *p)
{
	char *d = malloc(strlen(p) + 2), *o = d;

	if (!d)
		return NULL;
	if (*p != '/')
		*o++ = '/';
	for (; *p; p++)
		if (!(*p == '/' && o > d && o[-1] == '/'))
			*o++ = *p;
	*o = 0;
	return d;
}

int bc_split_dev(const char *spec, const char *dflt, struct bootcfg_file *f)
{
	const char *close;

	f->dev = f->path = NULL;
	if (spec[0] == '(' && (close = strchr(spec, ')'))) {
		f->dev = bc_strndup(spec + 1, close - spec - 1);
		f->path = path_dup(close + 1);
	} else {
		f->dev = bc_strdup(dflt);
		f->path = path_dup(spec);
	}
	if (!f->dev || !f->path) {
		free(f->dev);
		free(f->path);
		f->dev = f->path = NULL;
		return -ENOMEM;
	}
	return 0;
}

void boot_spec_free(struct boot_spec *s)
{
	free(s->kernel.dev);
	free(s->kernel.path);
	free(s->args);
	free(s->config.dev);
	free(s->config.path);
	for (unsigned int i = 0; i < s->n_initrd && i < BOOTCFG_MAX_INITRD;
	     i++) {
		free(s->initrd[i].dev);
		free(s->initrd[i].path);
	}
	memset(s, 0, sizeof(*s));
}

static int file_copy(struct bootcfg_file *d, const struct bootcfg_file *s)
{
	d->dev = bc_strdup(s->dev ? s->dev : "");
	d->path = bc_strdup(s->path ? s->path : "");
	return d->dev && d->path ? 0 : -ENOMEM;
}

int bc_spec_copy(struct boot_spec *dst, const struct boot_spec *src)
{
	int rc;

	memset(dst, 0, sizeof(*dst));
	if (src->config.path) /* an entry that opens another menu */
		return file_copy(&dst->config, &src->config);
	rc = file_copy(&dst->kernel, &src->kernel);
	dst->args = bc_strdup(src->args ? src->args : "");
	if (!dst->args)
		rc = -ENOMEM;
	for (unsigned int i = 0; i < src->n_initrd && rc == 0; i++) {
		dst->n_initrd = i + 1;
		rc = file_copy(&dst->initrd[i], &src->initrd[i]);
	}
	if (rc)
		boot_spec_free(dst);
	return rc;
}

int bootcfg_resolve(struct bootcfg_menu *m, const struct bootcfg_entry *e,
		    struct bootcfg_host *h, struct boot_spec *out)
{
	const struct bc_eprivate *p = e->priv;

	memset(out, 0, sizeof(*out));
	if (e->submenu || !p) {
		bc_printf(h, "'%s' is a submenu, not an entry", e->title);
		return -EINVAL;
	}
	if (m->kind == BOOTCFG_GRUB)
		return gs_resolve(m, e, h, out);
	if (p->error) {
		bc_printf(h, "'%s': %s", e->title, p->error);
		return -ENOTSUP;
	}
	if (!p->spec.kernel.path && !p->spec.config.path) {
		bc_printf(h, "'%s' names no kernel", e->title);
		return -ENOENT;
	}
	return bc_spec_copy(out, &p->spec);
}
