// SOURCES: bootcfg/menu.c bootcfg/grubenv.c bootcfg/grub_parse.c
// SOURCES: bootcfg/grub_exec.c bootcfg/grub_load.c bootcfg/grub_cmds.c
// SOURCES: bootcfg/grub_test.c bootcfg/grub_bls.c bootcfg/menulst.c
// SOURCES: bootcfg/bls.c
// CFLAGS: -I.
/*
 * test_bootcfg_grub.c - GRUB script edge cases on small hand-written
 * configs: quoting and expansion, tests, functions, loops, exported
 * variables in entries, source/configfile, search forms, grubenv,
 * errors with their line numbers, and the limits that stop runaway
 * scripts.
 */
#include <stdio.h>
#include <string.h>
#include "tests/unit/check.h"
#include "tests/unit/bootcfg_host.h"

static struct fake_host fh;

static int load(const char *text, struct bootcfg_menu **m)
{
	fh_init(&fh, true);
	fh_add(&fh, "hd0,gpt2", "/boot/x", "x", 1);
	fh_found(&fh, "fs_uuid", "U-1", "hd1,gpt3");
	fh_found(&fh, "label", "BOOT", "hd2,msdos1");
	fh_found(&fh, "file", "/marker", "hd0,gpt9");
	return bootcfg_load_grub(text, strlen(text), "hd0,gpt2",
				 "/boot/grub/grub.cfg", &fh.h, m);
}

/* A named int, so a failure message does not quote the whole config. */
#define LOAD(text)                                                             \
	do {                                                                   \
		int rc_ = load(text, &m);                                      \
		CHECK_EQ(rc_, 0);                                              \
	} while (0)
#define LOADT(t)                                                               \
	do {                                                                   \
		int rc_ = bootcfg_load_grub(t, strlen(t), "hd0,gpt2",          \
					    "/boot/grub/grub.cfg", &fh.h, &m); \
		CHECK_EQ(rc_, 0);                                              \
	} while (0)

static int resolve(struct bootcfg_menu *m, const char *spec,
		   struct boot_spec *s)
{
	struct bootcfg_entry *e;

	if (bootcfg_find(m, spec, &e))
		return -999;
	return bootcfg_resolve(m, e, &fh.h, s);
}

