/*
 * config.c - finding the guest's boot config, the menu loop, and turning
 * the chosen entry into files to load.
 *
 * Places are tried as GRUB would find them: each path in turn on every
 * volume (like `search --file`), grub.cfg first, then BLS entries
 * (which pvgrub2 on Xen cannot read), then legacy menu.lst/grub.conf.  A
 * grub.cfg with no bootable entry (RHEL's, which only says `blscfg`)
 * lets the search go on.  bootcfg/ parses and runs the configs; every
 * disk access it makes comes back here through struct bootcfg_host.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/bootcfg.h"
#include "libc-glue/kapi.h"
#include "pvgrub.h"

#define CFG_MAX	    (4u << 20) /* bytes of one config file */
#define BLS_MAX	    64	       /* entries read from one directory */
#define IDLE_S	    60	       /* after a failure, the menu's wait for a key */
#define CMDLINE_MAX 1024       /* start_info's cmd_line, NUL included */

static const struct place {
	const char *path;
	enum bootcfg_kind kind;
} places[] = {
    {"/boot/grub/grub.cfg", BOOTCFG_GRUB},
    {"/grub/grub.cfg", BOOTCFG_GRUB},
    {"/boot/grub2/grub.cfg", BOOTCFG_GRUB},
    {"/grub2/grub.cfg", BOOTCFG_GRUB},
    /* btrfs with the root tree in subvolume @ (Ubuntu's installer,
     * openSUSE): GRUB reads from the top level, where /boot is /@/boot. */
    {"/@/boot/grub/grub.cfg", BOOTCFG_GRUB},
    {"/@/boot/grub2/grub.cfg", BOOTCFG_GRUB},
    {"/boot/loader/entries", BOOTCFG_BLS},
    {"/loader/entries", BOOTCFG_BLS},
    {"/boot/grub/menu.lst", BOOTCFG_MENULST},
    {"/grub/menu.lst", BOOTCFG_MENULST},
    {"/boot/grub/grub.conf", BOOTCFG_MENULST},
    {"/grub/grub.conf", BOOTCFG_MENULST},
};

struct cfg_ctx {
	struct vol *vol; /* where the config was found: GRUB's "" device */
};

static struct vol *ctx_vol(void *ctx, const char *dev)
{
	struct cfg_ctx *c = ctx;

	return dev && *dev ? vol_find(dev) : c->vol;
}

static int h_read_file(void *ctx, const char *dev, const char *path,
		       char **data, size_t *len)
{
	struct vol *v = ctx_vol(ctx, dev);
	struct fs *fs = v ? vol_fs(v) : NULL;
	size_t n = strlen(path);
	int rc;

	if (!fs)
		return -ENOENT;
	rc = fs_read_all(fs, path, CFG_MAX, (void **)data, len);
	/* source, configfile, blscfg's entries; GRUB leaves the
	 * environment block (load_env, save_env) unmeasured. */
	if (rc == 0 && !(n >= 7 && !strcmp(path + n - 7, "grubenv")))
		measure_file(v->grub, path, *data, *len);
	return rc;
}

static int h_stat(void *ctx, const char *dev, const char *path, int *is_dir,
		  uint64_t *size)
{
	struct vol *v = ctx_vol(ctx, dev);
	struct fs *fs = v ? vol_fs(v) : NULL;
	struct fs_stat st;
	int rc;

	if (!fs)
		return -ENOENT;
	rc = fs_stat(fs, path, &st);
	if (rc)
		return rc;
	*is_dir = st.type == FS_DIR;
	*size = st.size;
	return 0;
}

static int h_search(void *ctx, const char *kind, const char *value, char *dev,
		    size_t size)
{
	struct vol *v = vol_search(kind, value);

	(void)ctx;
	if (!v)
		return -ENOENT;
	snprintf(dev, size, "%s", v->grub);
	return 0;
}

struct name_list {
	char **names;
	unsigned int n, max;
};

