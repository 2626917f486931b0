/*
 * menulst.c - legacy GRUB's menu.lst (GRUB 0.97, the old Mini-OS
 * pv-grub): global default/timeout/fallback/hiddenmenu, then `title`
 * entries with root, kernel, initrd.
 *
 * Legacy devices count partitions from 0: (hd0,0) is GRUB 2's (hd0,1),
 * so names are converted ("hd0,1") before anything else sees them.
 * `default saved` reads the `default` file beside menu.lst, as
 * savedefault writes it.  Ignored, said here once: color, splashimage,
 * gfxmenu, foreground/background, serial, terminal, savedefault,
 * makeactive, boot, lock and password (pvgrub has no menu passwords; a
 * PV console belongs to whoever owns dom0 anyway).  Entries that need
 * multiboot modules or chainloading are kept and refuse to boot with a
 * message.
 *
 * The file is the guest's: lines and entries are bounded, numbers are
 * range-checked, nested configfile is at most BC_MAX_DEPTH deep.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/internal.h"

struct ml {
	struct bootcfg_menu *m;
	struct bootcfg_host *h;
	const char *file;
	int line;
	char root[64];		   /* the global root, GRUB 2 style */
	struct bootcfg_entry *cur; /* the entry being read */
	char cur_root[64];
	bool saved_default;
};

/* "(hd0,0)" -> "hd0,1"; "(hd1)" -> "hd1".  0, or -EINVAL. */
static int legacy_dev(const char *s, size_t n, char *out, size_t size)
{
	unsigned long disk, part;
	char *end;

	if (n < 4 || s[0] != '(' || s[n - 1] != ')' || strncmp(s + 1, "hd", 2))
		return -EINVAL;
	disk = strtoul(s + 3, &end, 10);
	if (end == s + 3 || disk > 255)
		return -EINVAL;
	if (*end == ')') {
		snprintf(out, size, "hd%lu", disk);
		return 0;
	}
	if (*end != ',')
		return -EINVAL;
	part = strtoul(end + 1, &end, 10);
	if (part > 255 || (*end != ')' && *end != ','))
		return -EINVAL; /* a BSD letter after ',' is ignored */
	snprintf(out, size, "hd%lu,%lu", disk, part + 1);
	return 0;
}

/* A path, maybe "(hd0,0)/vmlinuz", into f. */
static int legacy_path(struct ml *p, const char *spec, size_t n,
		       struct bootcfg_file *f)
{
	char dev[64], *path = bc_strndup(spec, n);
	const char *close = memchr(spec, ')', n);
	int rc;

	if (!path)
		return -ENOMEM;
	if (spec[0] == '(' && close) {
		if (legacy_dev(spec, close - spec + 1, dev, sizeof(dev))) {
			bc_printf(p->h, "%s:%d: bad device in %s", p->file,
				  p->line, path);
			free(path);
			return -EINVAL;
		}
		rc = bc_split_dev(path + (close - spec) + 1, dev, f);
	} else {
		rc = bc_split_dev(path, p->cur_root, f);
	}
	free(path);
	return rc;
}

static void entry_error(struct ml *p, const char *why)
{
	struct bc_eprivate *e = p->cur->priv;

	if (!e->error)
		e->error = bc_strdup(why);
}

static int cmd_kernel(struct ml *p, const char *args)
{
	struct boot_spec *s = &((struct bc_eprivate *)p->cur->priv)->spec;
	size_t n;

	while (strncmp(args, "--", 2) == 0) { /* --type=, --no-mem-option */
		args += strcspn(args, " \t");
		args += strspn(args, " \t");
	}
	n = strcspn(args, " \t");
	if (n == 0) {
		entry_error(p, "kernel: no file named");
		return 0;
	}
	boot_spec_free(s);
	if (legacy_path(p, args, n, &s->kernel)) {
		entry_error(p, "kernel: bad device");
		return 0;
	}
	args += n;
	args += strspn(args, " \t");
	s->args = bc_strdup(args);
	return s->args ? 0 : -ENOMEM;
}

