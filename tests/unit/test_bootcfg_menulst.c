// SOURCES: bootcfg/menu.c bootcfg/grubenv.c bootcfg/grub_parse.c
// SOURCES: bootcfg/grub_exec.c bootcfg/grub_load.c bootcfg/grub_cmds.c
// SOURCES: bootcfg/grub_test.c bootcfg/grub_bls.c bootcfg/menulst.c
// SOURCES: bootcfg/bls.c
// CFLAGS: -I.
/*
 * test_bootcfg_menulst.c - legacy GRUB menu.lst: globals, entries,
 * legacy device numbering ((hd0,0) is hd0,1), default saved, entries
 * that cannot boot a PV guest, unknown commands with their line.
 */
#include <stdio.h>
#include <string.h>
#include "tests/unit/check.h"
#include "tests/unit/bootcfg_host.h"

static const char lst[] =
    "# menu.lst - see: info grub\n"
    "default\t\t1\n"
    "timeout\t\t5\n"
    "fallback 0\n"
    "hiddenmenu\n"
    "color cyan/blue white/blue\n"
    "password --md5 $1$xyz$abc\n"
    "\n"
    "title\t\tDebian GNU/Linux, kernel 2.6.26-2-xen-amd64\n"
    "root\t\t(hd0,0)\n"
    "kernel\t\t/boot/vmlinuz-2.6.26-2-xen-amd64 root=/dev/xvda1 ro "
    "console=hvc0\n"
    "initrd\t\t/boot/initrd.img-2.6.26-2-xen-amd64\n"
    "savedefault\n"
    "\n"
    "title=CentOS (2.6.18-398.el5xen)\n"
    "\troot (hd0,4)\n"
    "\tkernel --no-mem-option (hd1,1)/vmlinuz-2.6.18-398.el5xen ro "
    "root=LABEL=/\r\n"
    "\tinitrd /initrd-2.6.18-398.el5xen.img\n"
    "title Xen host\n"
    "\troot (hd0,0)\n"
    "\tkernel /boot/xen.gz\n"
    "\tmodule /boot/vmlinuz\n"
    "title by uuid\n"
    "\tuuid 1234-abcd\n"
    "\tkernel /vmlinuz\n"
    "\tfrob nicate\n"
    "title no kernel\n"
    "\troot (hd0)\n"
    "\troot (fd0)\n";

static struct fake_host fh;

static struct bootcfg_menu *load(const char *text)
{
	struct bootcfg_menu *m = NULL;
	int rc = bootcfg_load_menulst(text, strlen(text), "hd0,1",
				      "/boot/grub/menu.lst", &fh.h, &m);
	CHECK_EQ(rc, 0);
	return m;
}

