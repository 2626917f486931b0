// SOURCES: bootcfg/menu.c bootcfg/grubenv.c bootcfg/grub_parse.c
// SOURCES: bootcfg/grub_exec.c bootcfg/grub_load.c bootcfg/grub_cmds.c
// SOURCES: bootcfg/grub_test.c bootcfg/grub_bls.c bootcfg/menulst.c
// SOURCES: bootcfg/bls.c
// CFLAGS: -I.
/*
 * test_bootcfg_bls.c - Boot Loader Specification entries as Fedora's and
 * RHEL's kernel-install writes them: blscfg's order (rpm version
 * comparison, newest first), $kernelopts and $tuned_* from grubenv,
 * saved_entry, several initrds, entries without linux or version.
 */
#include <stdio.h>
#include <string.h>
#include "tests/unit/check.h"
#include "tests/unit/bootcfg_host.h"

#define MID "6a9b3c0f1e2d4c5b8a7f6e5d4c3b2a19"

/* RHEL 9 entries (kernel-install's 90-loaderentry.install). */
static const char e362[] =
    "title Red Hat Enterprise Linux (5.14.0-362.8.1.el9_3.x86_64) 9.3 "
    "(Plow)\n"
    "version 5.14.0-362.8.1.el9_3.x86_64\n"
    "linux /vmlinuz-5.14.0-362.8.1.el9_3.x86_64\n"
    "initrd /initramfs-5.14.0-362.8.1.el9_3.x86_64.img $tuned_initrd\n"
    "options root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M "
    "rd.lvm.lv=rhel/root $tuned_params\n"
    "grub_users $grub_users\n"
    "grub_arg --unrestricted\n"
    "grub_class rhel\n";
static const char e70[] =
    "title Red Hat Enterprise Linux (5.14.0-70.13.1.el9_0.x86_64) 9.0 "
    "(Plow)\n"
    "version 5.14.0-70.13.1.el9_0.x86_64\n"
    "linux /vmlinuz-5.14.0-70.13.1.el9_0.x86_64\n"
    "initrd /initramfs-5.14.0-70.13.1.el9_0.x86_64.img\n"
    "options $kernelopts\n";
static const char e362_13[] = "title RHEL (5.14.0-362.13.1.el9_3.x86_64)\n"
			      "version 5.14.0-362.13.1.el9_3.x86_64\n"
			      "linux /vmlinuz-5.14.0-362.13.1.el9_3.x86_64\n"
			      "  # a comment\n"
			      "initrd /a.img\n"
			      "initrd\t/b.img\n"
			      "options a=1\n"
			      "options b=2\n";
static const char rescue[] =
    "title Red Hat Enterprise Linux (0-rescue-" MID ") 9.3 (Plow)\n"
    "version 0-rescue-" MID "\n"
    "linux /vmlinuz-0-rescue-" MID "\n"
    "initrd /initramfs-0-rescue-" MID ".img\n"
    "options root=/dev/mapper/rhel-root ro\n";
static const char rc[] = "title Fedora (6.5.0~rc1)\n"
			 "version 6.5.0~rc1\n"
			 "linux /vmlinuz-6.5.0-rc1\n";
static const char noversion[] = "linux /vmlinuz-custom\noptions x\n";
static const char nolinux[] = "title broken\nversion 9.9\n";

static struct fake_host fh;

static const struct bootcfg_text entries[] = {
    {MID "-5.14.0-70.13.1.el9_0.x86_64.conf", e70, sizeof(e70) - 1},
    {MID "-0-rescue.conf", rescue, sizeof(rescue) - 1},
    {MID "-5.14.0-362.8.1.el9_3.x86_64.conf", e362, sizeof(e362) - 1},
    {"zz-custom.conf", noversion, sizeof(noversion) - 1},
    {MID "-5.14.0-362.13.1.el9_3.x86_64.conf", e362_13, sizeof(e362_13) - 1},
    {"broken.conf", nolinux, sizeof(nolinux) - 1},
    {"rc.conf", rc, sizeof(rc) - 1},
    {"README", "linux /x\n", 9},
    {".hidden.conf", "linux /x\n", 9},
};
#define N (sizeof(entries) / sizeof(entries[0]))

static char env[1024];

static void make_env(const char *vars)
{
	size_t n =
	    snprintf(env, sizeof(env), "# GRUB Environment Block\n%s", vars);
	memset(env + n, '#', sizeof(env) - n);
}

static struct bootcfg_menu *load(void)
{
	struct bootcfg_menu *m = NULL;
	int r;

	fh_init(&fh, false);
	r = bootcfg_load_bls(entries, N, env, sizeof(env), "hd0,msdos1", &fh.h,
			     &m);
	CHECK_EQ(r, 0);
	return m;
}

