/*
 * pvgrub.h - the pieces of the pvgrub stub domain and what they share.
 *
 * disks.c  the guest's disks (every vbd, in xenstore order) as GRUB
 *          devices: hd0, hd0,msdos5, hd0,gpt2, hd0,2, and Linux's xvda2;
 *          filesystems opened on first use; search by UUID, label, file.
 * menu.c   the menu on the PV console: entries, countdown, keys, editor.
 * boot.c   the chosen entry's kernel and initrds read, checked (kload/),
 *          loaded (kexec_load) and booted (kexec_exec).
 * main.c   extra= options, config search, the menu loop, giving up.
 * measure.c measured boot into the guest's vTPM, if it has one (PCR 8
 *          and 9 as GRUB's tpm module; DESIGN.md).
 *
 * Everything read from the disks is the guest's and untrusted; errors are
 * printed as "pvgrub: error: ..." and the menu comes back.
 */
#ifndef PVGRUB_H
#define PVGRUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "disk/disk.h"
#include "fs/fs.h"

#define PVGRUB_MAX_DISKS 16
#define PVGRUB_MAX_VOLS	 64

/* One place a filesystem may be: a partition, or a whole disk without a
 * partition table. */
struct vol {
	struct bdev bd;
	char grub[24];	/* "hd0,gpt2" or "hd0" */
	char alias[24]; /* "hd0,2" ("" for a whole disk) */
	char lname[16]; /* Linux name: "xvda2" or "xvda" */
	struct fs *fs;	/* NULL until probed, or if none */
	bool probed;
	unsigned int disk; /* index into the disks */
};

/* disks.c */
int disks_open(void);	/* opens every vbd; returns the count */
void disks_close(void); /* closes them all (before the hand-over) */
unsigned int vol_count(void);
struct vol *vol_get(unsigned int i);
/* A volume by any of its names, with or without parentheses; NULL if none. */
struct vol *vol_find(const char *name);
struct fs *vol_fs(struct vol *v); /* probes on first use; NULL if none */
/* Splits "(hd0,gpt2)/boot/x" into device and path; a path without a device
 * keeps dev as given. 0, or -EINVAL for an unknown/malformed device. */
int path_split(const char *spec, const char *dflt_dev, struct vol **vol,
	       const char **path);
/* GRUB's save_env: rewrites path's blocks in place and flushes; -EROFS
 * on a read-only disk. */
int vol_write_file(struct vol *v, const char *path, const void *data,
		   size_t len);
/* search --fs-uuid/--label/--file: the first volume that matches. */
struct vol *vol_search(const char *kind, const char *value);

/* menu.c */
struct menu_item {
	const char *title;
	bool submenu;
};
enum menu_action { MENU_BOOT, MENU_EDIT, MENU_TIMEOUT, MENU_BACK };
/* Shows items with `sel` selected and waits for a choice: returns the
 * index chosen and what to do with it.  timeout_ms > 0 counts down
 * (MENU_TIMEOUT when it runs out: the caller boots the default, or with
 * give_up gives up), -1 waits for ever, 0 returns sel at once.  ESC gives
 * MENU_BACK.  Without console input, MENU_TIMEOUT at once. */
int menu_choose(const char *header, const struct menu_item *items,
		unsigned int n, unsigned int sel, long timeout_ms, bool give_up,
		enum menu_action *action);
/* One-line editor on the console: edits line (size bytes) in place.
 * Returns 1 to boot, 0 when cancelled. */
int menu_edit(const char *prompt, char *line, size_t size);

/* boot.c */
struct boot_files {
	struct vol *vol; /* where the kernel is */
	const char *kernel;
	const char *args;
	struct vol *initrd_vol[8];
	const char *initrd[8];
	unsigned int n_initrd;
};
/* Reads, checks and loads; on success does not return.  On failure
 * prints why ("pvgrub: error: ...") and returns -errno. */
int boot_files(const struct boot_files *bf);

/* config.c: finding the config, the menu loop, booting an entry. */
struct pv_opts {
	const char *config; /* extra= config path, or NULL: search */
	const char *entry;  /* extra= entry=, or NULL: the config's default */
	bool nomenu;
	long timeout_ms; /* -2: the config's */
};
/* Returns only when nothing could be booted, with the reason in why. */
void run_menu(const struct pv_opts *o, char *why, size_t size);

/* measure.c: each call is one extend and one "pvgrub: tpm: ..." line;
 * all do nothing without a connected vTPM. */
void measure_open(void);  /* device/vtpm/0, if there is one */
void measure_close(void); /* before the hand-over */
/* PCR 9: a file's bytes, logged as "file (dev)path". */
void measure_file(const char *dev, const char *path, const void *data,
		  size_t len);
void measure_cmd(const char *line);	       /* PCR 8: "grub_cmd: " */
void measure_kernel_cmdline(const char *line); /* PCR 8 */
/* Whether a kernel command line was measured since the last call. */
bool measure_take_cmdline_seen(void);

/* Messages: "pvgrub: error: ..." for the user, to the console; the last
 * error's text stays in pv_last_error for the give-up message. */
extern char pv_last_error[200];
void pv_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pv_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