static int add_name(void *arg, const char *name, enum fs_type type)
{
	struct name_list *l = arg;
	char *copy;

	(void)type;
	if (l->n == l->max)
		return 1; /* enough: bounded like the BLS directory */
	copy = strdup(name);
	if (!copy)
		return 1;
	l->names[l->n++] = copy;
	return 0;
}

static int h_list_dir(void *ctx, const char *dev, const char *path,
		      char ***names, unsigned int *n)
{
	struct vol *v = ctx_vol(ctx, dev);
	struct fs *fs = v ? vol_fs(v) : NULL;
	struct name_list l = {.max = BLS_MAX};
	int rc;

	if (!fs)
		return -ENOENT;
	l.names = calloc(BLS_MAX, sizeof(*l.names));
	if (!l.names)
		return -ENOMEM;
	rc = fs_readdir(fs, path, add_name, &l);
	if (rc) {
		while (l.n)
			free(l.names[--l.n]);
		free(l.names);
		return rc;
	}
	*names = l.names;
	*n = l.n;
	return 0;
}

static int h_save_env(void *ctx, const char *dev, const char *path,
		      const char *data, size_t len)
{
	struct vol *v = ctx_vol(ctx, dev);
	int rc = v ? vol_write_file(v, path, data, len) : -ENODEV;

	if (rc)
		pv_info("save_env: (%s)%s not rewritten (%s)",
			v ? v->grub : dev, path, strerror(-rc));
	return rc;
}

static void h_print(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
	fflush(stdout);
}

static void h_measure(void *ctx, int kind, const char *text)
{
	(void)ctx;
	if (kind == BOOTCFG_MEASURE_KERNEL_CMDLINE)
		measure_kernel_cmdline(text);
	else
		measure_cmd(text);
}

static struct cfg_ctx ctx;
static struct bootcfg_host host = {
    .ctx = &ctx,
    .read_file = h_read_file,
    .stat = h_stat,
    .search = h_search,
    .print = h_print,
    .list_dir = h_list_dir,
    .save_env = h_save_env,
    .measure = h_measure,
};

/* ---- loading ---- */

struct bls_list {
	struct vol *vol;
	struct fs *fs;
	const char *dir;
	struct bootcfg_text t[BLS_MAX];
	unsigned int n;
};

