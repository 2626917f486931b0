/*
 * qemu-dm - the QEMU device-model stub domain: the domain libxl 4.17
 * creates as "<guest>-dm" for an HVM guest whose config says
 * device_model_stubdomain_override=1, device_model_version="qemu-xen"
 * and stubdomain_kernel=<this image>.  README.md is the protocol.
 *
 * Start-up, every step's failure one "qemu-dm: error: ..." line on
 * console 0 (libxl's /var/log/xen/qemu-dm-<guest>.log) and a crash
 * (exit code 2), after which libxl's 30 s wait for "running" fails the
 * guest's creation:
 *   1. the target guest: /local/domain/<self>/target, written by libxl
 *      before it unpaused us;
 *   2. the guest's vm path (/local/domain/<target>/vm), and QEMU's argv
 *      from its image/dm-argv/NNN keys (dmargv_collect: untrusted input,
 *      checked whole);
 *   3. with "isolation-probe" on the command line (stubdomain_cmdline),
 *      the check that Xen lets this domain reach no domain but its
 *      target (isolation.c);
 *   4. the argv as QEMU in this domain needs it (dm_map);
 *   5. qemu_dm_run, QEMU's entry (noqemu.c until QEMU is linked).
 * What is read is printed on console 0, so the log shows what libxl
 * asked for.  QEMU's own output follows on the same console.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dmargv/dmargv.h"
#include "libc-glue/kapi.h"
#include "qemu-dm.h"
#include "isolation.h"

#define CONSOLES_MAX 16 /* 0-2 libxl's own, 3.. the guest's serial ports */

static unsigned int target;
static int console_fd[CONSOLES_MAX]; /* /dev/hvcN; 0: none */

int qemu_dm_console_fd(unsigned int n)
{
	return n > 0 && n < CONSOLES_MAX && console_fd[n] > 0 ? console_fd[n]
							      : -1;
}

static int save_fd = -1; /* console 1, write-only: QEMU's fd set 1 */

void qemu_dm_save_drain(void)
{
	if (save_fd >= 0 && fsync(save_fd) < 0)
		printf("qemu-dm: the save stream did not all reach console "
		       "1's backend: %s\n",
		       strerror(errno));
}

unsigned int qemu_dm_target(void)
{
	return target;
}

