/*
 * grub_cmds.c - the GRUB commands pvgrub understands: variables (set,
 * unset, export), tests ([ ], test, true, false), echo, search, the
 * environment block (load_env, save_env), linux and initrd, source and
 * configfile; and the display/hardware commands grub-mkconfig emits,
 * accepted and ignored (a PV console has no video, fonts or sound).
 *
 * Arguments come from the guest's config: every path goes to the host
 * hooks as given (the host checks it), numbers are parsed with bounds,
 * and the environment block is rewritten only at its own length.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/grub.h"

static int cmd_set(struct gstate *g, int argc, char **argv, int line)
{
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		int rc;

		if (eq)
			*eq = 0;
		rc = gs_set(g, argv[i], eq ? eq + 1 : "");
		if (rc) {
			gs_msg(g, line, "set %s: error %d", argv[i], rc);
			return 1;
		}
	}
	return 0;
}

static int cmd_unset(struct gstate *g, int argc, char **argv, int line)
{
	(void)line;
	for (int i = 1; i < argc; i++)
		gs_unset(g, argv[i]);
	return 0;
}

static int cmd_export(struct gstate *g, int argc, char **argv, int line)
{
	(void)line;
	for (int i = 1; i < argc; i++)
		gs_export(g, argv[i]);
	return 0;
}

/* echo [-n] [-e] words: -e knows \n \t and \c (stop); other escapes
 * drop the backslash.  The line is built on the heap: echo may run deep
 * in a script, where stack is short. */
static int cmd_echo(struct gstate *g, int argc, char **argv, int line)
{
	const size_t size = 1024;
	char *out = malloc(size);
	size_t o = 0;
	bool esc = false;
	int i = 1;

	(void)line;
	if (!out)
		return 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strspn(argv[i] + 1, "ne") != strlen(argv[i] + 1))
			break;
		esc |= strchr(argv[i], 'e') != NULL;
	}
	for (int first = i; i < argc; i++) {
		if (i > first && o + 1 < size)
			out[o++] = ' ';
		for (const char *s = argv[i]; *s && o + 1 < size; s++) {
			char c = *s;
			if (esc && c == '\\' && s[1]) {
				c = *++s;
				c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
				if (c == 'c')
					goto done;
			}
			out[o++] = c;
		}
	}
done:
	out[o] = 0;
	for (char *s = out, *nl; s; s = nl ? nl + 1 : NULL) {
		if ((nl = strchr(s, '\n')))
			*nl = 0;
		if (g->h && g->h->print)
			g->h->print(g->h->ctx, s);
	}
	free(out);
	return 0;
}

/* search [--no-floppy] [-u|-l|-f] [--set[=VAR]] [--hint*...] VALUE,
 * search.fs_uuid VALUE [VAR] and friends. */
static int cmd_search(struct gstate *g, int argc, char **argv, int line)
{
	const char *kind = "file", *var = NULL, *value = NULL;
	char dev[64];
	const char *dot = strchr(argv[0], '.');
	int rc;

	if (dot) {
		kind = !strcmp(dot, ".fs_uuid")	   ? "fs_uuid"
		       : !strcmp(dot, ".fs_label") ? "label"
						   : "file";
		value = argc > 1 ? argv[1] : NULL;
		var = argc > 2 ? argv[2] : "root";
	}
	for (int i = 1; i < argc && !dot; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--fs-uuid") || !strcmp(a, "-u"))
			kind = "fs_uuid";
		else if (!strcmp(a, "--label") || !strcmp(a, "-l"))
			kind = "label";
		else if (!strcmp(a, "--file") || !strcmp(a, "-f"))
			kind = "file";
		else if (!strcmp(a, "--set") || !strcmp(a, "-s"))
			var = "root";
		else if (!strncmp(a, "--set=", 6))
			var = a + 6;
		else if (!strncmp(a, "--hint", 6) && !strchr(a, '='))
			i++; /* --hint VALUE */
		else if (a[0] == '-' && a[1])
			continue; /* --no-floppy, --hint=..., -n */
		else if (!value)
			value = a;
	}
	if (!value) {
		gs_msg(g, line, "search: no value to search for");
		return 1;
	}
	rc = g->h && g->h->search
		 ? g->h->search(g->h->ctx, kind, value, dev, sizeof(dev))
		 : -ENOENT;
	if (rc) {
		gs_msg(g, line, "search: no device with %s %s", kind, value);
		return 1;
	}
	dev[sizeof(dev) - 1] = 0;
	if (var)
		return gs_set(g, var, dev) ? 1 : 0;
	bc_printf(g->h, "%s", dev);
	return 0;
}

