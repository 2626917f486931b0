/*
 * hello - the smallest domlet app: a banner, who and where it is, and the
 * command line from xl's `extra=`; then main returns 0 and the domain
 * powers off.  With "hold" as the last argument it stays up instead,
 * so the kernel's own handling of xl shutdown / xl destroy is tested.
 */
#include <domlet/kernel.h>
#include <string.h>

int main(int argc, char **argv)
{
	int i;

	printk("Hello from domlet!\n");
	printk("domain id %u, name \"%s\"\n", xenbus_domid(), argv[0]);
	printk("memory: %lu KiB, %lu KiB free\n", start_info->nr_pages * 4,
	       free_page_count() * 4);
	printk("command line: \"%s\" (%d arguments)\n",
	       (const char *)start_info->cmd_line, argc - 1);
	for (i = 1; i < argc; i++)
		printk("  argv[%d] = \"%s\"\n", i, argv[i]);
	/* "hold": stay up until the toolstack stops us (xl shutdown and
	 * xl destroy tests). */
	if (argc > 1 && !strcmp(argv[argc - 1], "hold")) {
		printk("hello: holding until shut down or destroyed\n");
		for (;;)
			msleep(1000);
	}
	return 0;
}
