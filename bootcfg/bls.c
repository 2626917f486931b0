/*
 * bls.c - Boot Loader Specification entries (/loader/entries/NAME.conf,
 * as kernel-install writes them on Fedora and RHEL): "key value" lines
 * with title, version, linux, initrd (repeatable), options.
 *
 * Ordered as Fedora's grub2 blscfg module orders them: sorted by the
 * version key with rpm's version comparison (entries without a version
 * after those with one), ties by file name the same way, then listed
 * newest first.  $kernelopts and other $variables in options, linux and
 * initrd are expanded from grubenv, as blscfg's generated entries let
 * GRUB do (RHEL 8 keeps the command line there).  The default is
 * grubenv's next_entry or saved_entry when it names an entry's id (the
 * file name without .conf), else the first entry.
 *
 * Entries are the guest's: sizes, counts and expansions are bounded.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/internal.h"

#define BLS_MAX_ENTRIES 256
#define BLS_MAX_ENV	64

struct bls {
	char *id, *title, *version, *linux_, *options;
	char *initrd[BOOTCFG_MAX_INITRD];
	unsigned int n_initrd;
};

struct benv {
	char *name[BLS_MAX_ENV], *value[BLS_MAX_ENV];
	unsigned int n;
};

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* rpm's version comparison: alternating numeric and alphabetic segments,
 * separators ignored, '~' sorting before everything, numbers compared
 * by value (any length), a number newer than letters. */
static int vercmp(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 0;
	while (*a || *b) {
		const char *sa, *sb;
		size_t la, lb;
		bool num;
		int c;

		while (*a && !alnum(*a) && *a != '~')
			a++;
		while (*b && !alnum(*b) && *b != '~')
			b++;
		if (*a == '~' || *b == '~') {
			if (*a != '~')
				return 1;
			if (*b != '~')
				return -1;
			a++, b++;
			continue;
		}
		if (!*a || !*b)
			break;
		num = digit(*a);
		for (sa = a; *a && (num ? digit(*a) : alnum(*a) && !digit(*a));)
			a++;
		for (sb = b; *b && (num ? digit(*b) : alnum(*b) && !digit(*b));)
			b++;
		if (sb == b)
			return num ? 1 : -1; /* different kinds of segment */
		if (num) {
			while (*sa == '0' && sa < a)
				sa++;
			while (*sb == '0' && sb < b)
				sb++;
			if ((a - sa) != (b - sb))
				return (a - sa) > (b - sb) ? 1 : -1;
		}
		la = a - sa;
		lb = b - sb;
		c = memcmp(sa, sb, la < lb ? la : lb);
		if (c == 0 && la != lb)
			c = la < lb ? -1 : 1;
		if (c)
			return c < 0 ? -1 : 1;
	}
	if (!*a && !*b)
		return 0;
	return !*a ? -1 : 1;
}

/* blscfg's order before it lists entries from the end: version first,
 * then file name; an entry with a version sorts before one without. */
static int bls_cmp(const void *p0, const void *p1)
{
	const struct bls *e0 = *(struct bls *const *)p0;
	const struct bls *e1 = *(struct bls *const *)p1;
	int r;

	if (e0->version && !e1->version)
		return -1;
	if (!e0->version && e1->version)
		return 1;
	if (e0->version && (r = vercmp(e0->version, e1->version)) != 0)
		return r;
	return vercmp(e0->id, e1->id);
}

static int env_add(void *arg, const char *name, const char *value)
{
	struct benv *e = arg;

	if (e->n >= BLS_MAX_ENV)
		return 0;
	e->name[e->n] = bc_strdup(name);
	e->value[e->n] = bc_strdup(value);
	if (!e->name[e->n] || !e->value[e->n]) {
		free(e->name[e->n]);
		free(e->value[e->n]);
		return -ENOMEM;
	}
	e->n++;
	return 0;
}

static const char *env_get(void *arg, const char *name)
{
	const struct benv *e = arg;

	for (unsigned int i = 0; i < e->n; i++)
		if (!strcmp(e->name[i], name))
			return e->value[i];
	return NULL;
}

/* Expands $name and ${name} through get, then splits at blanks and
 * joins with single spaces, as GRUB's word splitting does. */