/* -f FILE / --file FILE / --file=FILE: the grubenv to use. */
static int env_file_arg(struct gstate *g, int argc, char **argv, int *i,
			const char **file)
{
	const char *a = argv[*i];

	(void)g;
	if ((!strcmp(a, "-f") || !strcmp(a, "--file")) && *i + 1 < argc) {
		*file = argv[++*i];
		return 1;
	}
	if (!strncmp(a, "--file=", 7)) {
		*file = a + 7;
		return 1;
	}
	return a[0] == '-' && a[1] == '-'; /* --skip-sig */
}

static int read_env(struct gstate *g, const char *file, int line,
		    struct bootcfg_file *where, char **text, size_t *len)
{
	char root[64], def[80];
	const char *prefix = gs_get(g, "prefix");
	int rc;

	if (!file) {
		snprintf(def, sizeof(def), "%s/grubenv", prefix ? prefix : "");
		file = def;
	}
	if (bc_split_dev(file, gs_root(g, root, sizeof(root)), where))
		return -ENOMEM;
	rc = g->h && g->h->read_file ? g->h->read_file(g->h->ctx, where->dev,
						       where->path, text, len)
				     : -ENOENT;
	if (rc) {
		gs_msg(g, line, "cannot read %s (error %d)", file, rc);
		free(where->dev);
		free(where->path);
	}
	return rc;
}

struct load_ctx {
	struct gstate *g;
	char **only;
	int n_only;
};

static int load_one(void *arg, const char *name, const char *value)
{
	struct load_ctx *c = arg;
	int i = 0;

	for (; i < c->n_only; i++)
		if (!strcmp(c->only[i], name))
			break;
	if (c->n_only && i == c->n_only)
		return 0;
	return gs_set(c->g, name, value) == -ENOSPC ? -ENOSPC : 0;
}

static int cmd_load_env(struct gstate *g, int argc, char **argv, int line)
{
	struct load_ctx c = {.g = g};
	const char *file = NULL;
	struct bootcfg_file where;
	char *text = NULL;
	size_t len;
	int i = 1, rc;

	while (i < argc && env_file_arg(g, argc, argv, &i, &file))
		i++;
	c.only = argv + i;
	c.n_only = argc - i;
	if (read_env(g, file, line, &where, &text, &len))
		return 1;
	rc = bc_env_parse(text, len, load_one, &c);
	if (rc)
		gs_msg(g, line, "load_env: %s is no environment block",
		       where.path);
	free(text);
	free(where.dev);
	free(where.path);
	return rc ? 1 : 0;
}

static int cmd_save_env(struct gstate *g, int argc, char **argv, int line)
{
	const char *file = NULL;
	struct bootcfg_file where;
	char *text = NULL, *next;
	size_t len;
	int i = 1, rc = 0;

	while (i < argc && env_file_arg(g, argc, argv, &i, &file))
		i++;
	if (!g->h || !g->h->save_env) {
		if (!g->warned_save_env)
			gs_msg(g, line,
			       "save_env: disk is read-only, "
			       "grubenv not changed");
		g->warned_save_env = true;
		return 0;
	}
	if (read_env(g, file, line, &where, &text, &len))
		return 1;
	for (; i < argc && !rc; i++) {
		rc = bc_env_update(text, len, argv[i], gs_get(g, argv[i]),
				   &next);
		if (!rc) {
			free(text);
			text = next;
		}
	}
	if (!rc)
		rc =
		    g->h->save_env(g->h->ctx, where.dev, where.path, text, len);
	if (rc)
		gs_msg(g, line, "save_env: %s not saved (error %d)", where.path,
		       rc);
	free(text);
	free(where.dev);
	free(where.path);
	return rc ? 1 : 0;
}

