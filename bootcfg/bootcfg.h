/*
 * bootcfg.h - boot configs (grub.cfg, legacy menu.lst, BLS entries) read
 * into one menu model, the whole public API.
 *
 * A loader turns a config's text into a `struct bootcfg_menu`: a tree of
 * entries (submenus hold children), the default entry, the timeout and
 * the fallback.  bootcfg_resolve() then gives, for one chosen entry, the
 * kernel, the initrds, the command line and the devices they are on.
 *
 * grub.cfg is a program in GRUB's script language: the top level runs at
 * load (set, if, functions, load_env, search, menuentry, submenu...) and
 * an entry's body runs when it is resolved, as GRUB runs it when booted.
 * Everything that touches a disk goes through the caller's struct
 * bootcfg_host, so this code is pure and runs unchanged on the host.
 * grub.cfg's `blscfg` (Fedora, RHEL) adds the BLS entries it finds in
 * its place in the menu, as bootcfg_load_bls would order them.  The
 * commands understood are listed in grub_cmds.c; display, input, sound
 * and module commands are accepted and ignored, and so are `password`
 * and `password_pbkdf2` (pvgrub has no menu lock: the PV console is
 * dom0's).  Unknown commands are reported with their line and skipped.
 *
 * The config text is the guest's and untrusted: every loop, nesting,
 * recursion, variable, entry and string is bounded; bad input ends in a
 * message through host->print and an error return, never a crash.
 *
 * Errors: 0 or a negative errno (names only: the numbers differ between
 * the host and domlet).
 */
#ifndef BOOTCFG_BOOTCFG_H
#define BOOTCFG_BOOTCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the caller supplies.  Device names are GRUB's without parentheses
 * ("hd0,gpt2", "hd0,1", "hd0"), as the config spells them; a cfg_dev of
 * "" is passed through, standing for the device the config came from. */
struct bootcfg_host {
	void *ctx;
	/* The whole file at absolute path on dev, malloc'd (freed here) and
	 * NUL-terminated; 0 or -errno (-ENOENT if it is not there). */
	int (*read_file)(void *ctx, const char *dev, const char *path,
			 char **data, size_t *len);
	/* [ -e ] [ -f ] [ -d ] [ -s ]: 0 and the facts, or -ENOENT. */
	int (*stat)(void *ctx, const char *dev, const char *path, int *is_dir,
		    uint64_t *size);
	/* search: kind is "fs_uuid", "label" or "file"; writes the first
	 * matching device's name into dev; 0 or -ENOENT. */
	int (*search)(void *ctx, const char *kind, const char *value, char *dev,
		      size_t size);
	/* Optional (NULL: read-only, save_env warns once): rewrites the
	 * grubenv file in place with data, of the same length it had. */
	int (*save_env)(void *ctx, const char *dev, const char *path,
			const char *data, size_t len);
	/* One line (no newline) of echo output, a warning or an error. */
	void (*print)(void *ctx, const char *line);
	/* Optional (NULL: grub.cfg's blscfg finds no entries): the names in
	 * directory path on dev, a malloc'd array of n malloc'd strings
	 * (freed here); 0 or -errno. */
	int (*list_dir)(void *ctx, const char *dev, const char *path,
			char ***names, unsigned int *n);
	/* Optional (NULL: nothing measured): what GRUB's tpm module
	 * measures into PCR 8, called before the command runs.
	 * BOOTCFG_MEASURE_CMD: each grub.cfg command line as run, its
	 * words after expansion joined by single spaces (assignments and
	 * unknown commands too; not menuentry, submenu, function, if, for,
	 * while themselves, which are no command lines).
	 * BOOTCFG_MEASURE_KERNEL_CMDLINE: the command line a linux command
	 * builds when its entry is booted, the kernel's path first. */
	void (*measure)(void *ctx, int kind, const char *text);
};

enum {
	BOOTCFG_MEASURE_CMD = 1,	    /* GRUB's "grub_cmd: " */
	BOOTCFG_MEASURE_KERNEL_CMDLINE = 2, /* GRUB's "kernel_cmdline: " */
};

enum bootcfg_kind { BOOTCFG_GRUB = 1, BOOTCFG_MENULST = 2, BOOTCFG_BLS = 3 };

/* GRUB's timeout_style: hidden and countdown mean "do not show the menu
 * while the timeout runs"; pvgrub may still show it (DESIGN.md). */
enum bootcfg_style {
	BOOTCFG_STYLE_MENU = 0,
	BOOTCFG_STYLE_COUNTDOWN = 1,
	BOOTCFG_STYLE_HIDDEN = 2,
};

