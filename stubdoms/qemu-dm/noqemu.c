/*
 * noqemu.c - the stand-in for QEMU while it is not linked into this
 * image: a weak qemu_dm_run that says so on console 0 and fails, so the
 * stub domain ends and libxl reports the device model did not start.
 * This is a placeholder for what is missing, not a feature: the QEMU
 * port's strong qemu_dm_run replaces it at link time.
 */
#include <stdio.h>
#include "qemu-dm.h"

__attribute__((weak)) int qemu_dm_run(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("qemu-dm: error: QEMU is not linked into this image\n");
	return 1;
}
