/*
 * kexectest - the PV hand-over's boot test (tests/boot/kexec-*).
 *
 * Parent (no "child" word on the command line): xvda holds a header
 * line "KEXECTEST <kernel_len> <module_off> <module_len>", a second line
 * with the next kernel's command line, the kernel (an ELF image) at 1 MiB
 * and the module at module_off.  It reads them, closes the disk (ending
 * its grants), kexec_loads the kernel with the module and that command
 * line plus "kt_sum=<module checksum> kt_len=<module length>
 * kt_pages=<our nr_pages>", and kexec_execs.
 *
 * Child (a second copy of this program, started by the parent): checks
 * what a freshly built domain must have: start_info (magic, nr_pages,
 * command line, the module's bytes), xenstore, the console (this output),
 * a fresh timer, and xvda opened once more (its backend reconnects: the
 * parent's grants and event channels were given back), then prints its
 * verdict.  Timing is printed, never judged.
 */
#include <domlet/kernel.h>
#include <string.h>
#include "blkfront/blkfront.h"
#include <domlet/printf.h>
#include "kexectest.h"

#define KERNEL_OFF (1ull << 20)
#define CHUNK	   (1ul << 20)

static int failures;

static void check(bool ok, const char *what)
{
	printk("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

/* FNV-1a over the module: the parent and the child must agree. */
static uint32_t checksum(const uint8_t *p, uint64_t len)
{
	uint32_t h = 2166136261u;
	uint64_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* ---- the disk ---- */

struct disk {
	struct blkfront *dev;
	uint32_t ssize;
	char *bounce; /* one CHUNK, for reads that are not sector-aligned */
};

static int disk_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct disk *d = ctx;
	char *out = buf;

	while (len) {
		uint64_t start = off & ~(uint64_t)(d->ssize - 1);
		size_t skip = off - start, n = CHUNK - skip, span;
		int rc;

		if (n > len)
			n = len;
		span = (skip + n + d->ssize - 1) & ~(size_t)(d->ssize - 1);
		rc = blkfront_read(d->dev, start / 512, d->bounce, span);
		if (rc)
			return rc;
		memcpy(out, d->bounce + skip, n);
		out += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int disk_open(struct disk *d)
{
	int rc = blkfront_open("xvda", &d->dev);

	if (rc) {
		printk("kexectest: cannot open xvda (%d)\n", rc);
		return rc;
	}
	d->ssize = blkfront_info(d->dev)->sector_size;
	d->bounce = malloc(CHUNK);
	return d->bounce ? 0 : -ENOMEM;
}

/* Digits of `base` after optional spaces; *end past them. */
static unsigned long number(const char *s, const char **end, unsigned int base)
{
	unsigned long v = 0;
	unsigned int digits;

	while (*s == ' ')
		s++;
	for (digits = 0; digits < 20; digits++, s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else
			break;
		v = v * base + d;
	}
	if (end)
		*end = s;
	return v;
}

/* ---- parent ---- */

struct header {
	unsigned long klen, moff, mlen;
	char cmdline[512];
};

static int parse_header(const char *buf, struct header *h)
{
	const char *nl, *end;

	if (strncmp(buf, "KEXECTEST ", 10))
		return -EINVAL;
	h->klen = number(buf + 10, &end, 10);
	h->moff = number(end, &end, 10);
	h->mlen = number(end, &end, 10);
	if (*end != '\n')
		return -EINVAL;
	nl = strchr(end + 1, '\n');
	if (!nl || nl - (end + 1) >= (long)sizeof(h->cmdline) - 128)
		return -EINVAL;
	memcpy(h->cmdline, end + 1, nl - (end + 1));
	h->cmdline[nl - (end + 1)] = '\0';
	return 0;
}

/*
 * Before the real load: a kernel larger than the domain is refused with
 * -ENOMEM and a message, and a load undone by kexec_unload gives its
 * memory back (the heap may keep a few pages of its bookkeeping).
 */
static int refusals(struct kt_kernel *k)
{
	struct kexec_segment *last = &k->segs[k->img.nsegs - 1];
	uint64_t memsz = last->memsz;
	unsigned long free0 = free_page_count();
	int rc;

	last->memsz = (uint64_t)start_info->nr_pages * 4096;
	rc = kexec_load(&k->img);
	last->memsz = memsz;
	check(rc == -ENOMEM && free_page_count() == free0,
	      "a kernel larger than the domain is refused");
	rc = kexec_load(&k->img);
	kexec_unload();
	check(rc == 0 && free_page_count() + 16 >= free0,
	      "load then unload gives the memory back");
	return failures;
}

static int load(struct disk *d, const struct header *h)
{
	static struct kt_kernel k;
	static char cmdline[MAX_GUEST_CMDLINE];
	uint64_t t0 = monotonic_ns();
	void *mod = NULL;
	int rc;

	rc = kt_load_elf(disk_read, d, KERNEL_OFF, h->klen, &k);
	if (rc)
		return rc;
	if (h->mlen) {
		mod = kexec_buffer_alloc(h->mlen);
		if (!mod || disk_read(d, h->moff, mod, h->mlen))
			return -EIO;
	}
	printk("kexectest: read %lu + %lu bytes in %lu ms\n", h->klen, h->mlen,
	       (unsigned long)((monotonic_ns() - t0) / 1000000));
	ksnprintf(cmdline, sizeof(cmdline),
		  "%s kt_sum=%x kt_len=%lu "
		  "kt_pages=%lu",
		  h->cmdline, checksum(mod, h->mlen), h->mlen,
		  (unsigned long)start_info->nr_pages);
	k.img.module = mod;
	k.img.module_len = h->mlen;
	k.img.cmdline = cmdline;
	if (refusals(&k))
		return -EINVAL;
	t0 = monotonic_ns();
	rc = kexec_load(&k.img);
	printk("kexectest: kexec_load %d in %lu ms\n", rc,
	       (unsigned long)((monotonic_ns() - t0) / 1000000));
	return rc;
}

static int parent(void)
{
	static char first[4096];
	struct header h;
	struct disk d;
	int rc;

	rc = disk_open(&d);
	if (rc)
		return rc;
	if (disk_read(&d, 0, first, sizeof(first) - 1) ||
	    parse_header(first, &h)) {
		printk("VERDICT: FAIL kexec: no KEXECTEST header on xvda\n");
		return 1;
	}
	rc = load(&d, &h);
	blkfront_close(d.dev);
	if (rc) {
		printk("VERDICT: FAIL kexec: load failed (%d)\n", rc);
		return 1;
	}
	rc = kexec_exec();
	printk("VERDICT: FAIL kexec: kexec_exec returned %d\n", rc);
	return 1;
}

/* ---- child ---- */

static unsigned long arg_value(int argc, char **argv, const char *key,
			       unsigned int base)
{
	size_t n = strlen(key);
	int i;

	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], key, n))
			return number(argv[i] + n, NULL, base);
	return ~0ul;
}

static void check_module(int argc, char **argv)
{
	unsigned long len = arg_value(argc, argv, "kt_len=", 10);
	unsigned long sum = arg_value(argc, argv, "kt_sum=", 16);
	const uint8_t *mod = (const uint8_t *)start_info->mod_start;

	check(start_info->mod_len == len, "module length");
	check(len != ~0ul && mod && checksum(mod, len) == sum,
	      "module checksum");
}

static void check_devices(void)
{
	static char first[512];
	char name[64];
	struct disk d;
	uint64_t t0 = monotonic_ns();

	check(xenbus_read(XBT_NIL, "name", name, sizeof(name)) > 0,
	      "xenstore read of our name");
	sleep_ns(10 * 1000000ull);
	check(monotonic_ns() - t0 >= 10 * 1000000ull, "timer sleep");
	if (disk_open(&d)) {
		check(false, "xvda opened again");
		return;
	}
	check(!disk_read(&d, 0, first, sizeof(first)) &&
		  !strncmp(first, "KEXECTEST ", 10),
	      "xvda read again");
	check(blkfront_close(d.dev) == 0, "xvda closed");
}

static int child(int argc, char **argv)
{
	unsigned long pages = arg_value(argc, argv, "kt_pages=", 10);

	printk("kexectest: child up: %lu pages, %lu free, command line '%s'\n",
	       (unsigned long)start_info->nr_pages, free_page_count(),
	       (const char *)start_info->cmd_line);
	check(!strcmp(start_info->magic, "xen-3.0-x86_64"), "magic");
	check(start_info->nr_pages == pages, "nr_pages as the parent's");
	check(total_page_count() + 2048 > pages, "memory all ours");
	check_module(argc, argv);
	check_devices();
	if (failures) {
		printk("VERDICT: FAIL kexec-self: %d checks failed\n",
		       failures);
		return 1;
	}
	printk("VERDICT: PASS kexec-self\n");
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "child"))
			return child(argc, argv);
	return parent();
}
