/*
 * run.c - qemu_dm_run (qemu-dm.h) around QEMU 7.2: what softmmu/main.c's
 * main() does, qemu_init then the main loop until the guest's machine
 * is done, then qemu_cleanup.
 *
 * Not compiled by the Makefile: it includes QEMU's own headers, so the
 * QEMU port (ports/qemu/recipe) compiles it with softmmu/main.c's flags
 * into libqemu-dm.a in place of main.c.  The app links that archive
 * whole, and this strong qemu_dm_run replaces noqemu.c's weak one; an
 * image built without the port keeps the fallback.
 *
 * qemu_init reports a bad argv or device on stderr (console 0) and
 * exits; main.c then sees the domain end as any other failure.
 */
#include "qemu/osdep.h"
#include "sysemu/sysemu.h"
#include "qemu-dm.h"

int qemu_dm_run(int argc, char **argv)
{
	int status;

	qemu_init(argc, argv);
	status = qemu_main_loop();
	qemu_cleanup();
	return status;
}