static int cmd_initrd(struct ml *p, const char *args)
{
	struct boot_spec *s = &((struct bc_eprivate *)p->cur->priv)->spec;

	while (*args && s->n_initrd < BOOTCFG_MAX_INITRD) {
		size_t n = strcspn(args, " \t");

		if (legacy_path(p, args, n, &s->initrd[s->n_initrd])) {
			entry_error(p, "initrd: bad device");
			return 0;
		}
		s->n_initrd++;
		args += n;
		args += strspn(args, " \t");
	}
	return 0;
}

static int cmd_root(struct ml *p, const char *args, char *root)
{
	size_t n = strcspn(args, " \t");

	if (legacy_dev(args, n, root, 64)) {
		bc_printf(p->h, "%s:%d: bad root device %.*s", p->file, p->line,
			  (int)(n > 40 ? 40 : n), args);
		return 0;
	}
	return 0;
}

/* uuid UUID / find --set-root FILE: the device holding it. */
static int cmd_search(struct ml *p, const char *kind, const char *args,
		      char *root)
{
	char dev[64];

	if (!strcmp(kind, "file")) {
		if (strncmp(args, "--set-root", 10))
			return 0; /* find without --set-root only prints */
		args += 10;
		args += strspn(args, " \t");
	}
	if (!p->h || !p->h->search ||
	    p->h->search(p->h->ctx, kind, args, dev, sizeof(dev))) {
		bc_printf(p->h, "%s:%d: no device with %s %s", p->file, p->line,
			  kind, args);
		return 0;
	}
	dev[sizeof(dev) - 1] = 0;
	snprintf(root, 64, "%s", dev);
	return 0;
}

static int load(struct ml *p, const char *text, size_t len, int depth);

static int cmd_configfile(struct ml *p, const char *args, int depth)
{
	struct bootcfg_file f;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (p->cur) { /* choosing the entry opens that menu */
		struct boot_spec *s =
		    &((struct bc_eprivate *)p->cur->priv)->spec;

		boot_spec_free(s);
		if (legacy_path(p, args, strcspn(args, " \t"), &s->config))
			entry_error(p, "configfile: bad device");
		return 0;
	}
	if (depth >= BC_MAX_DEPTH ||
	    legacy_path(p, args, strcspn(args, " \t"), &f))
		return -ELOOP;
	rc = p->h && p->h->read_file
		 ? p->h->read_file(p->h->ctx, f.dev, f.path, &text, &len)
		 : -ENOENT;
	if (rc == 0) {
		bc_entry_clear(&p->m->root); /* the new menu replaces this */
		rc = load(p, text, len, depth + 1);
	} else {
		bc_printf(p->h, "%s:%d: cannot read %s", p->file, p->line,
			  f.path);
		rc = 0;
	}
	free(text);
	free(f.dev);
	free(f.path);
	return rc;
}

static int global(struct ml *p, const char *cmd, const char *args, int depth)
{
	struct bootcfg_menu *m = p->m;

	if (!strcmp(cmd, "default")) {
		p->saved_default = !strncmp(args, "saved", 5);
		free(m->default_spec);
		m->default_spec = bc_strndup(args, strcspn(args, " \t"));
		return m->default_spec ? 0 : -ENOMEM;
	}
	if (!strcmp(cmd, "fallback")) {
		free(m->fallback_spec);
		m->fallback_spec = bc_strdup(args);
		return m->fallback_spec ? 0 : -ENOMEM;
	}
	if (!strcmp(cmd, "timeout"))
		m->timeout_ms = bc_timeout_ms(args);
	else if (!strcmp(cmd, "hiddenmenu"))
		m->style = BOOTCFG_STYLE_HIDDEN;
	else if (!strcmp(cmd, "root") || !strcmp(cmd, "rootnoverify"))
		return cmd_root(p, args, p->root);
	else if (!strcmp(cmd, "configfile"))
		return cmd_configfile(p, args, depth);
	return 0;
}

static const char *const ignored[] = {
    "color",	"splashimage", "gfxmenu",     "foreground", "background",
    "serial",	"terminal",    "savedefault", "makeactive", "boot",
    "lock",	"password",    "hiddenmenu",  "default",    "timeout",
    "fallback", "quiet",       "setkey",      "map",	    "pause",
};

