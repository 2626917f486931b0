// SOURCES: dmargv/dmargv.c dmargv/dmmap.c
// CFLAGS: -I.
/*
 * test_dmargv.c - libxl's dm-argv directory and its mapping for the QEMU
 * stub domain: the argv libxl 4.17 writes for the hvm-stubdom guest
 * (boot sector, one IDE disk, serial on console 3, one NIC) maps as
 * stubdoms/qemu-dm/README.md says; bad input (no keys, gaps, duplicates,
 * libxl's spelling broken, NUL bytes, huge argv, another domain's id, dom0
 * paths, a bare word, a missing restore stream) gets an error naming it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "dmargv/dmargv.h"

/* A fake dm-argv directory: keys[i] holds vals[i]. */
struct dir {
	const char **keys;
	const char **vals;
	const size_t *lens; /* NULL: strlen */
	unsigned int n;
	int fail_at; /* index whose read fails with -EACCES, or -1 */
};

static int dir_read(void *ctx, const char *name, char *buf, size_t size)
{
	struct dir *d = ctx;

	for (unsigned int i = 0; i < d->n; i++) {
		size_t len;

		if (strcmp(d->keys[i], name))
			continue;
		if ((int)i == d->fail_at)
			return -EACCES;
		len = d->lens ? d->lens[i] : strlen(d->vals[i]);
		if (len > size)
			return -E2BIG;
		memcpy(buf, d->vals[i], len);
		return (int)len;
	}
	return -ENOENT;
}

static int collect(struct dir *d, struct dmargv *a, char *err)
{
	return dmargv_collect(d->keys, d->n, dir_read, d, "qemu", a, err,
			      DMARGV_ERR_LEN);
}

/* What libxl 4.17 wrote for tests/pending/hvm-stubdom's guest (domid 7). */
static const char *libxl_argv[] = {
    "-xen-domid",
    "7",
    "-no-shutdown",
    "-nodefaults",
    "-no-user-config",
    "-name",
    "hvm-stubdom-1234",
    "-display",
    "none",
    "-serial",
    "/dev/hvc3",
    "-boot",
    "order=c",
    "-device",
    "rtl8139,id=nic0,netdev=net0,mac=00:16:3e:11:22:33",
    "-netdev",
    "type=tap,id=net0,ifname=vif7.0-emu,br=xenbr0,"
    "script=/etc/xen/scripts/qemu-ifup,downscript=/etc/xen/scripts/qemu-ifup",
    "-machine",
    "xenfv,suppress-vmdesc=on",
    "-m",
    "32",
    "-drive",
    "file=/dev/xvda,if=ide,index=0,media=disk,format=host_device,"
    "cache=writeback"};
#define LIBXL_N (sizeof(libxl_argv) / sizeof(libxl_argv[0]))

static char keybuf[LIBXL_N][8];
static const char *keys[LIBXL_N];

/* Keys listed in reverse, as a directory may list them in any order. */
static struct dir libxl_dir(void)
{
	for (unsigned int i = 0; i < LIBXL_N; i++) {
		snprintf(keybuf[i], sizeof(keybuf[i]), "%03u",
			 (unsigned int)(LIBXL_N - i));
		keys[i] = keybuf[i];
	}
	static const char *vals[LIBXL_N];
	for (unsigned int i = 0; i < LIBXL_N; i++)
		vals[i] = libxl_argv[LIBXL_N - 1 - i];
	return (struct dir){keys, vals, NULL, LIBXL_N, -1};
}

/* A stub domain's vifs as fds: 40 + devid, or the errno in vif_err. */
static int vif_err;
static unsigned int vif_opened;
static int fake_open_vif(void *ctx, unsigned int devid)
{
	(void)ctx;
	vif_opened++;
	return vif_err ? vif_err : 40 + (int)devid;
}

static const struct dm_env env7 = {
    7, -1, -1, 4, "pipe,id=libxl-cmd,path=qmp", fake_open_vif, NULL};
static const struct dm_env env7_novif = {
    7, -1, -1, 4, "pipe,id=libxl-cmd,path=qmp", NULL, NULL};

static int notes;
static void count_note(void *ctx, const char *msg)
{
	(void)ctx, (void)msg;
	notes++;
}

