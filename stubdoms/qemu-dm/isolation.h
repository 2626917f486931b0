/*
 * isolation.h - the stub domain's confinement check (isolation.c), run
 * by main.c when the command line says "isolation-probe".
 */
#ifndef STUBDOMS_QEMU_DM_ISOLATION_H
#define STUBDOMS_QEMU_DM_ISOLATION_H

#include <stddef.h>

/*
 * Asks Xen to map a frame of, and to size the grant-table resource of,
 * every domain id 0..(the highest of ours and target's + 8) but our
 * own; prints a line per existing domain on console 0.  0 when the
 * target allows both and every other domain refuses both with EPERM;
 * else -1 with the reason in err.
 */
int qemu_dm_isolation_probe(unsigned int target, char *err, size_t errlen);

#endif