static int in_entry(struct ml *p, const char *cmd, const char *args, int depth)
{
	if (!strcmp(cmd, "root") || !strcmp(cmd, "rootnoverify"))
		return cmd_root(p, args, p->cur_root);
	if (!strcmp(cmd, "kernel"))
		return cmd_kernel(p, args);
	if (!strcmp(cmd, "initrd"))
		return cmd_initrd(p, args);
	if (!strcmp(cmd, "uuid"))
		return cmd_search(p, "fs_uuid", args, p->cur_root);
	if (!strcmp(cmd, "find"))
		return cmd_search(p, "file", args, p->cur_root);
	if (!strcmp(cmd, "configfile"))
		return cmd_configfile(p, args, depth);
	if (!strcmp(cmd, "module") || !strcmp(cmd, "modulenounzip") ||
	    !strcmp(cmd, "chainloader")) {
		entry_error(p, "multiboot modules and chainloading are not "
			       "supported for a PV guest");
		return 0;
	}
	for (unsigned int i = 0; i < sizeof(ignored) / sizeof(*ignored); i++)
		if (!strcmp(cmd, ignored[i]))
			return 0;
	bc_printf(p->h, "%s:%d: unknown command '%s', skipped", p->file,
		  p->line, cmd);
	return 0;
}

static int line_cmd(struct ml *p, char *s, int depth)
{
	size_t n;
	char *args;

	s += strspn(s, " \t");
	n = strcspn(s, " \t=");
	if (n == 0 || s[0] == '#')
		return 0;
	args = s + n + strspn(s + n, " \t=");
	s[n] = 0;
	for (char *e = args + strlen(args);
	     e > args && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r');)
		*--e = 0;
	if (!strcmp(s, "title")) {
		p->cur = bc_entry_add(p->m, &p->m->root, args, NULL, false);
		if (!p->cur) {
			bc_printf(p->h, "%s:%d: too many entries", p->file,
				  p->line);
			return -E2BIG;
		}
		memcpy(p->cur_root, p->root, sizeof(p->root));
		return 0;
	}
	return p->cur ? in_entry(p, s, args, depth) : global(p, s, args, depth);
}

static int load(struct ml *p, const char *text, size_t len, int depth)
{
	int saved_line = p->line, rc = 0;

	if (len > BC_MAX_TEXT)
		return -EFBIG;
	p->cur = NULL;
	p->line = 0;
	for (size_t i = 0; i < len && !rc;) {
		size_t n = 0;
		char *line;

		while (i + n < len && text[i + n] != '\n')
			n++;
		p->line++;
		if (!(line = bc_strndup(text + i, n)))
			return -ENOMEM;
		rc = line_cmd(p, line, depth);
		free(line);
		i += n + 1;
	}
	p->line = saved_line;
	return rc;
}

/* `default saved`: the number in the `default` file beside menu.lst. */
static void saved_default(struct ml *p, const char *cfg_dev,
			  const char *cfg_path)
{
	const char *slash = strrchr(cfg_path, '/');
	char path[256], *text = NULL;
	size_t len = 0, n;

	snprintf(path, sizeof(path), "%.*s/default",
		 slash ? (int)(slash - cfg_path) : 0, cfg_path);
	free(p->m->default_spec);
	p->m->default_spec = NULL;
	if (!p->h || !p->h->read_file ||
	    p->h->read_file(p->h->ctx, cfg_dev, path, &text, &len))
		return;
	n = strspn(text, "0123456789");
	if (n > 0 && n < 6)
		p->m->default_spec = bc_strndup(text, n);
	free(text);
}

int bootcfg_load_menulst(const char *text, size_t len, const char *cfg_dev,
			 const char *cfg_path, struct bootcfg_host *h,
			 struct bootcfg_menu **out)
{
	struct ml p = {.h = h, .file = cfg_path ? cfg_path : "menu.lst"};
	int rc;

	*out = NULL;
	if (!(p.m = bc_menu_new(BOOTCFG_MENULST)))
		return -ENOMEM;
	snprintf(p.root, sizeof(p.root), "%s", cfg_dev ? cfg_dev : "");
	rc = load(&p, text, len, 0);
	if (!rc && p.saved_default)
		saved_default(&p, cfg_dev ? cfg_dev : "", p.file);
	if (rc) {
		bc_printf(h, "%s: not loaded (error %d)", p.file, rc);
		bootcfg_free(p.m);
		return rc;
	}
	*out = p.m;
	return 0;
}