static int bls_add(void *arg, const char *name, enum fs_type type)
{
	struct bls_list *l = arg;
	size_t nl = strlen(name), len;
	char path[300];
	void *data;
	int rc;

	if (type != FS_REG || nl < 6 || strcmp(name + nl - 5, ".conf"))
		return 0;
	if (l->n == BLS_MAX) {
		pv_info("%s: more than %d entries, %s ignored", l->dir, BLS_MAX,
			name);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s", l->dir, name);
	rc = fs_read_all(l->fs, path, 65536, &data, &len);
	if (rc) {
		pv_error("(%s)%s: cannot be read (%s), entry skipped",
			 l->vol->grub, path, strerror(-rc));
		return 0;
	}
	measure_file(l->vol->grub, path, data, len);
	l->t[l->n].name = strdup(name);
	l->t[l->n].text = data;
	l->t[l->n].len = len;
	if (l->t[l->n].name)
		l->n++;
	else
		free(data);
	return 0;
}

static int load_bls(struct vol *v, const char *dir, struct bootcfg_menu **m)
{
	static const char *const envs[] = {
	    "/boot/grub2/grubenv", "/grub2/grubenv", "/boot/grub/grubenv",
	    "/grub/grubenv"};
	struct bls_list *l = calloc(1, sizeof(*l));
	char *env = NULL;
	size_t env_len = 0;
	unsigned int i;
	int rc;

	if (!l)
		return -ENOMEM;
	l->vol = v;
	l->fs = vol_fs(v);
	l->dir = dir;
	rc = fs_readdir(l->fs, dir, bls_add, l);
	for (i = 0; !rc && i < 4 && !env; i++)
		if (fs_read_all(l->fs, envs[i], 65536, (void **)&env, &env_len))
			env = NULL;
	if (!rc)
		rc = bootcfg_load_bls(l->t, l->n, env, env_len, v->grub, &host,
				      m);
	for (i = 0; i < l->n; i++) {
		free((void *)l->t[i].name);
		free((void *)l->t[i].text);
	}
	free(l);
	free(env);
	return rc;
}

/* The menu of the config at path on v in *m, or the error said (once,
 * here) and returned. */
static int load_at(struct vol *v, const char *path, enum bootcfg_kind kind,
		   struct bootcfg_menu **m)
{
	char *text;
	size_t len;
	int rc;

	ctx.vol = v;
	if (kind == BOOTCFG_BLS) {
		rc = load_bls(v, path, m);
		if (rc)
			pv_error("(%s)%s: not usable (%s)", v->grub, path,
				 strerror(-rc));
		return rc;
	}
	rc = fs_read_all(vol_fs(v), path, CFG_MAX, (void **)&text, &len);
	if (rc) {
		pv_error("(%s)%s: cannot be read (%s)", v->grub, path,
			 strerror(-rc));
		return rc;
	}
	pv_info("reading (%s)%s", v->grub, path);
	measure_file(v->grub, path, text, len);
	if (kind == BOOTCFG_GRUB)
		rc = bootcfg_load_grub(text, len, v->grub, path, &host, m);
	else
		rc = bootcfg_load_menulst(text, len, v->grub, path, &host, m);
	free(text);
	if (rc)
		pv_error("(%s)%s: not usable (%s)", v->grub, path,
			 strerror(-rc));
	return rc;
}

static enum bootcfg_kind kind_of(const char *path)
{
	size_t n = strlen(path);

	if (strstr(path, "loader/entries"))
		return BOOTCFG_BLS;
	if ((n > 4 && !strcmp(path + n - 4, ".lst")) ||
	    (n > 9 && !strcmp(path + n - 9, "grub.conf")))
		return BOOTCFG_MENULST;
	return BOOTCFG_GRUB;
}

/* The menu: the one extra= names, else the first place that has one
 * with a bootable entry.  NULL with the reason in why. */
static struct bootcfg_menu *find_config(const char *spec, char *why,
					size_t size)
{
	struct bootcfg_menu *m = NULL;
	struct fs_stat st;
	unsigned int p, i;

	if (spec) {
		struct vol *v;
		const char *path;

		if (path_split(spec, vol_get(0) ? vol_get(0)->grub : "", &v,
			       &path) ||
		    !vol_fs(v)) {
			snprintf(why, size, "config %s: no such device", spec);
			return NULL;
		}
		if (load_at(v, path, kind_of(path), &m) || !m)
			snprintf(why, size, "config %s: no usable menu", spec);
		return m;
	}
	for (p = 0; p < ARRAY_SIZE(places); p++)
		for (i = 0; i < vol_count(); i++) {
			struct vol *v = vol_get(i);

			if (!vol_fs(v) ||
			    fs_stat(vol_fs(v), places[p].path, &st))
				continue;
			if (load_at(v, places[p].path, places[p].kind, &m))
				continue;
			if (bootcfg_default(m))
				return m;
			pv_info("(%s)%s: no bootable entry", v->grub,
				places[p].path);
			bootcfg_free(m);
			m = NULL;
		}
	snprintf(why, size,
		 "no boot config on any of %u volumes (looked for "
		 "grub.cfg, loader/entries, menu.lst)",
		 vol_count());
	return NULL;
}

/* ---- the menu loop ---- */

/* Kernel and initrds of spec as volumes and paths; -ENODEV if a device
 * named in the config does not exist. */
static int map_files(const struct boot_spec *s, const char *args,
		     struct boot_files *bf)
{
	unsigned int i;

	memset(bf, 0, sizeof(*bf));
	bf->vol = vol_find(s->kernel.dev);
	if (!bf->vol) {
		pv_error("kernel (%s)%s: no such disk or partition (a "
			 "partition the table names badly is skipped)",
			 s->kernel.dev, s->kernel.path);
		return -ENODEV;
	}
	bf->kernel = s->kernel.path;
	bf->args = args;
	for (i = 0; i < s->n_initrd && i < 8; i++) {
		bf->initrd_vol[i] = vol_find(s->initrd[i].dev);
		bf->initrd[i] = s->initrd[i].path;
		if (!bf->initrd_vol[i]) {
			pv_error("initrd (%s)%s: no such disk or partition",
				 s->initrd[i].dev, s->initrd[i].path);
			return -ENODEV;
		}
	}
	bf->n_initrd = i;
	return 0;
}

/* An entry's `configfile`: the menu of that file (same kind as m's) in
 * *next, or an error said and returned. */
static int open_configfile(const struct bootcfg_menu *m,
			   const struct bootcfg_file *f,
			   struct bootcfg_menu **next)
{
	struct vol *v = vol_find(f->dev);
	int rc;

	if (!v || !vol_fs(v)) {
		pv_error("configfile (%s)%s: no such disk or partition", f->dev,
			 f->path);
		return -ENODEV;
	}
	rc = load_at(
	    v, f->path,
	    m->kind == BOOTCFG_MENULST ? BOOTCFG_MENULST : BOOTCFG_GRUB, next);
	if (rc)
		return rc; /* load_at said why */
	if (!bootcfg_default(*next)) {
		pv_error("configfile (%s)%s: no bootable entry", f->dev,
			 f->path);
		bootcfg_free(*next);
		*next = NULL;
		return -ENOENT;
	}
	return 0;
}

/* The kernel command line to measure when bootcfg's linux did not (a
 * menu.lst or BLS entry), or when it was edited: "PATH ARGS", as GRUB's
 * kernel_cmdline. */
static void measure_args(const struct boot_spec *s, const char *args)
{
	static char line[CMDLINE_MAX + 512];

	if (measure_take_cmdline_seen() && !strcmp(args, s->args))
		return;
	snprintf(line, sizeof(line), "%s%s%s", s->kernel.path, *args ? " " : "",
		 args);
	measure_kernel_cmdline(line);
}

/* Resolves e, lets the user edit its command line if asked, boots it.
 * Returns only on failure (or a cancelled edit: -ECANCELED), or with
 * -EAGAIN and the new menu in *next when e opens another config. */
static int boot_entry(struct bootcfg_menu *m, const struct bootcfg_entry *e,
		      bool edit, struct bootcfg_menu **next)
{
	static char args[CMDLINE_MAX + 1];
	struct boot_files bf;
	struct boot_spec s;
	int rc;

	measure_take_cmdline_seen();
	rc = bootcfg_resolve(m, e, &host, &s);

	if (rc) {
		pv_error("'%s': cannot be booted (%s)", e->title,
			 strerror(-rc));
		return rc;
	}
	if (s.config.path) {
		pv_info("'%s': opening (%s)%s", e->title, s.config.dev,
			s.config.path);
		rc = open_configfile(m, &s.config, next);
		boot_spec_free(&s);
		return rc ? rc : -EAGAIN;
	}
	snprintf(args, sizeof(args), "%s", s.args);
	if (edit && !menu_edit("> ", args, sizeof(args))) {
		boot_spec_free(&s);
		return -ECANCELED;
	}
	if (strlen(args) >= CMDLINE_MAX) {
		pv_error("'%s': command line longer than %d bytes", e->title,
			 CMDLINE_MAX - 1);
		rc = -E2BIG;
	} else {
		pv_info("booting '%s'", e->title);
		measure_args(&s, args);
		rc = map_files(&s, args, &bf);
		if (!rc)
			rc = boot_files(&bf);
	}
	boot_spec_free(&s);
	if (vol_count() == 0) { /* the hand-over failed after closing them */
		disks_open();
		measure_open();
	}
	return rc;
}

/* The child of level on the way to e (e itself if it is a child). */
static unsigned int index_towards(const struct bootcfg_entry *level,
				  const struct bootcfg_entry *e)
{
	while (e && e->parent != level)
		e = e->parent;
	return e ? e->index : 0;
}

/* GRUB's fallback: the entries it lists, tried in turn once the default
 * failed without anybody choosing.  -EAGAIN with *next if one of them
 * opened another config. */
static int try_fallbacks(struct bootcfg_menu *m, struct bootcfg_menu **next)
{
	char list[200], *save = NULL, *w;

	if (!m->fallback_spec)
		return -ENOENT;
	snprintf(list, sizeof(list), "%s", m->fallback_spec);
	for (w = strtok_r(list, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		struct bootcfg_entry *e;

		if (bootcfg_find(m, w, &e) || e->submenu)
			continue;
		pv_info("trying fallback entry %s", w);
		if (boot_entry(m, e, false, next) == -EAGAIN)
			return -EAGAIN;
	}
	return -ENOENT;
}

/* entry= as the user sees the menu: a plain number counts from 1; GRUB
 * paths ("1>0"), ids and titles go to bootcfg_find as they are. */
static int find_entry(struct bootcfg_menu *m, const char *spec,
		      const struct bootcfg_entry **out)
{
	struct bootcfg_entry *e;
	char num[16];
	size_t n = strspn(spec, "0123456789");
	int rc;

	if (n && !spec[n] && n < 9 && atoi(spec) >= 1) {
		snprintf(num, sizeof(num), "%d", atoi(spec) - 1);
		spec = num;
	}
	rc = bootcfg_find(m, spec, &e);
	if (!rc)
		*out = e;
	return rc;
}

/* How many configs in a row entries may open without anybody choosing
 * (a configfile loop booting by timeout would never end). */
#define AUTO_HOPS_MAX 8

void run_menu(const struct pv_opts *o, char *why, size_t size)
{
	struct bootcfg_menu *next, *m = find_config(o->config, why, size);
	const struct bootcfg_entry *level, *def = NULL;
	struct menu_item items[64];
	bool failed = false;
	int hops = 0;
	long timeout;

	if (!m)
		return;
	timeout = o->nomenu		? 0
		  : o->timeout_ms != -2 ? o->timeout_ms
					: m->timeout_ms;
	if (o->entry && find_entry(m, o->entry, &def))
		pv_error("entry=%s: no such entry", o->entry);
	if (!def || def->submenu)
		def = bootcfg_default(m);
	if (!def) {
		snprintf(why, size, "%s: no bootable entry",
			 o->config ? o->config : "the config");
		bootcfg_free(m);
		return;
	}
	for (level = &m->root;;) {
		enum menu_action act;
		unsigned int i,
		    n = level->n_children < 64 ? level->n_children : 64;
		int k, rc;

		for (i = 0; i < n; i++) {
			items[i].title = level->children[i]->title;
			items[i].submenu = level->children[i]->submenu;
		}
		k = menu_choose(
		    level == &m->root ? "pvgrub boot menu" : level->title,
		    items, n, index_towards(level, def), timeout, failed, &act);
		if (act == MENU_TIMEOUT && failed)
			break;
		if (k < 0 || act == MENU_BACK) {
			level = level->parent ? level->parent : &m->root;
			continue;
		}
		if (act != MENU_TIMEOUT && level->children[k]->submenu) {
			level = level->children[k];
			timeout = -1;
			continue;
		}
		if (act == MENU_TIMEOUT && ++hops > AUTO_HOPS_MAX) {
			pv_error(
			    "%d configs opened one after the other without "
			    "a boot: a configfile loop?",
			    AUTO_HOPS_MAX);
			break;
		}
		next = NULL;
		rc = boot_entry(m,
				act == MENU_TIMEOUT ? def : level->children[k],
				act == MENU_EDIT, &next);
		if (rc == -ECANCELED)
			continue;
		if (rc != -EAGAIN && act == MENU_TIMEOUT)
			rc = try_fallbacks(m, &next);
		if (rc == -EAGAIN) { /* the new config's menu replaces m's */
			if (act != MENU_TIMEOUT)
				hops = 0;
			bootcfg_free(m);
			m = next;
			level = &m->root;
			def = bootcfg_default(m);
			timeout = o->nomenu ? 0 : m->timeout_ms;
			failed = false;
			continue;
		}
		failed = true;
		timeout = IDLE_S * 1000;
	}
	snprintf(why, size, "%s", pv_last_error);
	bootcfg_free(m);
}