TEST(collect_in_order)
{
	struct dir d = libxl_dir();
	struct dmargv a;
	char err[DMARGV_ERR_LEN];

	CHECK_EQ(collect(&d, &a, err), 0);
	CHECK_EQ(a.argc, (int)LIBXL_N + 1);
	CHECK_STR(a.argv[0], "qemu");
	for (unsigned int i = 0; i < LIBXL_N; i++)
		CHECK_STR(a.argv[i + 1], libxl_argv[i]);
	CHECK(a.argv[a.argc] == NULL);
	dmargv_free(&a);
}

TEST(map_libxl)
{
	struct dir d = libxl_dir();
	struct dmargv a, q;
	char err[DMARGV_ERR_LEN];
	int i;

	CHECK_EQ(collect(&d, &a, err), 0);
	notes = 0;
	CHECK_EQ(dm_map(&a, &env7, &q, count_note, NULL, err, sizeof(err)), 0);
	CHECK_EQ(notes, 1); /* the tap netdev */
	CHECK_EQ(q.argc, a.argc + 4);
	for (i = 0; i < q.argc && strcmp(q.argv[i], "-netdev"); i++)
		;
	CHECK(i + 1 < q.argc);
	CHECK_STR(q.argv[i + 1], "type=tap,id=net0,fd=40");
	for (i = 0; i < q.argc && strcmp(q.argv[i], "-device"); i++)
		;
	CHECK(i + 1 < q.argc);
	CHECK_STR(q.argv[i + 1],
		  "rtl8139,id=nic0,netdev=net0,mac=00:16:3e:11:22:33,romfile=");
	for (i = 0; i < q.argc && strcmp(q.argv[i], "-drive"); i++)
		;
	CHECK(i + 1 < q.argc);
	CHECK_STR(q.argv[i + 1], "file=/dev/xvda,if=ide,index=0,media=disk,"
				 "format=raw,cache=writeback");
	CHECK_STR(q.argv[q.argc - 4], "-chardev");
	CHECK_STR(q.argv[q.argc - 3], "pipe,id=libxl-cmd,path=qmp");
	CHECK_STR(q.argv[q.argc - 1], "chardev=libxl-cmd,mode=control");
	CHECK(q.argv[q.argc] == NULL);
	dmargv_free(&q);
	dmargv_free(&a);
}

TEST(empty)
{
	struct dir d = {NULL, NULL, NULL, 0, -1};
	struct dmargv a;
	char err[DMARGV_ERR_LEN];

	CHECK_EQ(collect(&d, &a, err), -ENOENT);
	CHECK(strstr(err, "empty"));
	CHECK(a.argv == NULL);
}

/* Each bad directory and the word its message must hold. */
TEST(bad_keys)
{
	static const struct {
		const char *keys[3];
		unsigned int n;
		const char *msg;
	} cases[] = {
	    {{"001", "003"}, 2, "dm-argv/003"},	    /* a gap */
	    {{"1", "002"}, 2, "dm-argv/1:"},	    /* not libxl's spelling */
	    {{"001", "0002"}, 2, "dm-argv/0002"},   /* ditto */
	    {{"000", "001"}, 2, "dm-argv/000"},	    /* there is no 000 */
	    {{"001", "x02"}, 2, "dm-argv/x02"},	    /* not a number */
	    {{"001", "-01"}, 2, "dm-argv/-01"},	    /* nor this */
	    {{"002", "\x01\xff"}, 2, "\\x01\\xff"}, /* shown escaped */
	    {{"001", "002", "002"}, 3, "twice"},    /* listed twice */
	    {{"002"}, 1, "dm-argv/002"},	    /* no 001 */
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const char *vals[3] = {"a", "b", "c"};
		struct dir d = {(const char **)cases[c].keys, vals, NULL,
				cases[c].n, -1};
		struct dmargv a;
		char err[DMARGV_ERR_LEN] = "";

		CHECK_EQ(collect(&d, &a, err), -EINVAL);
		if (!strstr(err, cases[c].msg)) {
			printf("    case %zu: %s\n", c, err);
			CHECK(0);
		}
		CHECK(a.argv == NULL);
	}
}

