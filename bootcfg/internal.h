/*
 * internal.h - what the bootcfg readers share and keep from callers: the
 * limits that bound untrusted configs, string and menu helpers (menu.c),
 * the grubenv block (grubenv.c) and GRUB script's syntax tree
 * (grub_parse.c) and evaluator (grub_exec.c, grub_cmds.c).
 */
#ifndef BOOTCFG_INTERNAL_H
#define BOOTCFG_INTERNAL_H

#include <stdarg.h>
#include "bootcfg/bootcfg.h"

/* Limits.  A real Debian grub.cfg is ~10 KiB with ~30 entries, nests 4
 * deep and runs a few thousand commands; these leave wide room and stop
 * hostile input.  The nesting limits also bound the C stack: parsing
 * and running take a few hundred bytes per level, and domlet threads
 * have 28 KiB: the worst case measured on glibc (tests of bootcfg
 * limits in a thread, vsnprintf and thread start included) is 12 KiB. */
#define BC_MAX_TEXT    (1u << 20) /* bytes of one config file */
#define BC_MAX_ENTRIES 1024	  /* menu entries, all levels */
#define BC_MAX_DEPTH   8	  /* function calls + source + submenus */
#ifndef BC_MAX_STEPS		  /* fuzz targets make it smaller */
#define BC_MAX_STEPS 200000	  /* commands run by one load/resolve */
#endif
#define BC_MAX_VARS	512   /* variables in one context */
#define BC_MAX_VALUE	65536 /* bytes of one variable or word */
#define BC_MAX_ARGS	512   /* words of one command */
#define BC_MAX_NEST	24    /* syntactic nesting (if, {}, ...) */
#define BC_GRUBENV_SIZE 1024  /* what grub-editenv creates */

/* One entry's private part. */
struct bc_eprivate {
	const struct gnode *body; /* grub: the entry's commands */
	const char *file;	  /* grub: the file it is in */
	struct boot_spec spec;	  /* menu.lst, BLS: filled at load */
	char *error;		  /* why it cannot boot, or NULL */
};

struct bc_mprivate {
	unsigned int n_entries;
	struct gstate *grub; /* grub.cfg: files, functions, variables */
};

/* menu.c */
char *bc_strndup(const char *s, size_t n);
char *bc_strdup(const char *s);
void bc_printf(struct bootcfg_host *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct bootcfg_menu *bc_menu_new(enum bootcfg_kind kind);
struct bootcfg_entry *bc_entry_add(struct bootcfg_menu *m,
				   struct bootcfg_entry *parent,
				   const char *title, const char *id,
				   bool submenu);
void bc_entry_clear(struct bootcfg_entry *e); /* frees its children */
/* Splits "(dev)/path" into f, dev defaulting to dflt; 0 or -ENOMEM. */
int bc_split_dev(const char *spec, const char *dflt, struct bootcfg_file *f);
int bc_spec_copy(struct boot_spec *dst, const struct boot_spec *src);
/* "5" -> 5000, "-1" or junk -> -1 (wait), bounded to a day. */
int bc_timeout_ms(const char *s);
bool bc_is_number(const char *s);

/* grubenv.c: the 1024-byte "# GRUB Environment Block" file. */
typedef int (*bc_env_fn)(void *arg, const char *name, const char *value);
int bc_env_parse(const char *text, size_t len, bc_env_fn fn, void *arg);
/* A new block of the same length with name set (value NULL: unset);
 * -ENOSPC if it does not fit, -EINVAL if old is no env block. */
int bc_env_update(const char *old, size_t len, const char *name,
		  const char *value, char **out);

/* bls.c: BLS entries sorted as blscfg sorts them, added under parent;
 * $variables in them are looked up through get (may be NULL). */
typedef const char *(*bc_var_fn)(void *arg, const char *name);
int bc_bls_add(struct bootcfg_menu *m, struct bootcfg_entry *parent,
	       const struct bootcfg_text *entries, unsigned int n,
	       bc_var_fn get, void *arg, const char *dev,
	       struct bootcfg_host *h);

/* grub_parse.c: GRUB script's syntax tree. */
enum gpart_kind { GP_LIT, GP_QLIT, GP_VAR, GP_QVAR };
struct gpart {
	enum gpart_kind kind; /* QLIT, QVAR: quoted, never split */
	char *text;	      /* literal text, or the variable's name */
};
struct gword {
	struct gpart *parts;
	unsigned int n;
};
enum gnode_kind {
	GN_CMD,
	GN_IF,
	GN_WHILE,
	GN_UNTIL,
	GN_FOR,
	GN_FUNC,
	GN_MENU,
	GN_SUBMENU
};
struct gnode {
	enum gnode_kind kind;
	int line;
	struct gword *words; /* CMD; menu args; FOR: var + list; FUNC name */
	unsigned int n_words;
	struct gnode *a; /* IF/WHILE: condition; others: body */
	struct gnode *b; /* IF/WHILE: then/do body */
	struct gnode *c; /* IF: else part (an IF node for elif) */
	struct gnode *next;
};
int gs_parse(const char *text, size_t len, const char *file,
	     struct bootcfg_host *h, struct gnode **out);
void gs_free(struct gnode *n);

/* grub_exec.c */
void gs_state_free(struct gstate *g);
int gs_resolve(struct bootcfg_menu *m, const struct bootcfg_entry *e,
	       struct bootcfg_host *h, struct boot_spec *out);

#endif