static bool hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* The kernel command line from linux's arguments, as GRUB 2.06 builds
 * it: an argument holding a space is put in double quotes, and \ ' "
 * get a backslash (a \xHH escape is kept as it is). */
static char *cmdline(int argc, char **argv)
{
	size_t n = 1, o = 0;
	char *out;

	for (int i = 0; i < argc; i++)
		n += 2 * strlen(argv[i]) + 3;
	if (!(out = malloc(n)))
		return NULL;
	for (int i = 0; i < argc; i++) {
		const char *c = argv[i];
		bool space = strchr(c, ' ') != NULL;

		if (i)
			out[o++] = ' ';
		if (space)
			out[o++] = '"';
		for (; *c; c++) {
			if (c[0] == '\\' && c[1] == 'x' && hex(c[2]) &&
			    hex(c[3])) {
				memcpy(out + o, c, 4);
				o += 4;
				c += 3;
				continue;
			}
			if (*c == '\\' || *c == '\'' || *c == '"')
				out[o++] = '\\';
			out[o++] = *c;
		}
		if (space)
			out[o++] = '"';
	}
	out[o] = 0;
	return out;
}

static int cmd_linux(struct gstate *g, int argc, char **argv, int line)
{
	struct boot_spec *s = g->spec;
	char root[64];

	if (!s)
		return 0; /* at the top level: nothing to boot yet */
	if (argc < 2) {
		gs_msg(g, line, "%s: no kernel named", argv[0]);
		return 1;
	}
	boot_spec_free(s);
	if (bc_split_dev(argv[1], gs_root(g, root, sizeof(root)), &s->kernel))
		return 1;
	s->args = cmdline(argc - 2, argv + 2);
	if (s->args && g->h && g->h->measure) {
		/* GRUB measures the line it builds from all of linux's
		 * arguments, the kernel's path as written included. */
		char *all = cmdline(argc - 1, argv + 1);

		if (all)
			g->h->measure(g->h->ctx, BOOTCFG_MEASURE_KERNEL_CMDLINE,
				      all);
		free(all);
	}
	return s->args ? 0 : 1;
}

static int cmd_initrd(struct gstate *g, int argc, char **argv, int line)
{
	struct boot_spec *s = g->spec;
	char root[64];

	if (!s)
		return 0;
	if (!s->kernel.path) {
		gs_msg(g, line, "%s: load the kernel first", argv[0]);
		return 1;
	}
	if (argc - 1 > BOOTCFG_MAX_INITRD) {
		gs_msg(g, line, "%s: more than %d files", argv[0],
		       BOOTCFG_MAX_INITRD);
		return 1;
	}
	for (unsigned int i = 0; i < s->n_initrd; i++) {
		free(s->initrd[i].dev);
		free(s->initrd[i].path);
	}
	s->n_initrd = 0;
	for (int i = 1; i < argc; i++) {
		if (bc_split_dev(argv[i], gs_root(g, root, sizeof(root)),
				 &s->initrd[s->n_initrd]))
			return 1;
		s->n_initrd++;
	}
	return 0;
}

static int cmd_source(struct gstate *g, int argc, char **argv, int line)
{
	if (argc < 2) {
		gs_msg(g, line, "%s: no file named", argv[0]);
		return 1;
	}
	if (argv[0][0] == 'c') { /* configfile: a new menu replaces this */
		if (g->spec) {	 /* in an entry: the caller opens it */
			char root[64];

			boot_spec_free(g->spec);
			if (bc_split_dev(argv[1],
					 gs_root(g, root, sizeof(root)),
					 &g->spec->config))
				return 1;
			g->stop = true;
			return 0;
		}
		bc_entry_clear(g->parent);
	}
	return gs_source(g, argv[1], line);
}