TEST(bad_values)
{
	const char *k[2] = {"001", "002"};
	const char *v[2] = {"-m", "3\0002"};
	size_t lens[2] = {2, 3};
	struct dir d = {k, v, lens, 2, -1};
	struct dmargv a;
	char err[DMARGV_ERR_LEN];

	CHECK_EQ(collect(&d, &a, err), -EINVAL);
	CHECK(strstr(err, "dm-argv/002 holds a NUL"));
	d.lens = NULL;
	d.fail_at = 1;
	CHECK_EQ(collect(&d, &a, err), -EACCES);
	CHECK(strstr(err, "reading dm-argv/002 failed"));
}

TEST(huge)
{
	static char names[DMARGV_MAX_ARGS + 1][8];
	static const char *k[DMARGV_MAX_ARGS + 1], *v[DMARGV_MAX_ARGS + 1];
	static char big[DMARGV_MAX_ARG + 2];
	struct dmargv a;
	char err[DMARGV_ERR_LEN];
	struct dir d = {k, v, NULL, DMARGV_MAX_ARGS + 1, -1};

	memset(big, 'x', DMARGV_MAX_ARG + 1);
	for (unsigned int i = 0; i <= DMARGV_MAX_ARGS; i++) {
		snprintf(names[i], sizeof(names[i]), "%03u", i + 1);
		k[i] = names[i];
		v[i] = "-S";
	}
	CHECK_EQ(collect(&d, &a, err), -E2BIG);
	CHECK(strstr(err, "more than"));
	/* The most keys is fine... */
	d.n = DMARGV_MAX_ARGS;
	CHECK_EQ(collect(&d, &a, err), 0);
	CHECK_EQ(a.argc, DMARGV_MAX_ARGS + 1);
	dmargv_free(&a);
	/* ...one value too long is not... */
	v[5] = big;
	CHECK_EQ(collect(&d, &a, err), -E2BIG);
	CHECK(strstr(err, "dm-argv/006 is longer"));
	/* ...nor too many bytes in all (17 x 4 KiB). */
	big[DMARGV_MAX_ARG - 1] = '\0';
	for (unsigned int i = 0; i < 20; i++)
		v[i] = big;
	CHECK_EQ(collect(&d, &a, err), -E2BIG);
	CHECK(strstr(err, "in all"));
}

TEST(domid)
{
	unsigned int d = 0;

	CHECK_EQ(dmargv_domid("7", 1, &d), 0);
	CHECK_EQ(d, 7);
	CHECK_EQ(dmargv_domid("32751", 5, &d), 0);
	CHECK_EQ(d, 0x7fef);
	CHECK_EQ(dmargv_domid("32752", 5, &d), -EINVAL); /* DOMID_SELF.. */
	CHECK_EQ(dmargv_domid("0", 1, &d), -EINVAL);	 /* dom0 */
	CHECK_EQ(dmargv_domid("07", 2, &d), -EINVAL);
	CHECK_EQ(dmargv_domid("", 0, &d), -EINVAL); /* missing */
	CHECK_EQ(dmargv_domid(" 7", 2, &d), -EINVAL);
	CHECK_EQ(dmargv_domid("7x", 2, &d), -EINVAL);
	CHECK_EQ(dmargv_domid("-7", 2, &d), -EINVAL);
	CHECK_EQ(dmargv_domid("4294967303", 10, &d), -EINVAL);
}

/* Maps words (argv[0] first) with env; returns dm_map's result. */
static int map_words(const char **w, int n, const struct dm_env *env,
		     struct dmargv *q, char *err)
{
	struct dmargv a = {n, (char **)w};

	return dm_map(&a, env, q, NULL, NULL, err, DMARGV_ERR_LEN);
}