static void __attribute__((noreturn)) refuse(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static void refuse(const char *fmt, ...)
{
	va_list ap;

	printf("qemu-dm: error: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\nqemu-dm: device model not started: crashing the domain\n");
	fflush(stdout);
	exit(2);
}

int qemu_dm_signal_state(const char *state)
{
	char path[64];

	snprintf(path, sizeof(path), "device-model/%u/state", target);
	return (int)kerr(xenbus_write(XBT_NIL, path, state));
}

static void find_target(void)
{
	char buf[16];
	long n = kerr(xenbus_read(XBT_NIL, "target", buf, sizeof(buf)));

	if (n == -ENOENT)
		refuse("no /local/domain/%u/target: libxl names no guest for "
		       "this device model (started by hand, not as a "
		       "stub domain?)",
		       xenbus_domid());
	if (n < 0)
		refuse("reading /local/domain/%u/target: %s", xenbus_domid(),
		       strerror((int)-n));
	if (dmargv_domid(buf, (size_t)n, &target) || target == xenbus_domid())
		refuse("/local/domain/%u/target is '%.15s', not a guest's "
		       "domain id",
		       xenbus_domid(), buf);
}

/* The guest's /vm/<uuid> path, where libxl keeps dm-argv. */
static void find_vm(char *vm, size_t size)
{
	char path[48];
	long n;

	snprintf(path, sizeof(path), "/local/domain/%u/vm", target);
	n = kerr(xenbus_read(XBT_NIL, path, vm, size));
	if (n < 0)
		refuse("reading %s: %s", path, strerror((int)-n));
	if (strncmp(vm, "/vm/", 4) || (size_t)n < 5 || strchr(vm + 4, '/'))
		refuse("%s is '%.60s', not a /vm/<uuid> path", path, vm);
}

struct reader {
	char dir[160];
	char val[DMARGV_MAX_ARG + 2];
};

static int read_key(void *ctx, const char *name, char *buf, size_t size)
{
	struct reader *r = ctx;
	char path[200];
	long n;

	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	n = kerr(xenbus_read(XBT_NIL, path, r->val, sizeof(r->val)));
	if (n < 0)
		return (int)n;
	if ((size_t)n > size)
		return -E2BIG;
	memcpy(buf, r->val, (size_t)n);
	return (int)n;
}

static void read_argv(const char *vm, struct dmargv *a)
{
	static struct reader r;
	static char list[8192];
	static const char *names[DMARGV_MAX_ARGS + 1];
	char err[DMARGV_ERR_LEN], path[200];
	long n;

	snprintf(r.dir, sizeof(r.dir), "%s/image/dm-argv", vm);
	n = kerr(xenbus_ls(XBT_NIL, r.dir, list, sizeof(list), names,
			   DMARGV_MAX_ARGS + 1));
	if (n == -ENOENT) {
		snprintf(path, sizeof(path), "%s/image/dmargs", vm);
		if (kerr(xenbus_read(XBT_NIL, path, r.val, sizeof(r.val))) >= 0)
			refuse("%s holds qemu-traditional's one-line "
			       "dmargs, not dm-argv/NNN: this image serves "
			       "device_model_version=\"qemu-xen\"",
			       vm);
		refuse("no %s: libxl wrote no QEMU command line", r.dir);
	}
	if (n < 0)
		refuse("listing %s: %s", r.dir, strerror((int)-n));
	if (n > DMARGV_MAX_ARGS)
		refuse("%s has more than %u keys", r.dir, DMARGV_MAX_ARGS);
	if (dmargv_collect(names, (unsigned int)n, read_key, &r, "qemu", a, err,
			   sizeof(err)))
		refuse("%s", err);
}

/* Consoles 0..N-1: 0 is start_info's, the others device/console/N. */
static unsigned int count_consoles(void)
{
	static char list[512];
	const char *names[CONSOLES_MAX];
	unsigned int max = 0;
	long n = kerr(xenbus_ls(XBT_NIL, "device/console", list, sizeof(list),
				names, CONSOLES_MAX));

	for (long i = 0; i < n; i++) {
		unsigned long v = strtoul(names[i], NULL, 10);

		if (v < CONSOLES_MAX && v > max)
			max = (unsigned int)v;
	}
	return max + 1;
}

/*
 * Consoles 1..n-1 (libxl's save and restore streams, the guest's serial
 * ports) as /dev/hvcN (libc-glue over consfront/), connected now so that
 * a backend that does not answer is this start-up's error, not QEMU's.
 * Each serial console gets one line, so its output file shows the stub
 * domain reached it.
 */
static void open_consoles(unsigned int n)
{
	char path[24], line[96];

	for (unsigned int i = 1; i < n; i++) {
		int fd;

		snprintf(path, sizeof(path), "/dev/hvc%u", i);
		fd = open(path, O_RDWR);
		if (fd < 0 && errno == ENOENT)
			continue;
		if (fd < 0)
			refuse("console %u (device/console/%u, %s) did not "
			       "connect: %s",
			       i, i, path, strerror(errno));
		console_fd[i] = fd;
		printf("qemu-dm: console %u connected: %s is fd %d\n", i, path,
		       fd);
		if (i < 3)
			continue;
		snprintf(line, sizeof(line),
			 "qemu-dm: console %u: serial port %u of domain %u\r\n",
			 i, i - 3, target);
		if (write(fd, line, strlen(line)) < 0)
			printf("qemu-dm: writing console %u: %s\n", i,
			       strerror(errno));
	}
}

static void print_argv(const char *what, const struct dmargv *a)
{
	printf("qemu-dm: %s (%d):", what, a->argc - 1);
	for (int i = 1; i < a->argc; i++)
		printf(" %s", a->argv[i]);
	printf("\n");
}

static void print_note(void *ctx, const char *msg)
{
	(void)ctx;
	printf("qemu-dm: note: %s\n", msg);
}

/* dm_env.open_vif: the stub domain's vif <devid> for QEMU's tap netdev
 * (libc-glue's /dev/xenvifN; it connects netfront in wire mode). */
static int open_vif(void *ctx, unsigned int devid)
{
	char path[32];
	int fd;

	(void)ctx;
	snprintf(path, sizeof(path), "/dev/xenvif%u", devid);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		int e = errno;

		printf("qemu-dm: %s: %s\n", path, strerror(e));
		return -e;
	}
	printf("qemu-dm: %s is fd %d\n", path, fd);
	return fd;
}

int main(int argc, char **argv)
{
	struct dmargv a, q;
	struct dm_env env = {0};
	char vm[128], err[DMARGV_ERR_LEN];
	int rc;

	printf("qemu-dm: domlet QEMU device-model stub domain %u\n",
	       xenbus_domid());
	find_target();
	find_vm(vm, sizeof(vm));
	printf("qemu-dm: target %u, vm %s\n", target, vm);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "isolation-probe")) {
			printf("qemu-dm: note: command-line word '%.40s' "
			       "ignored\n",
			       argv[i]);
			continue;
		}
		if (qemu_dm_isolation_probe(target, err, sizeof(err)))
			refuse("%s", err);
	}
	read_argv(vm, &a);
	print_argv("dm-argv", &a);

	env.target = target;
	env.consoles = count_consoles();
	env.qmp_chardev = QMP_CHARDEV; /* qmp.c serves it over vchan */
	printf("qemu-dm: %u consoles\n", env.consoles);
	open_consoles(env.consoles);
	env.restore_fd = qemu_dm_console_fd(2); /* -incoming fd:N */
	env.save_fd = -1;
	if (qemu_dm_console_fd(1) >= 0) {
		/* QEMU's fd sets match an fd by its access mode: libxl's
		 * save opens /dev/fdset/1 write-only. */
		save_fd = open("/dev/hvc1", O_WRONLY);
		if (save_fd < 0)
			refuse("console 1 (the save stream): %s",
			       strerror(errno));
		env.save_fd = save_fd;
	}
	env.open_vif = open_vif;
	if (dm_map(&a, &env, &q, print_note, NULL, err, sizeof(err)))
		refuse("%s", err);
	dmargv_free(&a);
	print_argv("QEMU argv", &q);
	fflush(stdout);

	rc = qmp_bridge_start(target);
	if (rc)
		refuse("QMP: cannot start its vchan thread: %s", strerror(-rc));
	rc = qemu_dm_run(q.argc, q.argv);
	dmargv_free(&q);
	if (rc)
		refuse("QEMU ended with status %d", rc);
	printf("qemu-dm: QEMU exited\n");
	return 0;
}
