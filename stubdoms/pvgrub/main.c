/*
 * main.c - pvgrub: boots a PV guest's own kernel from its own disk.
 *
 * extra= words (the guest's xl config, or `make run ARGS=`):
 *   (hd0,1)/boot/grub/menu.lst   the config file to read (any format,
 *                                by name: .cfg grub, .lst or grub.conf legacy,
 *                                a loader/entries directory BLS)
 *   entry=SPEC                   boot this entry: a number as the menu
 *                                shows it (1 = first), a GRUB path
 *                                ("1>0": GRUB's numbers, from 0), an id
 *                                or a title
 *   nomenu                       no menu: boot the default (or entry=)
 *   timeout=SECONDS              override the config's timeout
 * Without a config word, the usual places are searched on every volume
 * in the order GRUB would (config.c).  When every entry fails and no one
 * is at the console, pvgrub says why and crashes the domain (code 2)
 * after GIVE_UP_S seconds, so a toolstack sees a failed boot, not a hang.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libc-glue/kapi.h"
#include "pvgrub.h"

#define GIVE_UP_S 30

char pv_last_error[200];

void pv_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pv_last_error, sizeof(pv_last_error), fmt, ap);
	va_end(ap);
	printf("pvgrub: error: %s\n", pv_last_error);
	fflush(stdout);
}

void pv_info(const char *fmt, ...)
{
	va_list ap;

	printf("pvgrub: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void parse_args(int argc, char **argv, struct pv_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->timeout_ms = -2; /* the config's */
	/* libc-glue makes leading NAME=value words of extra= environment
	 * variables, so entry= and timeout= arrive there when they come
	 * first; later ones are argv words (below). */
	if (getenv("entry"))
		o->entry = getenv("entry");
	if (getenv("default"))
		o->entry = getenv("default");
	if (getenv("timeout"))
		o->timeout_ms = atol(getenv("timeout")) * 1000;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "nomenu"))
			o->nomenu = true;
		else if (!strncmp(a, "entry=", 6) || !strncmp(a, "default=", 8))
			o->entry = strchr(a, '=') + 1;
		else if (!strncmp(a, "timeout=", 8))
			o->timeout_ms = atol(a + 8) * 1000;
		else if (a[0] == '(' || a[0] == '/')
			o->config = a;
		else
			pv_info("ignoring unknown option '%s'", a);
	}
}

/* Nothing bootable: say why, wait for someone at the console, give up. */
static NORETURN void give_up(const char *why)
{
	printf("pvgrub: error: %s\n", why);
	pv_error("no usable boot entry: crashing the domain in %d s "
		 "(press any key to stop the clock)",
		 GIVE_UP_S);
	if (console_read((char[1]){0}, 1,
			 monotonic_ns() + GIVE_UP_S * NSEC_PER_SEC) == 1) {
		pv_error("nothing to boot: waiting for xl destroy");
		for (;;)
			msleep(1000);
	}
	fflush(stdout);
	exit(2);
}

int main(int argc, char **argv)
{
	struct pv_opts opts;
	char why[200];
	int n;

	parse_args(argc, argv, &opts);
	pv_info("domlet pvgrub, %lu MiB", total_page_count() >> 8);
	n = disks_open();
	if (n <= 0)
		give_up(n == 0
			    ? "the domain has no disk (disk= in its xl config)"
			    : "cannot read the domain's disks");
	measure_open();
	run_menu(&opts, why, sizeof(why));
	give_up(why);
}