TEST(map_refusals)
{
	static const struct {
		const char *w[6];
		int n, rc;
		const char *msg;
	} cases[] = {
	    {{"q", "-m", "32"}, 3, -EPERM, "no -xen-domid"},
	    {{"q", "-xen-domid", "8"}, 3, -EPERM, "not our target domain 7"},
	    {{"q", "-xen-domid", "7", "-xen-domid", "7"}, 5, -EINVAL, "twice"},
	    {{"q", "-xen-domid", "x"}, 3, -EINVAL, "not a domain id"},
	    {{"q", "-xen-domid"}, 2, -EINVAL, "lacks its value"},
	    {{"q", "-xen-domid", "7", "disk.img"}, 4, -EINVAL, "disk image"},
	    {{"q", "-xen-domid", "7", "-"}, 4, -EINVAL, "not an option"},
	    {{"q", "-xen-domid", "7", "-kernel", "/boot/vmlinuz"},
	     5,
	     -EINVAL,
	     "-kernel: direct kernel boot"},
	    {{"q", "-xen-domid", "7", "-qmp", "unix:/run/q,server"},
	     5,
	     -EINVAL,
	     "QMP"},
	    {{"q", "-xen-domid", "7", "-chardev",
	      "socket,id=libxl-channel0,path=/run/ch0,server=on"},
	     5,
	     -EINVAL,
	     "dom0 path"},
	    {{"q", "-xen-domid", "7", "-chardev", "pty,id=libxl-channel1"},
	     5,
	     -EINVAL,
	     "dom0 path"},
	    {{"q", "-xen-domid", "7", "-serial", "pty"}, 5, -EINVAL, "hvcN"},
	    {{"q", "-xen-domid", "7", "-serial", "/dev/hvc2"},
	     5,
	     -EINVAL,
	     "consoles 3..3"},
	    {{"q", "-xen-domid", "7", "-serial", "/dev/hvc4"},
	     5,
	     -EINVAL,
	     "consoles 3..3"},
	    {{"q", "-xen-domid", "7", "-drive", "file=/srv/g.img,if=ide"},
	     5,
	     -EINVAL,
	     "/dev/xvda../dev/xvdz"},
	    {{"q", "-xen-domid", "7", "-drive", "file=/dev/xvda1"},
	     5,
	     -EINVAL,
	     "file="},
	    {{"q", "-xen-domid", "7", "-vnc", "127.0.0.1:0"},
	     5,
	     -EINVAL,
	     "no graphics"},
	    {{"q", "-xen-domid", "7", "-netdev",
	      "type=tap,id=net0,ifname=vif8.0-emu"},
	     5,
	     -EINVAL,
	     "vif7.N-emu"},
	    {{"q", "-xen-domid", "7", "-netdev", "type=tap,id=net0"},
	     5,
	     -EINVAL,
	     "without id= and ifname="},
	    {{"q", "-xen-domid", "7", "-incoming",
	      "$STUBDOM_RESTORE_INCOMING_ARG"},
	     5,
	     -EINVAL,
	     "console 2"},
	    {{"q", "-xen-domid", "7", "-global", "a=b", "c=d"},
	     6,
	     -EINVAL,
	     "argument 005 'c=d'"},
	};
	struct dm_env env = {7, -1, -1, 4, NULL, NULL, NULL};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct dmargv q = {0, NULL};
		char err[DMARGV_ERR_LEN] = "";
		int rc = map_words((const char **)cases[c].w, cases[c].n, &env,
				   &q, err);

		if (rc != cases[c].rc || !strstr(err, cases[c].msg)) {
			printf("    case %zu: rc %d: %s\n", c, rc, err);
			CHECK(0);
		}
		CHECK(q.argv == NULL);
	}
}

TEST(map_rewrites)
{
	const char *w[] = {"q",
			   "-xen-domid",
			   "7",
			   "-pidfile",
			   "/run/qemu.pid",
			   "-daemonize",
			   "-chroot",
			   "/run/xen/qemu-root-7",
			   "-runas",
			   "1000:1000",
			   "-incoming",
			   "$STUBDOM_RESTORE_INCOMING_ARG",
			   "--no-acpi",
			   "-unknown-flag",
			   "-drive",
			   "if=none,readonly=on,id=ide-5632"};
	struct dm_env env = {7, 3, 5, 4, NULL, NULL, NULL};
	struct dmargv q;
	char err[DMARGV_ERR_LEN] = "";

	notes = 0;
	{
		struct dmargv a = {16, (char **)w};
		CHECK_EQ(
		    dm_map(&a, &env, &q, count_note, NULL, err, sizeof(err)),
		    0);
	}
	CHECK_EQ(notes, 4);
	CHECK_EQ(q.argc, 15);
	CHECK_STR(q.argv[3], "-incoming");
	CHECK_STR(q.argv[4], "fd:3");
	CHECK_STR(q.argv[5], "--no-acpi");
	CHECK_STR(q.argv[6], "-unknown-flag");
	CHECK_STR(q.argv[8], "if=none,readonly=on,id=ide-5632");
	/* console 1 as fd set 1, for libxl's xen-save-devices-state */
	CHECK_STR(q.argv[9], "-add-fd");
	CHECK_STR(q.argv[10], "fd=5,set=1,opaque=libxl-save");
	/* and a monitor that stays open, so QEMU keeps the set */
	CHECK_STR(q.argv[11], "-chardev");
	CHECK_STR(q.argv[12], "ringbuf,id=libxl-fdset-hold,size=1024");
	CHECK_STR(q.argv[13], "-mon");
	CHECK_STR(q.argv[14], "chardev=libxl-fdset-hold,mode=control");
	dmargv_free(&q);
}

