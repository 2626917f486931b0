/*
 * main.c - kernel_start: bring the subsystems up in dependency order, then
 * run the application's main() on the boot thread and turn its return
 * value into the domain's end (0 powers off, anything else crashes it).
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <string.h>

void mm_init(void);
void events_init(void);
int gnttab_init(void);
int xenbus_init(void);
int lifecycle_init(void);
void time_init(void);
int p2m_publish(void);

#define MAX_ARGS 32

static char cmdline[MAX_GUEST_CMDLINE];
static char progname[64] = "domlet";
static char *argv[MAX_ARGS + 2];

/* Splits the command line from `extra=` at spaces. */
static int parse_cmdline(void)
{
	char *p = cmdline;
	int argc = 1;

	memcpy(cmdline, start_info->cmd_line, sizeof(cmdline));
	cmdline[sizeof(cmdline) - 1] = '\0';
	argv[0] = progname;
	while (*p && argc <= MAX_ARGS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	argv[argc] = NULL;
	return argc;
}

static void bring_up(const char *what, int rc)
{
	if (rc)
		panic("%s failed to start (%d)", what, rc);
}

NORETURN void kernel_start(void)
{
	long ver = hypercall_xen_version(XENVER_version, NULL);
	int argc;

	printk("domlet: Xen %ld.%ld, %lu pages, start_info at %p\n", ver >> 16,
	       ver & 0xffff, start_info->nr_pages, (void *)start_info);
	mm_init();
	events_init();
	time_init();
	if (p2m_publish())
		printk("domlet: no memory for the p2m frame list: "
		       "xl save will not work\n");
	irq_restore(0); /* events on: from here handlers may run */
	bring_up("grant tables", gnttab_init());
	bring_up("xenbus", xenbus_init());
	bring_up("lifecycle", lifecycle_init());
	xenbus_read(XBT_NIL, "name", progname, sizeof(progname));
	argc = parse_cmdline();
	domain_exit(main(argc, argv));
}