TEST(globals_and_entries)
{
	struct bootcfg_menu *m;

	fh_init(&fh, false);
	m = load(lst);
	CHECK_EQ(m->kind, BOOTCFG_MENULST);
	CHECK_EQ(m->root.n_children, 5);
	CHECK_STR(m->root.children[1]->title, "CentOS (2.6.18-398.el5xen)");
	CHECK_STR(m->default_spec, "1");
	CHECK_STR(m->fallback_spec, "0");
	CHECK_EQ(m->timeout_ms, 5000);
	CHECK_EQ(m->style, BOOTCFG_STYLE_HIDDEN);
	CHECK(bootcfg_default(m) == m->root.children[1]);
	CHECK(strstr(fh.log, "menu.lst:26: unknown command 'frob', skipped"));
	CHECK(strstr(fh.log, "menu.lst:29: bad root device (fd0)"));
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(resolve_entries)
{
	struct bootcfg_menu *m;
	struct boot_spec s;

	fh_init(&fh, false);
	fh_found(&fh, "fs_uuid", "1234-abcd", "hd2,msdos3");
	m = load(lst);
	CHECK_EQ(bootcfg_resolve(m, m->root.children[0], &fh.h, &s), 0);
	CHECK_STR(s.kernel.dev, "hd0,1");
	CHECK_STR(s.kernel.path, "/boot/vmlinuz-2.6.26-2-xen-amd64");
	CHECK_STR(s.args, "root=/dev/xvda1 ro console=hvc0");
	CHECK_EQ(s.n_initrd, 1);
	CHECK_STR(s.initrd[0].path, "/boot/initrd.img-2.6.26-2-xen-amd64");
	boot_spec_free(&s);
	CHECK_EQ(bootcfg_resolve(m, m->root.children[1], &fh.h, &s), 0);
	CHECK_STR(s.kernel.dev, "hd1,2"); /* (hd1,1): the second partition */
	CHECK_STR(s.args, "ro root=LABEL=/");
	CHECK_STR(s.initrd[0].dev, "hd0,5"); /* (hd0,4): the first logical */
	boot_spec_free(&s);
	CHECK_EQ(bootcfg_resolve(m, m->root.children[2], &fh.h, &s), -ENOTSUP);
	CHECK_EQ(bootcfg_resolve(m, m->root.children[3], &fh.h, &s), 0);
	CHECK_STR(s.kernel.dev, "hd2,msdos3");
	CHECK_STR(s.args, "");
	boot_spec_free(&s);
	CHECK_EQ(bootcfg_resolve(m, m->root.children[4], &fh.h, &s), -ENOENT);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(default_saved)
{
	struct bootcfg_menu *m;

	fh_init(&fh, false);
	fh_add(&fh, "hd0,1", "/boot/grub/default", "3\n#\n# WARNING\n", 14);
	m = load("default saved\ntitle a\nkernel /a\ntitle b\nkernel /b\n"
		 "title c\nkernel /c\ntitle d\nkernel /d\n");
	CHECK_STR(m->default_spec, "3");
	CHECK_STR(bootcfg_default(m)->title, "d");
	CHECK_EQ(m->timeout_ms, -1); /* no timeout line: wait */
	bootcfg_free(m);
	fh_free(&fh);
	fh_init(&fh, false); /* no default file: the first */
	m = load("default saved\ntitle a\nkernel /a\n");
	CHECK(m->default_spec == NULL);
	CHECK_STR(bootcfg_default(m)->title, "a");
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(configfile_and_junk)
{
	struct bootcfg_menu *m;
	const char *other = "title other\nkernel (hd0,1)/k\n";

	fh_init(&fh, false);
	fh_add(&fh, "hd1,3", "/menu2.lst", other, strlen(other));
	m = load("title gone\nkernel /x\n");
	bootcfg_free(m);
	m = load("timeout 3\nconfigfile (hd1,2)/menu2.lst\n");
	CHECK_EQ(m->root.n_children, 1);
	CHECK_STR(m->root.children[0]->title, "other");
	bootcfg_free(m);
	/* inside an entry: choosing it opens that menu */
	m = load("title more\nroot (hd0,0)\nconfigfile /boot/grub/m2.lst\n"
		 "title bad\nconfigfile (hd0,x)/m\n");
	struct boot_spec s;
	CHECK_EQ(bootcfg_resolve(m, m->root.children[0], &fh.h, &s), 0);
	CHECK(s.kernel.path == NULL);
	CHECK_STR(s.config.dev, "hd0,1");
	CHECK_STR(s.config.path, "/boot/grub/m2.lst");
	boot_spec_free(&s);
	CHECK(bootcfg_resolve(m, m->root.children[1], &fh.h, &s) < 0);
	bootcfg_free(m);
	m = load("\x01\x02 \n=\n title\nkernel\ninitrd (hd0,99999999)/x\n"
		 "timeout -5\n");
	CHECK_EQ(m->root.n_children, 1);
	bootcfg_free(m);
	fh_free(&fh);
}

int main(void)
{
	RUN(globals_and_entries);
	RUN(resolve_entries);
	RUN(default_saved);
	RUN(configfile_and_junk);
	return CHECK_DONE();
}
