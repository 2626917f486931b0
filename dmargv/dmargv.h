/*
 * dmargv.h - the device model's command line as libxl 4.17 hands it to a
 * QEMU stub domain, and its mapping onto what QEMU in that domain gets:
 * the whole public API.
 *
 * libxl writes QEMU's arguments (without argv[0]) one per xenstore key,
 * /vm/<guest-uuid>/image/dm-argv/NNN with NNN = "%03d" from 001
 * (stubdoms/qemu-dm/README.md has the whole protocol).  Those keys and
 * values come from another domain through xenstore, so they are
 * untrusted: dmargv_collect() accepts only keys 1..n, each once, in
 * libxl's spelling, values without NUL bytes, and bounded sizes.
 *
 * dm_map() then turns libxl's argv into the stub domain's: it checks
 * that -xen-domid names our target, drops options that only make sense
 * for a process in dom0 (-pidfile, -daemonize, -runas, -chroot), refuses
 * options that name dom0 files or services the stub domain cannot reach
 * (-kernel/-initrd paths, socket/pty chardevs, -qmp/-monitor, VNC,
 * SPICE, SDL, disks other than /dev/xvdX), rewrites the restore
 * placeholder $STUBDOM_RESTORE_INCOMING_ARG to fd:N, the tap netdevs to
 * the stub domain's vifs and disks' format=host_device to raw, and
 * appends the QMP chardev the stub domain serves libxl over vchan.
 * A word that is neither an option nor an option's argument is refused:
 * QEMU would open it as a disk image path.
 *
 * Pure code: libc only; host-tested by tests/unit/test_dmargv.c and
 * tests/fuzz/fuzz_dmargv.c.  Errors: 0 or a negative errno, with a
 * one-line message in the caller's buffer naming the key or argument.
 */
#ifndef DMARGV_DMARGV_H
#define DMARGV_DMARGV_H

#include <stddef.h>

/* Limits.  libxl's argv for one HVM guest is 20-80 words; a directory
 * listing of 999 three-digit keys already fills xenstore's 4 KiB reply. */
#define DMARGV_MAX_ARGS	 999
#define DMARGV_MAX_ARG	 4096	      /* one value (xenstore's limit) */
#define DMARGV_MAX_BYTES (64u * 1024) /* all values, NULs included */
#define DMARGV_ERR_LEN	 200	      /* enough for every message */

/* argv[0] is the program name, argv[argc] is NULL; every string and the
 * array are the struct's own (dmargv_free). */
struct dmargv {
	int argc;
	char **argv;
};

/*
 * Reads key `name` of the dm-argv directory into buf (at most size
 * bytes, no NUL needed); returns the value's length, or a negative errno
 * (-E2BIG when it does not fit).
 */
typedef int (*dmargv_read_fn)(void *ctx, const char *name, char *buf,
			      size_t size);

/*
 * Builds out from the n key names the directory listed (in any order)
 * and their values; argv[0] becomes `prog`.  -ENOENT for no keys,
 * -E2BIG past the limits, -EINVAL for a key that is not one of 001..n
 * (a gap, a duplicate, "1" or "0001" for "001", anything not a number),
 * a value with a NUL byte, or a read error's own errno.
 */
int dmargv_collect(const char *const *names, unsigned int n,
		   dmargv_read_fn read, void *ctx, const char *prog,
		   struct dmargv *out, char *err, size_t errlen);
void dmargv_free(struct dmargv *a);

/*
 * A domain id as xenstore holds it (len bytes, no NUL needed): decimal,
 * no sign, spaces or leading zeros, 1..0x7fef (0 is dom0, not a guest;
 * from 0x7ff0 they are Xen's reserved ids).  0 or -EINVAL.
 */
int dmargv_domid(const char *s, size_t len, unsigned int *domid);

/* What dm_map needs to know of the stub domain. */
struct dm_env {
	unsigned int target; /* the guest we serve (its domid) */
	/* Console 2 opened for the restore stream, or -1 when there is
	 * none; libxl's -incoming placeholder needs one. */
	int restore_fd;
	/* Console 1 opened write-only for the save stream, or -1: QEMU gets
	 * it as fd set 1 ("-add-fd fd=N,set=1"), where libxl's
	 * xen-save-devices-state writes (filename /dev/fdset/1), with a
	 * monitor on a ring buffer that keeps the set alive between libxl's
	 * QMP connections. */
	int save_fd;
	/* -serial /dev/hvcN is accepted for 3 <= N < consoles (libxl's
	 * console numbers; 3 is the guest's first serial port). */
	unsigned int consoles;
	/* The QMP chardev (its id must be "libxl-cmd"), appended with
	 * "-mon chardev=libxl-cmd,mode=control"; NULL adds none. */
	const char *qmp_chardev;
	/* Opens the stub domain's vif <devid> for QEMU's tap netdev: an fd
	 * (fd=N) or a negative errno.  NULL: -netdev is refused. */
	int (*open_vif)(void *ctx, unsigned int devid);
	void *vif_ctx;
};

/* Called for each option dm_map drops or rewrites, with a message. */
typedef void (*dm_note_fn)(void *ctx, const char *msg);

/*
 * in (as dmargv_collect made it) -> out, QEMU's argv in the stub
 * domain.  -EINVAL with a message for a refused or malformed argument,
 * -EPERM for -xen-domid other than our target (or none at all), -ENOMEM.
 */
int dm_map(const struct dmargv *in, const struct dm_env *env,
	   struct dmargv *out, dm_note_fn note, void *note_ctx, char *err,
	   size_t errlen);

#endif
