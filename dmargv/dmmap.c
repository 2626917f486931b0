/*
 * dmmap.c - libxl's QEMU argv onto the stub domain's (dm_map, dmargv.h).
 *
 * libxl builds one argv for QEMU whether it runs in dom0 or in a stub
 * domain, with a few stub-domain spellings (libxl_dm.c,
 * libxl__build_device_model_args_new): disks as /dev/xvdX with
 * format=host_device, the guest's serial ports as /dev/hvcN (N >= 3, the
 * stub domain's PV consoles), a restore stream as
 * "-incoming $STUBDOM_RESTORE_INCOMING_ARG", and no QMP socket (the stub
 * domain adds its own).  NICs still come as dom0 tap devices with dom0
 * scripts; they become QEMU's tap netdev on an fd of the stub domain's
 * vif of the same devid (dm_env.open_vif: /dev/xenvifN), and the NIC's
 * -device gets an empty romfile= (its option ROM is a dom0 file).  What
 * the guest's config adds (device_model_args*) arrives here too, so an
 * option naming a dom0 file or socket is refused with its name.
 *
 * Options are known by name with their arity; an unknown option passes
 * alone (QEMU judges it), and then its argument is a bare word, which is
 * refused: QEMU would take a bare word for a disk image path.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dmargv/dmargv.h"

enum act {
	KEEP,	  /* the option (and its argument) unchanged */
	DROP,	  /* only meaningful in dom0: left out, with a note */
	REFUSE,	  /* names dom0 files/services: an error */
	DOMID,	  /* -xen-domid: must be our target */
	CHARDEV,  /* -chardev: no socket/pty/file paths */
	SERIAL,	  /* -serial: /dev/hvcN of ours */
	DRIVE,	  /* -drive: /dev/xvdX only, host_device -> raw */
	NETDEV,	  /* -netdev: tap -> the stub domain's vif */
	DEVICE,	  /* -device: a NIC gets romfile= (none in the stub domain) */
	INCOMING, /* -incoming: the restore placeholder -> fd:N */
	DISPLAY,  /* -vnc/-display: only "none" */
};

struct opt {
	const char *name;
	bool arg;
	enum act act;
	const char *why; /* for DROP/REFUSE */
};