static int cmd_return(struct gstate *g, int argc, char **argv, int line)
{
	(void)line;
	g->returning = g->argv != NULL;
	return argc > 1 ? atoi(argv[1]) != 0 : 0;
}

static int cmd_boot(struct gstate *g, int argc, char **argv, int line)
{
	(void)argc, (void)argv, (void)line;
	g->stop = g->spec != NULL; /* the entry is complete */
	return 0;
}

static int cmd_unsupported(struct gstate *g, int argc, char **argv, int line)
{
	(void)argc;
	if (g->spec) {
		gs_msg(g, line, "%s: not supported for a PV guest", argv[0]);
		g->unsupported = true;
	}
	return 1;
}

static int cmd_true(struct gstate *g, int argc, char **argv, int line)
{
	(void)g, (void)argc, (void)line;
	return strcmp(argv[0], "false") == 0 ||
	       strcmp(argv[0], "keystatus") == 0;
}

static const struct {
	const char *name;
	int (*fn)(struct gstate *g, int argc, char **argv, int line);
} cmds[] = {
    {"set", cmd_set},
    {"unset", cmd_unset},
    {"export", cmd_export},
    {"echo", cmd_echo},
    {"[", gs_test},
    {"test", gs_test},
    {"true", cmd_true},
    {"false", cmd_true},
    {"search", cmd_search},
    {"search.fs_uuid", cmd_search},
    {"search.fs_label", cmd_search},
    {"search.file", cmd_search},
    {"load_env", cmd_load_env},
    {"save_env", cmd_save_env},
    {"linux", cmd_linux},
    {"linux16", cmd_linux},
    {"linuxefi", cmd_linux},
    {"initrd", cmd_initrd},
    {"initrd16", cmd_initrd},
    {"initrdefi", cmd_initrd},
    {"source", cmd_source},
    {".", cmd_source},
    {"configfile", cmd_source},
    {"return", cmd_return},
    {"boot", cmd_boot},
    {"blscfg", gs_blscfg},
    /* keystatus: no key is held (hidden-timeout code takes "no") */
    {"keystatus", cmd_true},
    {"chainloader", cmd_unsupported},
    {"multiboot", cmd_unsupported},
    {"multiboot2", cmd_unsupported},
    {"module", cmd_unsupported},
    {"module2", cmd_unsupported},
    {"xen_hypervisor", cmd_unsupported},
    {"xen_module", cmd_unsupported},
    {"kfreebsd", cmd_unsupported},
    {"knetbsd", cmd_unsupported},
    {"appleloader", cmd_unsupported},
    {"reboot", cmd_unsupported},
    {"halt", cmd_unsupported},
};

/* Accepted and ignored: display, input, sound, modules, hardware. */
static const char *const ignored[] = {
    "insmod",
    "rmmod",
    "load_video",
    "gfxmode",
    "terminal_output",
    "terminal_input",
    "terminal",
    "font",
    "loadfont",
    "background_image",
    "play",
    "serial",
    "cryptomount",
    "clear",
    "sleep",
    "videoinfo",
    "lsfonts",
    "set_background_color",
    "gettext",
    "recordfail",
    "savedefault",
    "fwsetup",
    "nativedisk",
    "lsmod",
    "menu_color_normal",
    "setparams",
    "hiddenentry",
    "terminfo",
    "outb",
    "inb",
    "wrmsr",
    "rdmsr",
    "smbios",
    "tpm2_key_protector_init",
    "password",
    "password_pbkdf2",
};

int gs_command(struct gstate *g, int argc, char **argv, int line, bool *found)
{
	*found = true;
	for (unsigned int i = 0; i < sizeof(cmds) / sizeof(*cmds); i++)
		if (strcmp(cmds[i].name, argv[0]) == 0)
			return cmds[i].fn(g, argc, argv, line);
	for (unsigned int i = 0; i < sizeof(ignored) / sizeof(*ignored); i++)
		if (strcmp(ignored[i], argv[0]) == 0)
			return 0;
	*found = false;
	return 1;
}
