// SOURCES: bootcfg/menu.c bootcfg/grubenv.c bootcfg/grub_parse.c
// SOURCES: bootcfg/grub_exec.c bootcfg/grub_load.c bootcfg/grub_cmds.c
// SOURCES: bootcfg/grub_test.c bootcfg/grub_bls.c bootcfg/menulst.c
// SOURCES: bootcfg/bls.c
// CFLAGS: -I.
/*
 * test_bootcfg_mkconfig.c - bootcfg against grub.cfg files Debian 12's
 * own grub-mkconfig writes (tests/unit/fixtures/mkgrubcfg.sh generates
 * them into build/unit/grubcfg/ at test time): the menu tree, ids,
 * default, timeout, grubenv's saved_entry/next_entry, search --fs-uuid
 * through the fake host, and every entry's kernel, initrd and command
 * line compared with what the generated file literally says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/check.h"
#include "tests/unit/bootcfg_host.h"

/* The UUIDs mkgrubcfg.sh gives its fake disk. */
#define ROOT_UUID "5d3a8e2c-7f1b-4c55-9a0e-2b6f1c9d4e11"
#define BOOT_UUID "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
#define DIR	  "build/unit/grubcfg/"
#define ADV	  "gnulinux-advanced-" ROOT_UUID
#define K(v, t)	  "gnulinux-" v "-amd64-" t "-" ROOT_UUID

static int gen_status = -1;
static char *text;
static size_t text_len;

static void load_text(const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), DIR "%s.cfg", name);
	free(text);
	text = NULL;
	CHECK((f = fopen(path, "r")) != NULL);
	text = malloc(1 << 20);
	text_len = fread(text, 1, (1 << 20) - 1, f);
	text[text_len] = 0;
	fclose(f);
}

static struct bootcfg_menu *load(struct fake_host *fh, const char *name,
				 const char *dev, const char *path)
{
	struct bootcfg_menu *m = NULL;

	load_text(name);
	CHECK_EQ(bootcfg_load_grub(text, text_len, dev, path, &fh->h, &m), 0);
	return m;
}

/* What the file literally says for entry id: the words of its first
 * `cmd` line after the menuentry line, the first one apart. */
static void literal(const char *id, const char *cmd, char *first, char *rest)
{
	char key[200], line[1024], *p, *end;

	snprintf(key, sizeof(key), "'%s' {", id);
	CHECK((p = strstr(text, key)) != NULL);
	snprintf(key, sizeof(key), "\t%s\t", cmd);
	CHECK((p = strstr(p, key)) != NULL);
	p += strlen(key);
	end = strchr(p, '\n');
	first[0] = rest[0] = 0;
	CHECK(end && (size_t)(end - p) < sizeof(line));
	memcpy(line, p, end - p);
	line[end - p] = 0;
	for (char *w = strtok(line, " \t"); w; w = strtok(NULL, " \t")) {
		if (!first[0]) {
			strcpy(first, w);
			continue;
		}
		if (rest[0])
			strcat(rest, " ");
		strcat(rest, w);
	}
}

static void check_entry(struct bootcfg_menu *m, struct fake_host *fh,
			struct bootcfg_entry *e, const char *dev)
{
	char kpath[256], args[512], i1[256], irest[512];
	struct boot_spec s;

	CHECK_EQ(bootcfg_resolve(m, e, &fh->h, &s), 0);
	literal(e->id, "linux", kpath, args);
	literal(e->id, "initrd", i1, irest);
	CHECK_STR(s.kernel.dev, dev);
	CHECK_STR(s.kernel.path, kpath);
	CHECK_STR(s.args, args);
	CHECK_EQ(s.n_initrd, 1);
	CHECK_STR(s.initrd[0].dev, dev);
	CHECK_STR(s.initrd[0].path, i1);
	boot_spec_free(&s);
}

static void host(struct fake_host *fh, bool writable)
{
	fh_init(fh, writable);
	fh_found(fh, "fs_uuid", ROOT_UUID, "hd3,gpt2");
	fh_found(fh, "fs_uuid", BOOT_UUID, "hd0,gpt1");
}

TEST(generate)
{
	/* 77: grub-common or mount namespaces missing, see its message */
	CHECK_EQ(gen_status, 0);
}