static const struct opt opts[] = {
    {"-xen-domid", true, DOMID, NULL},
    {"-chardev", true, CHARDEV, NULL},
    {"-serial", true, SERIAL, NULL},
    {"-drive", true, DRIVE, NULL},
    {"-netdev", true, NETDEV, NULL},
    {"-incoming", true, INCOMING, NULL},
    {"-vnc", true, DISPLAY, NULL},
    {"-display", true, DISPLAY, NULL},
    {"-pidfile", true, DROP, "a dom0 pid file"},
    {"-daemonize", false, DROP, "nothing to detach from"},
    {"-runas", true, DROP, "no users in a stub domain"},
    {"-chroot", true, DROP, "no file system to confine"},
    {"-kernel", true, REFUSE,
     "direct kernel boot names a dom0 file the stub domain cannot read"},
    {"-initrd", true, REFUSE,
     "direct kernel boot names a dom0 file the stub domain cannot read"},
    {"-dtb", true, REFUSE, "names a dom0 file"},
    {"-bios", true, REFUSE, "names a dom0 file"},
    {"-L", true, REFUSE, "names a dom0 directory"},
    {"-D", true, REFUSE, "names a dom0 log file"},
    {"-qmp", true, REFUSE, "QMP is the stub domain's own, over vchan"},
    {"-qmp-pretty", true, REFUSE, "QMP is the stub domain's own, over vchan"},
    {"-monitor", true, REFUSE, "QMP is the stub domain's own, over vchan"},
    {"-spice", true, REFUSE, "no graphics in the stub domain yet"},
    {"-sdl", false, REFUSE, "no graphics in the stub domain yet"},
    {"-parallel", true, REFUSE, "no host parallel port"},
    {"-loadvm", true, REFUSE, "no snapshots in a stub domain"},
    /* Kept as they are (arity matters for the walk). */
    {"-mon", true, KEEP, NULL},
    {"-name", true, KEEP, NULL},
    {"-k", true, KEEP, NULL},
    {"-append", true, KEEP, NULL},
    {"-device", true, DEVICE, NULL},
    {"-global", true, KEEP, NULL},
    {"-object", true, KEEP, NULL},
    {"-boot", true, KEEP, NULL},
    {"-usbdevice", true, KEEP, NULL},
    {"-soundhw", true, KEEP, NULL},
    {"-audiodev", true, KEEP, NULL},
    {"-smp", true, KEEP, NULL},
    {"-net", true, KEEP, NULL},
    {"-machine", true, KEEP, NULL},
    {"-M", true, KEEP, NULL},
    {"-m", true, KEEP, NULL},
    {"-cpu", true, KEEP, NULL},
    {"-accel", true, KEEP, NULL},
    {"-rtc", true, KEEP, NULL},
    {"-vga", true, KEEP, NULL},
    {"-smbios", true, KEEP, NULL},
    {"-numa", true, KEEP, NULL},
    {"-msg", true, KEEP, NULL},
    {"-d", true, KEEP, NULL},
    {"-trace", true, KEEP, NULL},
    {"-sandbox", true, KEEP, NULL},
    {"-overcommit", true, KEEP, NULL},
    {"-action", true, KEEP, NULL},
    {"-watchdog-action", true, KEEP, NULL},
    {"-no-shutdown", false, KEEP, NULL},
    {"-nodefaults", false, KEEP, NULL},
    {"-no-user-config", false, KEEP, NULL},
    {"-xen-attach", false, KEEP, NULL},
    {"-xen-domid-restrict", false, KEEP, NULL},
    {"-nographic", false, KEEP, NULL},
    {"-no-acpi", false, KEEP, NULL},
    {"-no-hpet", false, KEEP, NULL},
    {"-usb", false, KEEP, NULL},
    {"-S", false, KEEP, NULL},
};

struct map {
	struct dmargv *out;
	int cap;
	const struct dm_env *env;
	dm_note_fn note;
	void *note_ctx;
	char *err;
	size_t errlen;
	bool seen_domid;
};

