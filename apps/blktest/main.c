/*
 * blktest - blkfront's boot test (tests/boot/blk, and tests/boot/blk4k
 * where xvda has 4096-byte logical sectors).  Two disks: xvda
 * writable, xvdb read-only.  Writes a pseudo-random pattern over all of
 * xvda with mixed request sizes (synchronous and asynchronous, direct and
 * indirect), flushes, reads it back and verifies it, prints the pattern's
 * SHA-256 for dom0 to compare with the image file, and checks that the
 * read-only disk refuses writes, that a backend I/O error reaches the
 * caller, and that closing returns every grant.  Timing is printed, never
 * judged.
 */
#include <domlet/kernel.h>
#include <string.h>
#include "blkfront/blkfront.h"
#include "blktest.h"

#define BUF_ORDER 8 /* 1 MiB buffers */
#define BUF_BYTES (4096ul << BUF_ORDER)
#define QD	  32
#define ASYNC_MAX (64 * 1024)

static int checks, failures;
static char *buf, *want;

static void check(bool ok, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void check(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	checks++;
	failures += !ok;
	printk("%s %s: ", ok ? "ok  " : "FAIL", name);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
}

/* The pattern: 64-bit word k of the disk is mix(k), so any range can be
 * regenerated on its own. */
static uint64_t mix(uint64_t k)
{
	k += 0x9e3779b97f4a7c15ull;
	k = (k ^ (k >> 30)) * 0xbf58476d1ce4e5b9ull;
	k = (k ^ (k >> 27)) * 0x94d049bb133111ebull;
	return k ^ (k >> 31);
}

static void pattern(void *dst, uint64_t off, size_t len)
{
	uint64_t *w = dst;
	size_t i;

	for (i = 0; i < len / 8; i++)
		w[i] = mix(off / 8 + i);
}

static uint64_t rng = 0x1234567;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint32_t ssize = 512; /* xvda's logical sector size */

/* Mixed sizes: sub-page, one page, 11 segments (the most a direct
 * request holds), 12 (the least an indirect one holds), large indirect,
 * and 1 MiB, which the synchronous API splits; rounded down to whole
 * logical sectors (sub-page sizes become one 4096-byte sector on a
 * 4096-byte disk). */
static size_t pick_size(size_t max)
{
	static const size_t sizes[] = {512,   1536,   4096,   45056,
				       49152, 131072, 262144, BUF_BYTES};
	size_t n = sizes[rnd() % ARRAY_SIZE(sizes)];

	n = n < ssize ? ssize : n - n % ssize;
	return n < max ? n : max;
}

static unsigned long mbps(uint64_t bytes, uint64_t ns)
{
	return ns ? (unsigned long)(bytes * 1000 / ns) : 0; /* MB/s */
}

static int write_sync(struct blkfront *d, uint64_t from, uint64_t to)
{
	while (from < to) {
		size_t n = pick_size(to - from);
		int rc;

		pattern(buf, from, n);
		rc = blkfront_write(d, from / 512, buf, n);
		if (rc) {
			printk("write at %lu (%zu bytes): %d\n",
			       (unsigned long)from, n, rc);
			return rc;
		}
		from += n;
	}
	return 0;
}

struct aio {
	struct blkfront_req req;
	char *data;
	int *err;
	unsigned int *done;
	bool verify;
};

static void aio_done(struct blkfront_req *r)
{
	struct aio *a = r->arg;

	(*a->done)++;
	if (r->status && !*a->err)
		*a->err = r->status;
	if (!r->status && a->verify) {
		pattern(want, r->sector * 512, r->len);
		if (memcmp(want, a->data, r->len) && !*a->err)
			*a->err = -EBADMSG;
	}
}

/* Keeps QD requests in flight over [from, to): writes (pattern) or
 * reads (verified in the callback), sizes from pick_size or fixed. */
static int async_run(struct blkfront *d, struct aio *a, enum blkfront_op op,
		     uint64_t from, uint64_t to, size_t fixed, bool random)
{
	unsigned int done = 0, sent = 0, i;
	uint64_t off = from, nblocks = (to - from) / 4096;
	int err = 0;

	while ((!err && off < to) || done < sent) {
		for (i = 0; i < QD && !err && off < to; i++) {
			struct blkfront_req *r = &a[i].req;
			size_t n = fixed ? fixed : pick_size(ASYNC_MAX);
			uint64_t at =
			    random ? from + rnd() % nblocks * 4096 : off;
			int rc;

			if (r->status == -EINPROGRESS)
				continue;
			n = n < to - off ? n : to - off;
			*r = (struct blkfront_req){.op = op,
						   .sector = at / 512,
						   .buf = a[i].data,
						   .len = n,
						   .done = aio_done,
						   .arg = &a[i]};
			a[i].err = &err;
			a[i].done = &done;
			a[i].verify = op == BLKFRONT_READ;
			if (op == BLKFRONT_WRITE)
				pattern(a[i].data, at, n);
			rc = blkfront_submit(d, r);
			if (rc == -EAGAIN)
				break;
			if (rc) {
				err = rc;
				break;
			}
			sent++;
			off += n;
		}
		if (done < sent &&
		    blkfront_wait(d, monotonic_ns() + 30 * NSEC_PER_SEC) ==
			-ETIMEDOUT)
			return -ETIMEDOUT;
	}
	return err;
}

static int verify_sync(struct blkfront *d, uint64_t size)
{
	uint64_t off = 0;

	while (off < size) {
		size_t n = pick_size(size - off);
		int rc = blkfront_read(d, off / 512, buf, n);

		if (rc)
			return rc;
		pattern(want, off, n);
		if (memcmp(buf, want, n)) {
			printk("mismatch in %lu+%zu\n", (unsigned long)off, n);
			return -EBADMSG;
		}
		off += n;
	}
	return 0;
}

static void print_sha(uint64_t size)
{
	struct sha256 s;
	char hex[65];
	uint64_t off;

	sha256_init(&s);
	for (off = 0; off < size; off += BUF_BYTES) {
		size_t n = size - off < BUF_BYTES ? size - off : BUF_BYTES;
		pattern(buf, off, n);
		sha256_update(&s, buf, n);
	}
	sha256_hex(&s, hex);
	printk("DISK-SHA256 %s\n", hex);
}

static void test_rw(struct blkfront *d, struct aio *a)
{
	uint64_t size = blkfront_info(d)->sectors * 512, half = size / 2;
	uint64_t t0 = monotonic_ns(), t1;
	int rc;

	if (blkfront_info(d)->discard) {
		rc = blkfront_discard(d, 0, 2048);
		check(rc == 0, "discard offered and works", "rc %d", rc);
	} else {
		rc = blkfront_discard(d, 0, 2048);
		check(rc == -EOPNOTSUPP, "discard not offered", "rc %d", rc);
	}
	rc = write_sync(d, 0, half);
	check(rc == 0, "sync write, mixed sizes", "first half: rc %d", rc);
	rc = async_run(d, a, BLKFRONT_WRITE, half, size, 0, false);
	check(rc == 0, "async write, mixed sizes",
	      "second half, %d in flight max: rc %d", QD, rc);
	rc = blkfront_flush(d);
	check(rc == 0, "flush", "rc %d", rc);
	t1 = monotonic_ns();
	printk("wrote %lu MiB in %lu ms (%lu MB/s)\n",
	       (unsigned long)(size >> 20),
	       (unsigned long)((t1 - t0) / NSEC_PER_MSEC), mbps(size, t1 - t0));
	rc = verify_sync(d, size);
	check(rc == 0, "sync read-back matches", "rc %d", rc);
	rc = async_run(d, a, BLKFRONT_READ, 0, size, 0, false);
	check(rc == 0, "async read-back matches", "rc %d", rc);
	rc = async_run(d, a, BLKFRONT_READ, 0, size, 4096, true);
	check(rc == 0, "random 4 KiB reads at depth 32 match", "rc %d", rc);
	print_sha(size);
}

static void test_errors(struct blkfront *d)
{
	const struct blkfront_info *in = blkfront_info(d);
	int rc;

	rc = blkfront_read(d, in->sectors, buf, 512);
	check(rc == -EINVAL, "read past the end refused", "rc %d", rc);
	rc = blkfront_read(d, 0, buf, 100);
	check(rc == -EINVAL, "partial sector refused", "rc %d", rc);
	if (in->sector_size > 512) {
		rc = blkfront_read(d, 0, buf, 512);
		check(rc == -EINVAL, "512 bytes on a large-sector disk refused",
		      "sector %u: rc %d", in->sector_size, rc);
		rc = blkfront_read(d, 1, buf, in->sector_size);
		check(rc == -EINVAL, "misaligned start refused",
		      "sector %u: rc %d", in->sector_size, rc);
	}
}

static void test_readonly(struct blkfront *ro)
{
	struct blkfront_info *in = (struct blkfront_info *)blkfront_info(ro);
	struct blkfront_req r = {.op = BLKFRONT_WRITE, .buf = buf, .len = 4096};
	int rc;

	check(in->read_only, "xvdb is read-only", "info says %d",
	      in->read_only);
	rc = blkfront_write(ro, 0, buf, 4096);
	check(rc == -EROFS, "write to read-only disk", "rc %d", rc);
	rc = blkfront_submit(ro, &r);
	check(rc == -EROFS, "async write to read-only disk", "rc %d", rc);
	rc = blkfront_flush(ro);
	check(rc == -EROFS, "flush of read-only disk", "rc %d", rc);
	rc = blkfront_read(ro, 0, buf, 4096);
	check(rc == 0 && !memcmp(buf, "blkfront-ro\n", 12),
	      "read from read-only disk", "rc %d, \"%.11s\"", rc, buf);
	/* Test only: lie to our own check so the write reaches blkback,
	 * which refuses it: a backend I/O error must reach the caller as
	 * an error on that request, and the disk must stay usable. */
	in->read_only = false;
	rc = blkfront_write(ro, 8, buf, 4096);
	in->read_only = true;
	check(rc == -EIO, "backend error reaches the caller", "rc %d", rc);
	rc = blkfront_read(ro, 0, buf, 512);
	check(rc == 0, "disk usable after a failed request", "rc %d", rc);
}

static struct blkfront *open_disk(const char *name)
{
	struct blkfront *d = NULL;
	int rc = blkfront_open(name, &d);

	check(rc == 0, "open", "%s: rc %d", name, rc);
	return rc ? NULL : d;
}

static struct aio *alloc_aio(void)
{
	static struct aio a[QD];
	unsigned int i;

	for (i = 0; i < QD; i++) {
		a[i].data = alloc_pages(4); /* 64 KiB */
		if (!a[i].data)
			return NULL;
	}
	return a;
}

int main(int argc, char **argv)
{
	unsigned int ids[8], grants0 = gnttab_free_count();
	struct blkfront *rw, *ro;
	struct aio *a;
	int n;

	(void)argc;
	(void)argv;
	printk("domlet blktest: starting\n");
	buf = alloc_pages(BUF_ORDER);
	want = alloc_pages(BUF_ORDER);
	a = alloc_aio();
	if (!buf || !want || !a) {
		printk("VERDICT: FAIL blk: out of memory\n");
		return 1;
	}
	n = blkfront_list(ids, ARRAY_SIZE(ids));
	check(n == 2, "two disks listed", "%d (%u, %u)", n, ids[0], ids[1]);
	rw = open_disk("xvda");
	ro = open_disk("xvdb");
	if (rw && ro) {
		ssize = blkfront_info(rw)->sector_size;
		test_rw(rw, a);
		test_errors(rw);
		test_readonly(ro);
	}
	if (rw)
		blkfront_close(rw);
	if (ro)
		blkfront_close(ro);
	check(gnttab_free_count() == grants0, "close returned every grant",
	      "%u free, %u before", gnttab_free_count(), grants0);
	if (failures) {
		printk("VERDICT: FAIL blk: %d of %d checks failed\n", failures,
		       checks);
		return 1;
	}
	printk("VERDICT: PASS blk (%d checks)\n", checks);
	return 0;
}
