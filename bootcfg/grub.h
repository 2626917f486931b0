/*
 * grub.h - the GRUB script evaluator's state, shared by grub_exec.c (the
 * interpreter: variables, expansion, control flow, menus) and
 * grub_cmds.c (the commands).  Private to bootcfg/.
 */
#ifndef BOOTCFG_GRUB_H
#define BOOTCFG_GRUB_H

#include "bootcfg/internal.h"

#define GS_MAX_FILES  64	  /* configs parsed by one load (source) */
#define GS_MAX_BUDGET (16u << 20) /* bytes expanded by one load/resolve */
#define GS_MAX_PARSED (4u << 20)  /* bytes of config parsed by one load */
#define GS_MAX_RUN    16	  /* nested command lists being run */

struct gvar {
	char *name, *value;
	bool exported;
};

struct genv {
	struct gvar *v;
	unsigned int n;
};

struct gfunc {
	char *name;
	const struct gnode *body;
	struct gfunc *next;
};

/* A parsed file, kept while the menu lives: entries point into it. */
struct gfile {
	struct gnode *tree;
	char *name;
	struct gfile *next;
};

struct gstate {
	struct bootcfg_host *h;
	struct bootcfg_menu *m;
	struct genv env; /* the current context */
	struct gfunc *funcs;
	struct gfile *files;
	unsigned int n_files;
	size_t parsed; /* bytes of config parsed, bounded by GS_MAX_PARSED */
	char *cfg_dev;
	const char *file; /* the file running, for messages */
	char **argv;	  /* $0 $1 ...: the running function's */
	int argc;
	int depth;
	int run_depth; /* gs_run recursion, bounded by GS_MAX_RUN */
	long steps;
	size_t budget;
	int status;	/* $? */
	bool returning; /* `return` unwinds to the function call */
	bool stop;	/* a limit hit, `boot`: unwinds everything */
	bool warned_save_env;
	bool nosplit;		      /* expanding an assignment's value */
	bool unsupported;	      /* resolve: chainloader, multiboot */
	struct bootcfg_entry *parent; /* load: where menuentry adds */
	struct boot_spec *spec;	      /* resolve: linux/initrd fill it */
};

struct gargv {
	char **v;
	int n;
};
void gs_argv_free(struct gargv *a);

/* grub_exec.c */
int gs_run(struct gstate *g, const struct gnode *list);
/* A new context holding the exported variables; closing restores. */
int gs_env_open(struct gstate *g, struct genv *saved);
void gs_env_close(struct gstate *g, struct genv *saved);
void gs_env_free(struct genv *e);
const char *gs_get(struct gstate *g, const char *name);
int gs_set(struct gstate *g, const char *name, const char *value);
void gs_unset(struct gstate *g, const char *name);
void gs_export(struct gstate *g, const char *name);
/* The device a path without "(dev)" is on: $root, else the config's. */
const char *gs_root(struct gstate *g, char *buf, size_t size);
/* Reads, parses and runs a config in the current context. */
int gs_source(struct gstate *g, const char *spec, int line);
void gs_msg(struct gstate *g, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* grub_cmds.c: runs argv if it is a command; *found false if unknown.
 * Returns the command's status (0: true). */
int gs_command(struct gstate *g, int argc, char **argv, int line, bool *found);

/* grub_bls.c: blscfg. */
int gs_blscfg(struct gstate *g, int argc, char **argv, int line);

/* grub_test.c: test and [ ]. */
int gs_test(struct gstate *g, int argc, char **argv, int line);

#endif