static int fail(struct map *m, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct map *m, int rc, const char *fmt, ...)
{
	va_list ap;

	if (m->err && m->errlen) {
		va_start(ap, fmt);
		vsnprintf(m->err, m->errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static void note(struct map *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void note(struct map *m, const char *fmt, ...)
{
	char msg[DMARGV_ERR_LEN];
	va_list ap;

	if (!m->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	m->note(m->note_ctx, msg);
}

/* Appends a copy of s (len bytes). */
static int push_n(struct map *m, const char *s, size_t len)
{
	char *c;

	if (m->out->argc + 1 >= m->cap)
		return fail(m, -E2BIG, "the mapped argv outgrew its bound");
	c = malloc(len + 1);
	if (!c)
		return fail(m, -ENOMEM, "out of memory mapping dm-argv");
	memcpy(c, s, len);
	c[len] = '\0';
	m->out->argv[m->out->argc++] = c;
	m->out->argv[m->out->argc] = NULL;
	return 0;
}

static int push(struct map *m, const char *s)
{
	return push_n(m, s, strlen(s));
}

static const struct opt *find_opt(const char *w)
{
	/* QEMU also takes --option for -option. */
	if (w[0] == '-' && w[1] == '-')
		w++;
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strcmp(opts[i].name, w))
			return &opts[i];
	return NULL;
}

/*
 * QEMU's option strings: key=value pairs split at single commas, ",,"
 * being a literal comma.  Finds key's value: *val and *len, or false.
 */
static bool kv_get(const char *s, const char *key, const char **val,
		   size_t *len)
{
	size_t klen = strlen(key);
	const char *p = s;

	while (*p) {
		const char *start = p;

		while (*p && !(p[0] == ',' && p[1] != ',')) {
			if (p[0] == ',' && p[1] == ',')
				p++;
			p++;
		}
		if ((size_t)(p - start) > klen && !strncmp(start, key, klen) &&
		    start[klen] == '=') {
			*val = start + klen + 1;
			*len = (size_t)(p - *val);
			return true;
		}
		if (*p == ',')
			p++;
	}
	return false;
}

static bool kv_is(const char *s, const char *key, const char *want)
{
	const char *v;
	size_t len;

	return kv_get(s, key, &v, &len) && len == strlen(want) &&
	       !memcmp(v, want, len);
}

static int map_domid(struct map *m, const char *v)
{
	unsigned int d;

	if (dmargv_domid(v, strlen(v), &d))
		return fail(m, -EINVAL, "-xen-domid '%.40s' is not a domain id",
			    v);
	if (d != m->env->target)
		return fail(m, -EPERM,
			    "-xen-domid %u is not our target domain %u", d,
			    m->env->target);
	if (m->seen_domid)
		return fail(m, -EINVAL, "-xen-domid given twice");
	m->seen_domid = true;
	return push(m, v);
}

static int map_chardev(struct map *m, const char *v)
{
	const char *p;
	size_t len;

	if (kv_get(v, "path", &p, &len) || !strncmp(v, "socket", 6) ||
	    !strncmp(v, "pty", 3) || !strncmp(v, "file", 4) ||
	    !strncmp(v, "pipe", 4) || !strncmp(v, "serial", 6) ||
	    !strncmp(v, "tty", 3))
		return fail(m, -EINVAL,
			    "-chardev '%.80s': names a dom0 path or device "
			    "the stub domain cannot reach (a channel?)",
			    v);
	return push(m, v);
}

static int map_serial(struct map *m, const char *v)
{
	unsigned int n = 0;
	const char *p = v + 8;

	if (!strcmp(v, "none") || !strcmp(v, "null"))
		return push(m, v);
	if (strncmp(v, "/dev/hvc", 8) || !*p || strlen(p) > 3)
		return fail(m, -EINVAL,
			    "-serial '%.80s': not one of the stub domain's "
			    "consoles (/dev/hvcN)",
			    v);
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return fail(m, -EINVAL, "-serial '%.80s': bad console",
				    v);
		n = n * 10 + (unsigned int)(*p - '0');
	}
	if (n < 3 || n >= m->env->consoles)
		return fail(m, -EINVAL,
			    "-serial %s: the stub domain has consoles 3..%u "
			    "for serial ports",
			    v, m->env->consoles ? m->env->consoles - 1 : 0);
	return push(m, v);
}

/* The /dev/xvdX libxl names (disk a..z); anything else is a dom0 path. */
static bool stub_disk(const char *p, size_t len)
{
	return len == 9 && !strncmp(p, "/dev/xvd", 8) && p[8] >= 'a' &&
	       p[8] <= 'z';
}

static int map_drive(struct map *m, const char *v)
{
	const char *hd = "format=host_device", *f;
	char *copy, *at;
	size_t len;
	int rc;

	if (kv_get(v, "file", &f, &len) && !stub_disk(f, len))
		return fail(m, -EINVAL,
			    "-drive '%.80s': file= is not one of the stub "
			    "domain's disks /dev/xvda../dev/xvdz",
			    v);
	if (strstr(v, "filename=") || strstr(v, "driver=quorum"))
		return fail(m, -EINVAL,
			    "-drive '%.80s': only plain file=/dev/xvdX "
			    "drives (no COLO/quorum children)",
			    v);
	/* file-posix's host_device insists on a Linux block device; the
	 * stub domain's /dev/xvdX is a file of libc-glue's, read raw. */
	if (!kv_is(v, "format", "host_device"))
		return push(m, v);
	copy = strdup(v);
	if (!copy)
		return fail(m, -ENOMEM, "out of memory mapping dm-argv");
	at = strstr(copy, hd);
	memmove(at + 10, at + strlen(hd), strlen(at + strlen(hd)) + 1);
	memcpy(at, "format=raw", 10);
	rc = push(m, copy);
	free(copy);
	return rc;
}

/* len decimal digits (1..3) -> *v */
static bool digits(const char *s, size_t len, unsigned int *v)
{
	*v = 0;
	if (len == 0 || len > 3)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned int)(s[i] - '0');
	}
	return true;
}

/* "type=tap,id=netN,ifname=vif<target>.<devid>-emu,..." -> QEMU's tap
 * netdev on an fd of our vif <devid> (libxl gives the stub domain a vif
 * with the guest NIC's devid and MAC). */
static int map_netdev(struct map *m, const char *v)
{
	char out[64], want[32];
	const char *id, *ifn;
	size_t idlen, iflen;
	unsigned int devid;
	int used, fd;

	if (!kv_is(v, "type", "tap"))
		return push(m, v);
	if (!kv_get(v, "id", &id, &idlen) || idlen > 16 ||
	    !kv_get(v, "ifname", &ifn, &iflen) || iflen > 24)
		return fail(m, -EINVAL,
			    "-netdev '%.80s': a tap netdev without id= "
			    "and ifname=",
			    v);
	used = snprintf(want, sizeof(want), "vif%u.", m->env->target);
	if (iflen <= (size_t)used + 4 || strncmp(ifn, want, (size_t)used) ||
	    strncmp(ifn + iflen - 4, "-emu", 4) ||
	    !digits(ifn + used, iflen - (size_t)used - 4, &devid) ||
	    devid > 255)
		return fail(m, -EINVAL,
			    "-netdev '%.80s': ifname= is not vif%u.N-emu", v,
			    m->env->target);
	if (!m->env->open_vif)
		return fail(m, -EINVAL,
			    "-netdev '%.80s': no vifs in this stub domain", v);
	fd = m->env->open_vif(m->env->vif_ctx, devid);
	if (fd < 0)
		return fail(m, fd,
			    "-netdev '%.80s': the stub domain's vif %u cannot "
			    "be opened (%d)",
			    v, devid, fd);
	snprintf(out, sizeof(out), "type=tap,id=%.*s,fd=%d", (int)idlen, id,
		 fd);
	note(m,
	     "-netdev %.*s: dom0 tap %.*s -> the stub domain's vif %u (fd %d)",
	     (int)idlen, id, (int)iflen, ifn, devid, fd);
	return push(m, out);
}

/* A NIC (a -device with netdev=) without romfile=: QEMU would load its
 * option ROM (efi-e1000.rom...) from a dom0 directory; none here. */
static int map_device(struct map *m, const char *v)
{
	const char *x;
	size_t len, vlen = strlen(v);
	char *out;
	int rc;

	if (!kv_get(v, "netdev", &x, &len) || kv_get(v, "romfile", &x, &len))
		return push(m, v);
	out = malloc(vlen + sizeof(",romfile="));
	if (!out)
		return fail(m, -ENOMEM, "out of memory mapping dm-argv");
	memcpy(out, v, vlen);
	memcpy(out + vlen, ",romfile=", sizeof(",romfile="));
	rc = push(m, out);
	free(out);
	return rc;
}

static int map_incoming(struct map *m, const char *v)
{
	char fd[16];

	if (strcmp(v, "$STUBDOM_RESTORE_INCOMING_ARG"))
		return push(m, v);
	if (m->env->restore_fd < 0)
		return fail(m, -EINVAL,
			    "-incoming: libxl restores this guest but "
			    "console 2 (the saved state) is not open");
	snprintf(fd, sizeof(fd), "fd:%d", m->env->restore_fd);
	return push(m, fd);
}

static int map_arg(struct map *m, const struct opt *o, const char *v)
{
	switch (o->act) {
	case DOMID:
		return map_domid(m, v);
	case CHARDEV:
		return map_chardev(m, v);
	case SERIAL:
		return map_serial(m, v);
	case DRIVE:
		return map_drive(m, v);
	case NETDEV:
		return map_netdev(m, v);
	case DEVICE:
		return map_device(m, v);
	case INCOMING:
		return map_incoming(m, v);
	case DISPLAY:
		if (strcmp(v, "none"))
			return fail(m, -EINVAL,
				    "%s %.60s: no graphics in the stub domain "
				    "yet",
				    o->name, v);
		return push(m, v);
	default:
		return push(m, v);
	}
}

static int map_all(struct map *m, const struct dmargv *in)
{
	int rc = push(m, in->argv[0]);

	for (int i = 1; !rc && i < in->argc; i++) {
		const char *w = in->argv[i];
		const struct opt *o = find_opt(w);

		if (w[0] != '-' || !w[1])
			return fail(m, -EINVAL,
				    "argument %03d '%.60s' is not an option "
				    "(QEMU would open it as a disk image)",
				    i, w);
		if (!o) {
			rc = push(m, w);
			continue;
		}
		if (o->arg && i + 1 >= in->argc)
			return fail(m, -EINVAL, "%s at the end lacks its value",
				    w);
		if (o->act == REFUSE)
			return fail(m, -EINVAL, "%s: %s", o->name, o->why);
		if (o->act == DROP) {
			note(m, "dropped %s%s%.60s (%s)", o->name,
			     o->arg ? " " : "", o->arg ? in->argv[i + 1] : "",
			     o->why);
			i += o->arg;
			continue;
		}
		rc = push(m, w);
		if (!rc && o->arg)
			rc = map_arg(m, o, in->argv[++i]);
	}
	if (rc)
		return rc;
	if (!m->seen_domid)
		return fail(m, -EPERM, "dm-argv has no -xen-domid");
	if (m->env->save_fd >= 0) {
		char v[48];

		snprintf(v, sizeof(v), "fd=%d,set=1,opaque=libxl-save",
			 m->env->save_fd);
		rc = push(m, "-add-fd");
		if (!rc)
			rc = push(m, v);
		/* QEMU closes the fds of a set no open fd was dup'ed from
		 * when its last monitor connection closes while the guest
		 * runs (monitor_fdset_cleanup: mon_refcount 0), and libxl
		 * closes its QMP connection after every request: fd set 1
		 * would be gone long before xl save.  A monitor on a ring
		 * buffer is open from start-up to exit and keeps the count
		 * above 0; nothing reads or writes it but QEMU's greeting. */
		if (!rc)
			rc = push(m, "-chardev");
		if (!rc)
			rc = push(m, "ringbuf,id=libxl-fdset-hold,size=1024");
		if (!rc)
			rc = push(m, "-mon");
		if (!rc)
			rc = push(m, "chardev=libxl-fdset-hold,mode=control");
		if (rc)
			return rc;
	}
	if (m->env->qmp_chardev) {
		rc = push(m, "-chardev");
		if (!rc)
			rc = push(m, m->env->qmp_chardev);
		if (!rc)
			rc = push(m, "-mon");
		if (!rc)
			rc = push(m, "chardev=libxl-cmd,mode=control");
	}
	return rc;
}

int dm_map(const struct dmargv *in, const struct dm_env *env,
	   struct dmargv *out, dm_note_fn note_fn, void *note_ctx, char *err,
	   size_t errlen)
{
	struct map m = {out,	  in->argc + 12, env,	 note_fn,
			note_ctx, err,		 errlen, false};
	int rc;

	out->argc = 0;
	out->argv = calloc((size_t)m.cap, sizeof(char *));
	if (!out->argv)
		return fail(&m, -ENOMEM, "out of memory mapping dm-argv");
	if (in->argc < 1)
		rc = fail(&m, -EINVAL, "no arguments to map");
	else
		rc = map_all(&m, in);
	if (rc)
		dmargv_free(out);
	return rc;
}