/* Nothing dropped and every addition at once: the argv's bound holds. */
TEST(map_all_additions)
{
	const char *w[] = {"q", "-xen-domid", "7"};
	struct dm_env env = {7,	   3,	5, 4, "socket,id=libxl-cmd,port=1",
			     NULL, NULL};
	struct dmargv a = {3, (char **)w}, q;
	char err[DMARGV_ERR_LEN] = "";

	CHECK_EQ(dm_map(&a, &env, &q, NULL, NULL, err, sizeof(err)), 0);
	CHECK_EQ(q.argc, 3 + 2 + 4 + 4);
	CHECK_STR(q.argv[q.argc - 1], "chardev=libxl-cmd,mode=control");
	CHECK(q.argv[q.argc] == NULL);
	dmargv_free(&q);
}

/* NICs: the tap netdev on an fd of the vif, the NIC without option ROM. */
TEST(map_nics)
{
	const char *w[] = {"q",
			   "-xen-domid",
			   "7",
			   "-device",
			   "e1000,id=nic1,netdev=net1,mac=00:16:3e:00:00:01",
			   "-netdev",
			   "type=tap,id=net1,ifname=vif7.1-emu,script=no",
			   "-device",
			   "e1000,id=nic2,netdev=net2,romfile=pxe.rom",
			   "-device",
			   "piix3-usb-uhci,id=usb",
			   "-netdev",
			   "type=user,id=net2"};
	struct dmargv q = {0, NULL};
	char err[DMARGV_ERR_LEN] = "";

	vif_err = 0;
	vif_opened = 0;
	CHECK_EQ(map_words(w, 13, &env7, &q, err), 0);
	CHECK_EQ(vif_opened, 1u);
	CHECK_STR(q.argv[4],
		  "e1000,id=nic1,netdev=net1,mac=00:16:3e:00:00:01,romfile=");
	CHECK_STR(q.argv[6], "type=tap,id=net1,fd=41");
	CHECK_STR(q.argv[8], "e1000,id=nic2,netdev=net2,romfile=pxe.rom");
	CHECK_STR(q.argv[10], "piix3-usb-uhci,id=usb");
	CHECK_STR(q.argv[12], "type=user,id=net2");
	dmargv_free(&q);

	/* The vif cannot be opened: its errno and the devid. */
	vif_err = -ENODEV;
	CHECK_EQ(map_words(w, 7, &env7, &q, err), -ENODEV);
	CHECK(strstr(err, "vif 1 cannot be opened") != NULL);
	CHECK(q.argv == NULL);
	vif_err = 0;

	/* No way to open vifs: refused, not passed on as a dom0 tap. */
	CHECK_EQ(map_words(w, 7, &env7_novif, &q, err), -EINVAL);
	CHECK(strstr(err, "no vifs") != NULL);
	CHECK(q.argv == NULL);
}

int main(void)
{
	RUN(collect_in_order);
	RUN(map_libxl);
	RUN(empty);
	RUN(bad_keys);
	RUN(bad_values);
	RUN(huge);
	RUN(domid);
	RUN(map_refusals);
	RUN(map_rewrites);
	RUN(map_all_additions);
	RUN(map_nics);
	return check_failures ? 1 : 0;
}