TEST(order_is_blscfg)
{
	struct bootcfg_menu *m;

	make_env("");
	m = load();
	CHECK_EQ(m->kind, BOOTCFG_BLS);
	CHECK_EQ(m->root.n_children, 6);
	/* No version first (blscfg sorts it below versioned ones, then
	 * lists from the end), then newest to oldest by rpm's rules. */
	CHECK_STR(m->root.children[0]->id, "zz-custom");
	CHECK_STR(m->root.children[0]->title, "/vmlinuz-custom");
	CHECK_STR(m->root.children[1]->id, "rc");
	CHECK_STR(m->root.children[2]->id, MID "-5.14.0-362.13.1.el9_3.x86_64");
	CHECK_STR(m->root.children[3]->id, MID "-5.14.0-362.8.1.el9_3.x86_64");
	CHECK_STR(m->root.children[4]->id, MID "-5.14.0-70.13.1.el9_0.x86_64");
	CHECK_STR(m->root.children[5]->id, MID "-0-rescue");
	CHECK(strstr(fh.log, "broken.conf: no 'linux' line, skipped"));
	CHECK(bootcfg_default(m) == m->root.children[0]);
	CHECK_EQ(m->timeout_ms, 5000);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(tilde_sorts_before_release)
{
	static const char a[] = "version 6.5.0\nlinux /a\n";
	static const char b[] = "version 6.5.0~rc1\nlinux /b\n";
	static const char c[] = "version 6.5.0.1\nlinux /c\n";
	static const char d[] = "version 6.05.0a\nlinux /d\n";
	const struct bootcfg_text t[] = {{"b.conf", b, sizeof(b) - 1},
					 {"a.conf", a, sizeof(a) - 1},
					 {"d.conf", d, sizeof(d) - 1},
					 {"c.conf", c, sizeof(c) - 1}};
	struct bootcfg_menu *m;

	fh_init(&fh, false);
	CHECK_EQ(bootcfg_load_bls(t, 4, NULL, 0, "hd0", &fh.h, &m), 0);
	CHECK_STR(m->root.children[0]->id, "c"); /* 6.5.0.1 */
	CHECK_STR(m->root.children[1]->id, "d"); /* 6.05.0a: 5 = 05, a > "" */
	CHECK_STR(m->root.children[2]->id, "a");
	CHECK_STR(m->root.children[3]->id, "b"); /* ~rc1 before release */
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(kernelopts_and_initrds)
{
	struct bootcfg_menu *m;
	struct bootcfg_entry *e;
	struct boot_spec s;

	make_env("kernelopts=root=UUID=abc ro resume=UUID=def rhgb quiet\n"
		 "tuned_params=skew_tick=1\n"
		 "tuned_initrd=/tuned.img /tuned2.img\n"
		 "saved_entry=" MID "-5.14.0-70.13.1.el9_0.x86_64\n");
	m = load();
	e = bootcfg_default(m);
	CHECK_STR(e->id, MID "-5.14.0-70.13.1.el9_0.x86_64");
	CHECK_EQ(bootcfg_resolve(m, e, &fh.h, &s), 0);
	CHECK_STR(s.kernel.dev, "hd0,msdos1");
	CHECK_STR(s.kernel.path, "/vmlinuz-5.14.0-70.13.1.el9_0.x86_64");
	CHECK_STR(s.args, "root=UUID=abc ro resume=UUID=def rhgb quiet");
	boot_spec_free(&s);
	CHECK_EQ(bootcfg_find(m, MID "-5.14.0-362.8.1.el9_3.x86_64", &e), 0);
	CHECK_EQ(bootcfg_resolve(m, e, &fh.h, &s), 0);
	CHECK_STR(s.args, "root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M"
			  " rd.lvm.lv=rhel/root skew_tick=1");
	CHECK_EQ(s.n_initrd, 3);
	CHECK_STR(s.initrd[0].path,
		  "/initramfs-5.14.0-362.8.1.el9_3.x86_64.img");
	CHECK_STR(s.initrd[2].path, "/tuned2.img");
	boot_spec_free(&s);
	CHECK_EQ(bootcfg_find(m, "2", &e), 0);
	CHECK_EQ(bootcfg_resolve(m, e, &fh.h, &s), 0);
	CHECK_STR(s.args, "a=1 b=2");
	CHECK_EQ(s.n_initrd, 2);
	boot_spec_free(&s);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(next_entry_and_unknown_saved)
{
	struct bootcfg_menu *m;

	make_env("saved_entry=gone\n");
	m = load();
	CHECK(m->default_spec == NULL);
	bootcfg_free(m);
	fh_free(&fh);
	make_env("next_entry=rc\nsaved_entry=zz-custom\n");
	m = load();
	CHECK_STR(bootcfg_default(m)->id, "rc");
	bootcfg_free(m);
	fh_free(&fh);
}

int main(void)
{
	RUN(order_is_blscfg);
	RUN(tilde_sorts_before_release);
	RUN(kernelopts_and_initrds);
	RUN(next_entry_and_unknown_saved);
	return CHECK_DONE();
}