static char *expand(bc_var_fn get, void *arg, const char *s)
{
	size_t cap = strlen(s) + 1, n = 0;
	char *out = malloc(cap);

	for (const char *p = s; out && *p;) {
		const char *v = p, *name;
		size_t vn = 1, nn;

		if (*p == '$') {
			bool brace = p[1] == '{';
			name = p + 1 + brace;
			nn = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
					  "KLMNOPQRSTUVWXYZ0123456789_");
			if (nn && nn < 64 && (!brace || name[nn] == '}')) {
				char var[64];

				memcpy(var, name, nn);
				var[nn] = 0;
				v = get ? get(arg, var) : NULL;
				v = v ? v : "";
				vn = strlen(v);
				p = name + nn + brace;
			} else {
				p++;
			}
		} else {
			p++;
		}
		if (n + vn + 1 > cap) {
			char *no;
			cap = n + vn + 1;
			if (cap > BC_MAX_VALUE || !(no = realloc(out, cap))) {
				free(out);
				return NULL;
			}
			out = no;
		}
		memcpy(out + n, v, vn);
		n += vn;
	}
	if (!out)
		return NULL;
	out[n] = 0;
	/* collapse blanks */
	n = 0;
	for (char *r = out; *r; r++) {
		bool blank = *r == ' ' || *r == '\t' || *r == '\n';
		if (blank && (n == 0 || out[n - 1] == ' '))
			continue;
		out[n++] = blank ? ' ' : *r;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = 0;
	return out;
}

static void bls_free(struct bls *b)
{
	free(b->id);
	free(b->title);
	free(b->version);
	free(b->linux_);
	free(b->options);
	for (unsigned int i = 0; i < b->n_initrd; i++)
		free(b->initrd[i]);
	free(b);
}

/* Sets *slot to value, or for options appends it (the spec lets
 * options repeat). */
static int keep(char **slot, const char *v, size_t n, bool append)
{
	char *nv;

	if (*slot && !append)
		return 0; /* blscfg uses the first */
	if (!*slot)
		return (*slot = bc_strndup(v, n)) ? 0 : -ENOMEM;
	nv = malloc(strlen(*slot) + n + 2);
	if (!nv)
		return -ENOMEM;
	strcpy(nv, *slot);
	strcat(nv, " ");
	strncat(nv, v, n);
	free(*slot);
	*slot = nv;
	return 0;
}

static int parse_line(struct bls *b, const char *s, size_t n)
{
	size_t k, v;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n == 0 || *s == '#')
		return 0;
	for (k = 0; k < n && s[k] != ' ' && s[k] != '\t';)
		k++;
	for (v = k; v < n && (s[v] == ' ' || s[v] == '\t');)
		v++;
#define KEY(name) (k == strlen(name) && !memcmp(s, name, k))
	if (KEY("title"))
		return keep(&b->title, s + v, n - v, false);
	if (KEY("version"))
		return keep(&b->version, s + v, n - v, false);
	if (KEY("linux"))
		return keep(&b->linux_, s + v, n - v, false);
	if (KEY("options"))
		return keep(&b->options, s + v, n - v, true);
	if (KEY("initrd") && b->n_initrd < BOOTCFG_MAX_INITRD)
		return keep(&b->initrd[b->n_initrd++], s + v, n - v, false);
#undef KEY
	return 0; /* machine-id, grub_users, grub_class, devicetree... */
}

static struct bls *bls_parse(const struct bootcfg_text *t)
{
	size_t nl = strlen(t->name);
	struct bls *b = calloc(1, sizeof(*b));
	int rc = 0;

	if (!b)
		return NULL;
	if (nl > 5 && !strcmp(t->name + nl - 5, ".conf"))
		nl -= 5;
	b->id = bc_strndup(t->name, nl);
	for (size_t i = 0; b->id && i < t->len && !rc;) {
		size_t n = 0;

		while (i + n < t->len && t->text[i + n] != '\n' &&
		       t->text[i + n] != 0)
			n++;
		rc = parse_line(b, t->text + i, n);
		i += n + 1;
	}
	if (!b->id || rc) {
		bls_free(b);
		return NULL;
	}
	return b;
}