TEST(quoting_and_expansion)
{
	struct bootcfg_menu *m;
	struct boot_spec s;

	LOAD("set a='x y'\n"
	     "set b=\"$a z\"\n"
	     "c=\\$a\n"
	     "export a\n"
	     "menuentry \"T $b\" --id \"i$c\" {\n"
	     "  linux /k $a \"q w\" '$a' \\\"e\\\" ${a}x\n"
	     "}\n");
	CHECK_STR(m->root.children[0]->title, "T x y z");
	CHECK_STR(m->root.children[0]->id, "i$a");
	CHECK_EQ(resolve(m, "0", &s), 0);
	CHECK_STR(s.kernel.dev, "hd0,gpt2");
	CHECK_STR(s.kernel.path, "/k");
	/* GRUB quotes an argument with a space, escapes quotes */
	CHECK_STR(s.args, "x y \"q w\" $a \\\"e\\\" x yx");
	boot_spec_free(&s);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(empty_unquoted_vanishes)
{
	struct bootcfg_menu *m;

	LOAD("menuentry 'A' $nothing 'a-id' { true; }\n"
	     "o=--id\n"
	     "menuentry 'B' $o 'b-id' { true; }\n"
	     "menuentry '' { true; }\n");
	CHECK_EQ(m->root.n_children, 3);
	CHECK(m->root.children[0]->id == NULL);
	CHECK_STR(m->root.children[1]->id, "b-id");
	CHECK_STR(m->root.children[2]->title, "");
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(tests_and_if)
{
	struct bootcfg_menu *m;

	LOAD("x=5\n"
	     "if [ $x -lt 3 ]; then r=a\n"
	     "elif [ $x -gt 4 -a -n \"$x\" ]; then r=b\n"
	     "else r=c; fi\n"
	     "if [ -f /boot/x ]; then f=F; else f=N; fi\n"
	     "if [ -d /boot/x -o -e /nope ]; then d=D; else d=N; fi\n"
	     "if [ ! -z \"\" ]; then z=Z; else z=N; fi\n"
	     "if test -s (hd0,gpt2)/boot/x; then q=S; fi\n"
	     "if [ \"a\" != \"b\" ] && true; then w=W; fi\n"
	     "if [ ( 1 -eq 1 ) ]; then p=P; fi\n"
	     "if false; then n=bad; elif true; then n=E; fi\n"
	     "set default=\"$r$f$d$z$q$p$n\"\n");
	CHECK_STR(m->default_spec, "bFNNSPE");
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(functions_and_positional)
{
	struct bootcfg_menu *m;

	LOAD("function f {\n"
	     "  set out=\"$1-$2-$#\"\n"
	     "  return 0\n"
	     "  set out=never\n"
	     "}\n"
	     "f a \"b c\"\n"
	     "default=$out\n");
	CHECK_STR(m->default_spec, "a-b c-2");
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(recursion_and_loops_bounded)
{
	struct bootcfg_menu *m;

	LOAD("menuentry 'before' { linux /k; }\n"
	     "function r { r; }\n"
	     "r\n"
	     "while true; do true; done\n"
	     "menuentry 'after' { linux /k; }\n");
	CHECK(strstr(fh.log, "grub.cfg:2: r: functions nested too deeply"));
	CHECK_EQ(m->root.n_children, 1); /* the loop stopped the run */
	CHECK(strstr(fh.log, "too many commands run, stopped"));
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(for_loop_defines_entries)
{
	struct bootcfg_menu *m;
	struct boot_spec s;

	LOAD("for k in 1 2 3; do\n"
	     "  menuentry \"K$k\" { linux /v$k; }\n"
	     "done\n");
	CHECK_EQ(m->root.n_children, 3);
	CHECK_STR(m->root.children[2]->title, "K3");
	/* the body runs later, where k is not exported: */
	CHECK_EQ(resolve(m, "K2", &s), 0);
	CHECK_STR(s.kernel.path, "/v");
	boot_spec_free(&s);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(entry_sees_only_exported)
{
	struct bootcfg_menu *m;
	struct boot_spec s;

	LOAD("export ex\nex=1\nnx=2\n"
	     "menuentry E { linux /k $ex $nx c=$chosen; }\n"
	     "submenu S --id s { menuentry F --id f { linux /k "
	     "$chosen; } }\n");
	CHECK_EQ(resolve(m, "E", &s), 0);
	CHECK_STR(s.args, "1 c=E");
	boot_spec_free(&s);
	CHECK_EQ(resolve(m, "s>f", &s), 0);
	CHECK_STR(s.args, "s>f");
	boot_spec_free(&s);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(unknown_command_line)
{
	struct bootcfg_menu *m;

	LOAD("insmod gzio\n\n  frobnicate --hard\nterminal_output "
	     "gfxterm\nloadfont unicode\n");
	CHECK_STR(fh.log, "/boot/grub/grub.cfg:3: unknown command "
			  "'frobnicate', skipped\n");
	bootcfg_free(m);
	fh_free(&fh);
}

static void syntax(const char *text, const char *msg)
{
	struct bootcfg_menu *m = (void *)1;

	int rc = load(text, &m);

	CHECK_EQ(rc, -EINVAL);
	CHECK(m == NULL);
	if (!strstr(fh.log, msg))
		printf("log was: %s\n", fh.log);
	CHECK(strstr(fh.log, msg));
	fh_free(&fh);
}

TEST(syntax_errors)
{
	syntax("set a=1\necho 'open\n\n", "grub.cfg:2: syntax error: "
					  "unterminated single quote");
	syntax("echo \"x\n", "grub.cfg:1: syntax error: unterminated double");
	syntax("\nif true; then\n echo\n", "grub.cfg:2: syntax error: 'if' "
					   "without 'fi'");
	syntax("menuentry x {\n linux /k\n", "grub.cfg:1: syntax error: '}' "
					     "missing");
	syntax("true\nfi\n", "grub.cfg:2: syntax error: unexpected keyword");
	syntax("echo ${a\n", "grub.cfg:1: syntax error: unterminated ${");
	syntax("menuentry x\n{ true; }\n", "grub.cfg:1: syntax error: '{' "
					   "missing");
	syntax("}\n", "unexpected '}'");
	syntax("while true; do true\n", "loop without 'done'");
}

TEST(deep_nesting_refused)
{
	char text[2000] = "";

	for (int i = 0; i < 100; i++)
		strcat(text, "if true; then\n");
	syntax(text, "nested too deeply");
}

TEST(source_and_configfile)
{
	struct bootcfg_menu *m;
	const char *loop = "source /boot/grub/loop.cfg\n";
	const char *custom = "menuentry Custom { linux /c; }\n";
	const char *other = "menuentry Other { linux /o; }\n";

	fh_init(&fh, false);
	fh_add(&fh, "hd0,gpt2", "/boot/grub/loop.cfg", loop, strlen(loop));
	fh_add(&fh, "hd0,gpt2", "/boot/grub/custom.cfg", custom,
	       strlen(custom));
	fh_add(&fh, "hd5", "/other.cfg", other, strlen(other));
	const char *t = "menuentry First { linux /f; }\n"
			"source $prefix/custom.cfg\n"
			"source /boot/grub/loop.cfg\n"
			"source /missing.cfg\n";
	LOADT(t);
	CHECK_EQ(m->root.n_children, 2);
	CHECK_STR(m->root.children[1]->title, "Custom");
	CHECK(strstr(fh.log, "sourced too deeply"));
	CHECK(strstr(fh.log, "grub.cfg:4: cannot read /missing.cfg"));
	bootcfg_free(m);
	t = "menuentry First { linux /f; }\nconfigfile (hd5)/other.cfg\n";
	LOADT(t);
	CHECK_EQ(m->root.n_children, 1);
	CHECK_STR(m->root.children[0]->title, "Other");
	bootcfg_free(m);
	/* inside an entry: choosing it opens the file (root-relative) */
	t = "menuentry More { set root=hd5; linux /k; configfile /other.cfg; "
	    "linux /never; }\n"
	    "menuentry Bad { configfile; }\n";
	LOADT(t);
	struct boot_spec s;
	CHECK_EQ(resolve(m, "0", &s), 0);
	CHECK(s.kernel.path == NULL && s.n_initrd == 0);
	CHECK_STR(s.config.dev, "hd5");
	CHECK_STR(s.config.path, "/other.cfg");
	boot_spec_free(&s);
	CHECK(resolve(m, "1", &s) < 0);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(search_forms)
{
	struct bootcfg_menu *m;

	LOAD("search.fs_uuid U-1 a\n"
	     "search --no-floppy --label --set=b BOOT\n"
	     "search --file --set /marker\n"
	     "search -u --set=d --hint hd0,gpt1 U-1\n"
	     "search.fs_label NOPE e\n"
	     "default=\"$a $b $root $d $e\"\n");
	CHECK_STR(m->default_spec, "hd1,gpt3 hd2,msdos1 hd0,gpt9 hd1,gpt3 ");
	CHECK(strstr(fh.log, "grub.cfg:5: search: no device with label "
			     "NOPE"));
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(linux_initrd_devices)
{
	struct bootcfg_menu *m;
	struct boot_spec s;

	LOAD("menuentry A { initrd /i0; linux16 (hd1,gpt1)/k a=1;"
	     " set root=(hd4); initrd /i1 (hd2)//i2 /i3; }\n"
	     "menuentry B { chainloader +1; }\n"
	     "menuentry C { echo -e 'x\\ny'; echo -n z; }\n"
	     "menuentry D { linux /d; boot; linux /never; }\n");
	CHECK_EQ(resolve(m, "A", &s), 0);
	CHECK(strstr(fh.log, "initrd: load the kernel first"));
	CHECK_STR(s.kernel.dev, "hd1,gpt1");
	CHECK_STR(s.args, "a=1");
	CHECK_EQ(s.n_initrd, 3);
	CHECK_STR(s.initrd[0].dev, "hd4");
	CHECK_STR(s.initrd[1].dev, "hd2");
	CHECK_STR(s.initrd[1].path, "/i2");
	boot_spec_free(&s);
	CHECK_EQ(resolve(m, "B", &s), -ENOTSUP);
	fh.log[0] = 0;
	CHECK_EQ(resolve(m, "C", &s), -ENOENT);
	CHECK_STR(fh.log, "x\ny\nz\n'C': no linux command ran\n");
	CHECK_EQ(resolve(m, "D", &s), 0);
	CHECK_STR(s.kernel.path, "/d");
	boot_spec_free(&s);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(menu_tree_and_defaults)
{
	struct bootcfg_menu *m;
	struct bootcfg_entry *e;
	char path[32];

	LOAD("set timeout=junk\n"
	     "set default='Sub>Inner>>x'\n"
	     "set fallback='0 1'\n"
	     "submenu Sub { submenu Deeper { menuentry D1 { true; }"
	     " }\n menuentry 'Inner>x' --id=ix { true; } }\n"
	     "menuentry Plain { true; }\n");
	CHECK_EQ(m->timeout_ms, -1);
	CHECK_STR(m->fallback_spec, "0 1");
	e = bootcfg_default(m);
	CHECK_STR(e->id, "ix");
	CHECK_EQ(bootcfg_path(e, path, sizeof(path)), 0);
	CHECK_STR(path, "0>1");
	CHECK_EQ(bootcfg_find(m, "0>0>0", &e), 0);
	CHECK_STR(e->title, "D1");
	CHECK_EQ(bootcfg_find(m, "0>0", &e), 0);
	CHECK(e->submenu);
	CHECK_EQ(bootcfg_find(m, "Plain>0", &e), -ENOENT);
	CHECK_EQ(bootcfg_find(m, "", &e), -ENOENT);
	CHECK_EQ(bootcfg_find(m, "0>", &e), -ENOENT);
	CHECK_EQ(bootcfg_find(m, ">0", &e), -ENOENT);
	CHECK_EQ(bootcfg_find(m, "99999999999999", &e), -ENOENT);
	free(m->default_spec);
	m->default_spec = strdup("0"); /* a submenu: its first entry */
	CHECK_STR(bootcfg_default(m)->title, "D1");
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(grubenv_load_and_save)
{
	struct bootcfg_menu *m;
	const char *t = "load_env -f (hd0,gpt2)/env2 a c\n"
			"default=\"$a,$b,$c\"\n"
			"c='new\\ line'\n"
			"save_env --file (hd0,gpt2)/env2 c d\n";

	fh_init(&fh, true);
	fh_add_grubenv(&fh, "hd0,gpt2", "/env2", "a=1\nb=2\nc=x\\\ny\nd=4\n");
	LOADT(t);
	CHECK_STR(m->default_spec, "1,,x\ny");
	CHECK_EQ(fh.saves, 1);
	CHECK(strstr(fh.f[0].data, "\nc=new\\\\ line\n"));
	CHECK(!strstr(fh.f[0].data, "d=4")); /* d unset: removed */
	CHECK(strstr(fh.f[0].data, "a=1\nb=2\n"));
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(comments_and_continuations)
{
	struct bootcfg_menu *m;

	LOAD("# comment { ' \"\n"
	     "set a=b\\\nc # trailing\n"
	     "set d=\"e\\\nf\"; set g=h#notcomment\n"
	     "default=\"$a$d$g\"\n");
	CHECK_STR(m->default_spec, "bcefh#notcomment");
	bootcfg_free(m);
	fh_free(&fh);
}

/* A RHEL 9 style grub.cfg: grubenv, $boot, then blscfg. */
TEST(blscfg_entries)
{
	static const char e1[] =
	    "title RHEL (5.14.0-70.13.1.el9_0.x86_64)\n"
	    "version 5.14.0-70.13.1.el9_0.x86_64\n"
	    "linux /vmlinuz-5.14.0-70\n"
	    "initrd /initramfs-5.14.0-70.img $tuned_initrd\n"
	    "options $kernelopts\n";
	static const char e2[] = "title RHEL (5.14.0-362.8.1.el9_3.x86_64)\n"
				 "version 5.14.0-362.8.1.el9_3.x86_64\n"
				 "linux /vmlinuz-5.14.0-362\n"
				 "options root=/dev/xvda2 $tuned_params\n";
	const char *t = "if [ -f ${config_directory}/grubenv ]; then\n"
			"  load_env -f \"${config_directory}/grubenv\"\n"
			"fi\n"
			"set default=\"${saved_entry}\"\n"
			"set boot='hd0,gpt1'\n"
			"menuentry before { linux /b; }\n"
			"insmod blscfg\n"
			"blscfg\n"
			"menuentry after { linux /a; }\n";
	struct bootcfg_menu *m;
	struct bootcfg_entry *e;
	struct boot_spec s;

	fh_init(&fh, false);
	fh_add(&fh, "hd0,gpt1", "/loader/entries/m-70.conf", e1,
	       sizeof(e1) - 1);
	fh_add(&fh, "hd0,gpt1", "/loader/entries/m-362.conf", e2,
	       sizeof(e2) - 1);
	fh_add(&fh, "hd0,gpt1", "/loader/entries/README", "x", 1);
	fh_add_grubenv(&fh, "hd0,gpt2", "/boot/grub2/grubenv",
		       "saved_entry=m-70\nkernelopts=root=/dev/xvda2 ro\n"
		       "tuned_initrd=/t.img\n");
	int rc = bootcfg_load_grub(t, strlen(t), "hd0,gpt2",
				   "/boot/grub2/grub.cfg", &fh.h, &m);
	CHECK_EQ(rc, 0);
	CHECK_STR(fh.log, "");
	CHECK_EQ(m->root.n_children, 4);
	CHECK_STR(m->root.children[1]->id, "m-362"); /* newest first */
	CHECK_STR(m->root.children[2]->id, "m-70");
	CHECK_STR(m->root.children[3]->title, "after");
	e = bootcfg_default(m);
	CHECK(e == m->root.children[2]);
	CHECK_EQ(bootcfg_resolve(m, e, &fh.h, &s), 0);
	CHECK_STR(s.kernel.dev, "hd0,gpt1");
	CHECK_STR(s.kernel.path, "/vmlinuz-5.14.0-70");
	CHECK_STR(s.args, "root=/dev/xvda2 ro");
	CHECK_EQ(s.n_initrd, 2);
	CHECK_STR(s.initrd[1].path, "/t.img");
	boot_spec_free(&s);
	CHECK_EQ(bootcfg_resolve(m, m->root.children[3], &fh.h, &s), 0);
	CHECK_STR(s.kernel.path, "/a");
	boot_spec_free(&s);
	bootcfg_free(m);
	fh.h.list_dir = NULL; /* a host that cannot list: a message */
	rc = bootcfg_load_grub(t, strlen(t), "hd0,gpt2", "/boot/grub2/grub.cfg",
			       &fh.h, &m);
	CHECK_EQ(rc, 0);
	CHECK(strstr(fh.log, "grub.cfg:8: blscfg: cannot list directories"));
	CHECK_EQ(m->root.n_children, 2);
	bootcfg_free(m);
	fh_free(&fh);
}

static char measured[1024];

static void measure_log(void *ctx, int kind, const char *text)
{
	size_t used = strlen(measured);

	(void)ctx;
	snprintf(measured + used, sizeof(measured) - used, "%s%s\n",
		 kind == BOOTCFG_MEASURE_CMD ? "grub_cmd: "
					     : "kernel_cmdline: ",
		 text);
}

/* What GRUB's tpm module would measure into PCR 8: each command line
 * after expansion (assignments, tests and function calls too, not the
 * menuentry/if/function constructs), then, when the entry is booted,
 * its body's commands and the kernel command line from `linux`. */
TEST(measured_command_lines)
{
	struct bootcfg_menu *m;
	struct boot_spec s;

	measured[0] = 0;
	fh_init(&fh, true);
	fh.h.measure = measure_log;
	LOADT("k=vmlinuz  # comment\nexport k\nset  timeout=0\n"
	      "function f { echo \"$1\"; }\n"
	      "if [ x$k = xvmlinuz ]; then f 'a  b'; fi\n"
	      "menuentry 'T' { linux /$k root=/dev/xvda1 'q r' ro;"
	      " initrd /i; }\n");
	CHECK_STR(measured, "grub_cmd: k=vmlinuz\n"
			    "grub_cmd: export k\n"
			    "grub_cmd: set timeout=0\n"
			    "grub_cmd: [ xvmlinuz = xvmlinuz ]\n"
			    "grub_cmd: f a  b\n"
			    "grub_cmd: echo a  b\n");
	measured[0] = 0;
	CHECK_EQ(resolve(m, "T", &s), 0);
	CHECK_STR(measured,
		  "grub_cmd: linux /vmlinuz root=/dev/xvda1 q r ro\n"
		  "kernel_cmdline: /vmlinuz root=/dev/xvda1 \"q r\" ro\n"
		  "grub_cmd: initrd /i\n");
	CHECK_STR(s.args, "root=/dev/xvda1 \"q r\" ro");
	boot_spec_free(&s);
	bootcfg_free(m);
	fh_free(&fh);
}

int main(void)
{
	RUN(quoting_and_expansion);
	RUN(empty_unquoted_vanishes);
	RUN(tests_and_if);
	RUN(functions_and_positional);
	RUN(recursion_and_loops_bounded);
	RUN(for_loop_defines_entries);
	RUN(entry_sees_only_exported);
	RUN(unknown_command_line);
	RUN(syntax_errors);
	RUN(deep_nesting_refused);
	RUN(source_and_configfile);
	RUN(search_forms);
	RUN(linux_initrd_devices);
	RUN(menu_tree_and_defaults);
	RUN(grubenv_load_and_save);
	RUN(comments_and_continuations);
	RUN(blscfg_entries);
	RUN(measured_command_lines);
	return CHECK_DONE();
}