TEST(debian_menu)
{
	struct fake_host fh;
	struct bootcfg_menu *m;
	struct bootcfg_entry *adv, *e;

	host(&fh, false);
	m = load(&fh, "debian", "hd0,gpt2", "/boot/grub/grub.cfg");
	CHECK_STR(fh.log, ""); /* nothing unknown, nothing wrong */
	CHECK_EQ(m->root.n_children, 2);
	CHECK_STR(m->root.children[0]->title, "Debian GNU/Linux");
	CHECK_STR(m->root.children[0]->id, "gnulinux-simple-" ROOT_UUID);
	adv = m->root.children[1];
	CHECK(adv->submenu);
	CHECK_STR(adv->title, "Advanced options for Debian GNU/Linux");
	CHECK_STR(adv->id, ADV);
	CHECK_EQ(adv->n_children, 6);
	CHECK_STR(
	    adv->children[3]->title,
	    "Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)");
	CHECK_STR(adv->children[3]->id, K("6.1.0-13", "recovery"));
	CHECK_STR(m->default_spec, "0");
	CHECK_EQ(m->timeout_ms, 5000);
	CHECK_EQ(m->style, BOOTCFG_STYLE_MENU);
	CHECK(bootcfg_default(m) == m->root.children[0]);
	CHECK_EQ(bootcfg_find(m, ADV ">" K("6.1.0-13", "recovery"), &e), 0);
	CHECK(e == adv->children[3]);
	CHECK_EQ(bootcfg_find(m,
			      "Advanced options for Debian GNU/Linux>Debian "
			      "GNU/Linux, with Linux 6.1.0-9-amd64",
			      &e),
		 0);
	CHECK(e == adv->children[4]);
	CHECK_EQ(bootcfg_find(m, "1>6", &e), -ENOENT);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(debian_resolve_every_entry)
{
	struct fake_host fh;
	struct bootcfg_menu *m;
	struct bootcfg_entry *adv;

	host(&fh, false);
	m = load(&fh, "debian", "hd0,gpt2", "/boot/grub/grub.cfg");
	check_entry(m, &fh, m->root.children[0], "hd3,gpt2");
	adv = m->root.children[1];
	for (unsigned int i = 0; i < adv->n_children; i++)
		check_entry(m, &fh, adv->children[i], "hd3,gpt2");
	CHECK(strstr(fh.log, "Loading Linux 6.1.0-9-amd64 ...\n"));
	CHECK(strstr(fh.log, "Loading initial ramdisk ...\n"));
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(search_fails_keeps_set_root)
{
	struct fake_host fh;
	struct bootcfg_menu *m;
	struct boot_spec s;

	fh_init(&fh, false); /* finds nothing */
	m = load(&fh, "debian", "hd0,gpt2", "/boot/grub/grub.cfg");
	CHECK_EQ(bootcfg_resolve(m, bootcfg_default(m), &fh.h, &s), 0);
	CHECK_STR(s.kernel.dev, "hd0,gpt2"); /* set root='hd0,gpt2' */
	CHECK(strstr(fh.log, "search: no device with fs_uuid " ROOT_UUID));
	boot_spec_free(&s);
	bootcfg_free(m);
	fh_free(&fh);
}

static const char *env_of(struct fake_host *fh)
{
	int i = fh_lookup(fh, "hd0,gpt2", "/boot/grub/grubenv");
	return i < 0 ? "" : fh->f[i].data;
}

TEST(saved_entry_and_savedefault)
{
	struct fake_host fh;
	struct bootcfg_menu *m;
	struct bootcfg_entry *e;
	struct boot_spec s;

	host(&fh, true);
	fh_add_grubenv(&fh, "hd0,gpt2", "/boot/grub/grubenv",
		       "saved_entry=" ADV ">" K("6.1.0-13", "advanced") "\n");
	m = load(&fh, "saved", "hd0,gpt2", "/boot/grub/grub.cfg");
	e = bootcfg_default(m);
	CHECK_STR(e->id, K("6.1.0-13", "advanced"));
	/* Booting another entry saves it (GRUB_SAVEDEFAULT=true). */
	CHECK_EQ(bootcfg_find(m, "1>4", &e), 0);
	CHECK_EQ(bootcfg_resolve(m, e, &fh.h, &s), 0);
	boot_spec_free(&s);
	CHECK_EQ(fh.saves, 1);
	CHECK(strstr(env_of(&fh),
		     "\nsaved_entry=" ADV ">" K("6.1.0-9", "advanced") "\n"));
	CHECK_EQ(strlen(env_of(&fh)), 1024);
	bootcfg_free(m);
	/* Loading again sees the new default. */
	m = load(&fh, "saved", "hd0,gpt2", "/boot/grub/grub.cfg");
	CHECK_STR(bootcfg_default(m)->id, K("6.1.0-9", "advanced"));
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(save_env_read_only_warns_once)
{
	struct fake_host fh;
	struct bootcfg_menu *m;
	struct boot_spec s;
	const char *p;
	int n = 0;

	host(&fh, false);
	fh_add_grubenv(&fh, "hd0,gpt2", "/boot/grub/grubenv", "");
	m = load(&fh, "saved", "hd0,gpt2", "/boot/grub/grub.cfg");
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(bootcfg_resolve(m, bootcfg_default(m), &fh.h, &s), 0);
		boot_spec_free(&s);
	}
	for (p = fh.log; (p = strstr(p, "read-only")); p++)
		n++;
	CHECK_EQ(n, 1);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(next_entry_once)
{
	struct fake_host fh;
	struct bootcfg_menu *m;

	host(&fh, true);
	fh_add_grubenv(&fh, "hd0,gpt2", "/boot/grub/grubenv",
		       "next_entry=1>4\nsaved_entry=0\n");
	m = load(&fh, "debian", "hd0,gpt2", "/boot/grub/grub.cfg");
	CHECK_STR(m->default_spec, "1>4");
	CHECK_STR(bootcfg_default(m)->id, K("6.1.0-9", "advanced"));
	CHECK_EQ(fh.saves, 1); /* next_entry cleared on disk */
	CHECK(strstr(env_of(&fh), "next_entry=\n"));
	CHECK(strstr(env_of(&fh), "saved_entry=0\n"));
	bootcfg_free(m);
	m = load(&fh, "debian", "hd0,gpt2", "/boot/grub/grub.cfg");
	CHECK_STR(m->default_spec, "0");
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(default_path)
{
	struct fake_host fh;
	struct bootcfg_menu *m;
	char path[32];

	host(&fh, false);
	m = load(&fh, "path", "hd0,gpt2", "/boot/grub/grub.cfg");
	CHECK_STR(m->default_spec, "1>2");
	CHECK_STR(bootcfg_default(m)->title,
		  "Debian GNU/Linux, with Linux 6.1.0-13-amd64");
	CHECK_EQ(bootcfg_path(bootcfg_default(m), path, sizeof(path)), 0);
	CHECK_STR(path, "1>2");
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(timeouts)
{
	struct fake_host fh;
	struct bootcfg_menu *m;

	host(&fh, false);
	m = load(&fh, "timeout0", "hd0,gpt2", "/boot/grub/grub.cfg");
	CHECK_EQ(m->timeout_ms, 0);
	CHECK_EQ(m->style, BOOTCFG_STYLE_HIDDEN);
	bootcfg_free(m);
	m = load(&fh, "forever", "hd0,gpt2", "/boot/grub/grub.cfg");
	CHECK_EQ(m->timeout_ms, -1);
	CHECK_EQ(m->style, BOOTCFG_STYLE_MENU);
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(no_submenu)
{
	struct fake_host fh;
	struct bootcfg_menu *m;

	host(&fh, false);
	m = load(&fh, "flat", "hd0,gpt2", "/boot/grub/grub.cfg");
	/* No submenu and no "simple" entry: one per kernel, newest first. */
	CHECK_EQ(m->root.n_children, 3);
	for (unsigned int i = 0; i < 3; i++) {
		CHECK(!m->root.children[i]->submenu);
		check_entry(m, &fh, m->root.children[i], "hd3,gpt2");
	}
	CHECK_STR(m->root.children[2]->title,
		  "Debian GNU/Linux, with Linux 6.1.0-9-amd64");
	bootcfg_free(m);
	fh_free(&fh);
}

TEST(separate_boot)
{
	struct fake_host fh;
	struct bootcfg_menu *m;
	struct boot_spec s;

	host(&fh, false);
	m = load(&fh, "sepboot", "hd0,gpt1", "/grub/grub.cfg");
	CHECK_EQ(bootcfg_resolve(m, bootcfg_default(m), &fh.h, &s), 0);
	CHECK_STR(s.kernel.dev, "hd0,gpt1");
	CHECK_STR(s.kernel.path, "/vmlinuz-6.1.0-18-amd64");
	CHECK_STR(s.args, "root=UUID=" ROOT_UUID
			  " ro console=hvc0 earlyprintk=xen quiet");
	CHECK_EQ(s.n_initrd, 2); /* the microcode first, as written */
	CHECK_STR(s.initrd[0].path, "/intel-ucode.img");
	CHECK_STR(s.initrd[1].path, "/initrd.img-6.1.0-18-amd64");
	CHECK_STR(s.initrd[1].dev, "hd0,gpt1");
	boot_spec_free(&s);
	bootcfg_free(m);
	fh_free(&fh);
}

int main(void)
{
	gen_status = system("tests/unit/fixtures/mkgrubcfg.sh " DIR
			    " >build/unit/mkgrubcfg.log 2>&1");
	if (gen_status > 0 && WIFEXITED(gen_status))
		gen_status = WEXITSTATUS(gen_status);
	/* They also seed fuzz_grubcfg's corpus (tests/unit/run fuzzes
	 * after the unit tests). */
	if (gen_status == 0 &&
	    system("mkdir -p build/fuzz/corpus/grubcfg && cp " DIR
		   "*.cfg build/fuzz/corpus/grubcfg/"))
		printf("note: could not seed build/fuzz/corpus/grubcfg\n");
	RUN(generate);
	RUN(debian_menu);
	RUN(debian_resolve_every_entry);
	RUN(search_fails_keeps_set_root);
	RUN(saved_entry_and_savedefault);
	RUN(save_env_read_only_warns_once);
	RUN(next_entry_once);
	RUN(default_path);
	RUN(timeouts);
	RUN(no_submenu);
	RUN(separate_boot);
	free(text);
	return CHECK_DONE();
}