/* One menu line.  Read-only for the caller. */
struct bootcfg_entry {
	char *title;
	char *id; /* --id, BLS file name without .conf; NULL if none */
	bool submenu;
	unsigned int index;	      /* position among its parent's children */
	struct bootcfg_entry *parent; /* NULL for the menu's root */
	struct bootcfg_entry **children; /* submenus (and the root) only */
	unsigned int n_children;
	void *priv; /* the reader's */
};

/* Read-only for the caller, except that the timeout and style may be
 * overridden (extra= on the xl config line). */
struct bootcfg_menu {
	enum bootcfg_kind kind;
	struct bootcfg_entry root; /* root.children: the top-level entries */
	char *default_spec;	   /* as written ("1>2", id, title); or NULL */
	char *fallback_spec;	   /* GRUB's fallback: specs split by blanks */
	int timeout_ms;		   /* -1: wait for a key forever */
	enum bootcfg_style style;
	void *priv;
};

/* Loaders.  cfg_dev/cfg_path: where the text was read ("hd0,gpt2",
 * "/boot/grub/grub.cfg"): GRUB's root and prefix start there, and
 * source/configfile/load_env paths are relative to it.  On success *out
 * is the menu (bootcfg_free it), which may have no entries; a syntax
 * error is reported with its line ("grub.cfg:12: ...") and fails the
 * whole load with -EINVAL (GRUB would skip the command; a half-read
 * config is worse than a clear refusal).  Unknown commands are reported
 * with their line and skipped, as GRUB does. */
int bootcfg_load_grub(const char *text, size_t len, const char *cfg_dev,
		      const char *cfg_path, struct bootcfg_host *h,
		      struct bootcfg_menu **out);
int bootcfg_load_menulst(const char *text, size_t len, const char *cfg_dev,
			 const char *cfg_path, struct bootcfg_host *h,
			 struct bootcfg_menu **out);

/* One /loader/entries/NAME.conf file. */
struct bootcfg_text {
	const char *name; /* "NAME.conf" (no directory) */
	const char *text;
	size_t len;
};
/* BLS entries found on dev (paths in them are relative to dev's root, as
 * kernel-install writes them); grubenv (may be NULL) supplies
 * $kernelopts and friends, and the default: next_entry (not cleared:
 * nothing is written here), else saved_entry, else the first entry.
 * Sorted as Fedora's blscfg sorts them: newest version first (rpm's
 * vercmp), then by file name.  The timeout is 5 s (Fedora's default). */
int bootcfg_load_bls(const struct bootcfg_text *entries, unsigned int n,
		     const char *grubenv, size_t grubenv_len, const char *dev,
		     struct bootcfg_host *h, struct bootcfg_menu **out);

void bootcfg_free(struct bootcfg_menu *m);

/* Finds an entry by GRUB's default= syntax: "2", "1>2" (a path through
 * submenus), an id or a title at each step (">>" is a literal '>').
 * 0 and *out, or -ENOENT.  The entry found may be a submenu. */
int bootcfg_find(const struct bootcfg_menu *m, const char *spec,
		 struct bootcfg_entry **out);

/* The entry to boot when nobody chooses: default_spec if it names one,
 * else the first; a submenu stands for its first bootable entry.  NULL
 * if the menu has no bootable entry. */
struct bootcfg_entry *bootcfg_default(const struct bootcfg_menu *m);

/* The "1>2" path of e, for messages and saved_entry. */
int bootcfg_path(const struct bootcfg_entry *e, char *buf, size_t size);

#define BOOTCFG_MAX_INITRD 8

/* A file to load: dev is a GRUB device name without parentheses (the
 * config's cfg_dev when nothing else was named), path absolute on it
 * ("//x" collapsed to "/x"). */
struct bootcfg_file {
	char *dev;
	char *path;
};

struct boot_spec {
	struct bootcfg_file kernel;
	char *args; /* the kernel command line ("" if none) */
	struct bootcfg_file initrd[BOOTCFG_MAX_INITRD];
	unsigned int n_initrd;
	/* `configfile FILE` ran in the entry: FILE's menu replaces this one
	 * (GRUB's meaning); kernel, args and initrds are then unset. */
	struct bootcfg_file config;
};

/* What booting e means.  For grub.cfg it runs e's body (search, set,
 * linux, initrd, echo...) in a fresh context of the exported variables,
 * with `chosen` set, as GRUB does.  An entry that opens another config
 * (`configfile`) gives a spec with only config set: the caller loads that
 * file as the new menu, a config of the same kind as m.  -ENOENT if no
 * kernel was named (the message says why), -ENOTSUP for entries pvgrub cannot
 * boot (chainloader, multiboot), -EINVAL for a submenu. */
int bootcfg_resolve(struct bootcfg_menu *m, const struct bootcfg_entry *e,
		    struct bootcfg_host *h, struct boot_spec *out);
void boot_spec_free(struct boot_spec *s);

#endif