/* Fills the menu entry for b. */
static int add_entry(struct bootcfg_menu *m, struct bootcfg_entry *parent,
		     const struct bls *b, bc_var_fn get, void *arg,
		     const char *dev)
{
	struct bootcfg_entry *e = bc_entry_add(
	    m, parent, b->title ? b->title : b->linux_, b->id, false);
	struct boot_spec *s;
	char *k, *opts;
	int rc;

	if (!e)
		return -E2BIG;
	s = &((struct bc_eprivate *)e->priv)->spec;
	k = expand(get, arg, b->linux_);
	opts = expand(get, arg, b->options ? b->options : "");
	rc = k && opts ? bc_split_dev(k, dev, &s->kernel) : -ENOMEM;
	s->args = opts;
	free(k);
	for (unsigned int i = 0; i < b->n_initrd && !rc; i++) {
		char *list = expand(get, arg, b->initrd[i]), *w, *save = NULL;

		if (!list)
			return -ENOMEM;
		/* one line may name several files ($tuned_initrd) */
		for (w = strtok_r(list, " ", &save); w && !rc;
		     w = strtok_r(NULL, " ", &save)) {
			if (s->n_initrd >= BOOTCFG_MAX_INITRD)
				break;
			rc = bc_split_dev(w, dev, &s->initrd[s->n_initrd]);
			s->n_initrd += rc == 0;
		}
		free(list);
	}
	return rc;
}

int bc_bls_add(struct bootcfg_menu *m, struct bootcfg_entry *parent,
	       const struct bootcfg_text *entries, unsigned int n,
	       bc_var_fn get, void *arg, const char *dev,
	       struct bootcfg_host *h)
{
	struct bls **list;
	unsigned int k = 0;
	int rc = 0;

	if (n > BLS_MAX_ENTRIES)
		return -E2BIG;
	if (!(list = calloc(n ? n : 1, sizeof(*list))))
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		const char *nm = entries[i].name;
		size_t nl = strlen(nm);

		if (nm[0] == '.' || nl <= 5 || strcmp(nm + nl - 5, ".conf"))
			continue;
		if (entries[i].len > BC_MAX_TEXT ||
		    !(list[k] = bls_parse(&entries[i])))
			continue;
		if (!list[k]->linux_) {
			bc_printf(h, "%s: no 'linux' line, skipped", nm);
			bls_free(list[k]);
			continue;
		}
		k++;
	}
	qsort(list, k, sizeof(*list), bls_cmp);
	for (unsigned int i = k; i-- > 0 && !rc;)
		rc = add_entry(m, parent, list[i], get, arg, dev ? dev : "");
	for (unsigned int i = 0; i < k; i++)
		bls_free(list[i]);
	free(list);
	return rc;
}

static void pick_default(struct bootcfg_menu *m, const struct benv *env)
{
	static const char *const keys[] = {"next_entry", "saved_entry"};

	for (unsigned int k = 0; k < 2 && !m->default_spec; k++) {
		const char *v = env_get((void *)env, keys[k]);
		struct bootcfg_entry *e;

		if (v && *v && bootcfg_find(m, v, &e) == 0)
			m->default_spec = bc_strdup(v);
	}
}

int bootcfg_load_bls(const struct bootcfg_text *entries, unsigned int n,
		     const char *grubenv, size_t grubenv_len, const char *dev,
		     struct bootcfg_host *h, struct bootcfg_menu **out)
{
	struct bootcfg_menu *m = bc_menu_new(BOOTCFG_BLS);
	struct benv env = {0};
	int rc = -ENOMEM;

	*out = NULL;
	if (!m)
		return -ENOMEM;
	if (grubenv && bc_env_parse(grubenv, grubenv_len, env_add, &env))
		bc_printf(h, "grubenv: not an environment block, ignored");
	rc = bc_bls_add(m, &m->root, entries, n, env_get, &env, dev, h);
	pick_default(m, &env);
	m->timeout_ms = 5000; /* Fedora's GRUB_TIMEOUT; callers may change it */
	for (unsigned int i = 0; i < env.n; i++) {
		free(env.name[i]);
		free(env.value[i]);
	}
	if (rc) {
		bootcfg_free(m);
		return rc;
	}
	*out = m;
	return 0;
}
