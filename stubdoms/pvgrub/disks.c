/*
 * disks.c - the guest's disks as GRUB sees them.
 *
 * Every vbd under device/vbd, in the order xenstore lists them, becomes
 * hd0, hd1, ...; each partition of a disk (disk/part.c) becomes a volume
 * named as GRUB 2 names it (hd0,msdos5 / hd0,gpt2, also hd0,5) and as
 * Linux does (xvda5); a disk without a partition table is one volume.
 * Filesystems are probed on first use.  Reads go through blkfront with
 * a small cache of 4 KiB chunks: filesystem readers ask for many small
 * pieces of the same metadata blocks, and each blkfront round trip is
 * costly, more so under emulation.  The disks are the guest's: nothing
 * read here is trusted (part.c and fs/ check it).  The one write is
 * GRUB's save_env: grubenv's own blocks rewritten in place (fs/
 * fs_write_in_place), through the cache, then flushed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blkfront/blkfront.h"
#include "libc-glue/kapi.h"
#include "pvgrub.h"

#define CHUNK	   4096u
#define CACHE_N	   64u
#define DIRECT_MAX (1u << 20) /* bytes per direct blkfront_read */

struct cache_slot {
	uint64_t off; /* chunk offset, or UINT64_MAX when empty */
	uint64_t used;
	uint32_t len;
	uint8_t data[CHUNK];
};

struct disk {
	struct blkfront *bf;
	struct bdev bd;
	uint32_t chunk; /* CHUNK, or the sector size if larger */
	uint64_t tick;
	struct cache_slot *cache;
};

static struct disk disks[PVGRUB_MAX_DISKS];
static unsigned int ndisks;
static struct vol vols[PVGRUB_MAX_VOLS];
static unsigned int nvols;

/* The Linux name of a vbd device id (xvda, xvdb1, ...), as the Xen vbd
 * numbering encodes it; the decimal id if it is not an xvd number. */
static void linux_name(unsigned int id, char *buf, size_t size)
{
	unsigned int d, p;

	if ((id >> 8) == 202) {
		d = (id & 0xff) >> 4;
		p = id & 0xf;
	} else if (id & (1u << 28)) {
		d = (id >> 8) & 0xfffff;
		p = id & 0xff;
	} else {
		snprintf(buf, size, "%u", id);
		return;
	}
	if (d < 26)
		snprintf(buf, size, "xvd%c", 'a' + d);
	else
		snprintf(buf, size, "xvd%c%c", 'a' + d / 26 - 1, 'a' + d % 26);
	if (p)
		snprintf(buf + strlen(buf), size - strlen(buf), "%u", p);
}

static struct cache_slot *cache_get(struct disk *d, uint64_t off, int *rc)
{
	struct cache_slot *victim = &d->cache[0];
	uint64_t len;
	unsigned int i;

	for (i = 0; i < CACHE_N; i++) {
		if (d->cache[i].off == off) {
			d->cache[i].used = ++d->tick;
			return &d->cache[i];
		}
		if (d->cache[i].used < victim->used)
			victim = &d->cache[i];
	}
	len = d->bd.size - off < d->chunk ? d->bd.size - off : d->chunk;
	victim->off = UINT64_MAX;
	*rc = (int)kerr(blkfront_read(d->bf, off / 512, victim->data, len));
	if (*rc)
		return NULL;
	victim->off = off;
	victim->len = (uint32_t)len;
	victim->used = ++d->tick;
	return victim;
}

/* bdev read: whole aligned chunks straight from the disk, the ragged
 * edges through the cache.  bdev_read has checked off/len. */
static int disk_read(struct bdev *bd, uint64_t off, void *buf, size_t len)
{
	struct disk *d = bd->priv;
	uint8_t *out = buf;
	int rc = 0;

	while (len) {
		uint64_t base = off - off % d->chunk;
		size_t n;

		if (base == off && len >= d->chunk) {
			n = len - len % d->chunk;
			if (n > DIRECT_MAX)
				n = DIRECT_MAX;
			rc = (int)kerr(blkfront_read(d->bf, off / 512, out, n));
		} else {
			struct cache_slot *s = cache_get(d, base, &rc);

			if (!s)
				return rc;
			n = s->len - (off - base);
			if (n > len)
				n = len;
			memcpy(out, s->data + (off - base), n);
		}
		if (rc)
			return rc;
		off += n;
		out += n;
		len -= n;
	}
	return 0;
}

/* Writes go chunk by chunk through the cache (read, change, write back),
 * so any alignment works on any sector size and the cache stays true. */
static int disk_write(struct bdev *bd, uint64_t off, const void *buf,
		      size_t len)
{
	struct disk *d = bd->priv;
	const uint8_t *in = buf;
	int rc = 0;

	while (len) {
		uint64_t base = off - off % d->chunk;
		struct cache_slot *s = cache_get(d, base, &rc);
		size_t n;

		if (!s)
			return rc;
		n = s->len - (off - base);
		if (n > len)
			n = len;
		memcpy(s->data + (off - base), in, n);
		rc = (int)kerr(
		    blkfront_write(d->bf, base / 512, s->data, s->len));
		if (rc) {
			s->off =
			    UINT64_MAX; /* what the disk holds is unknown */
			return rc;
		}
		off += n;
		in += n;
		len -= n;
	}
	return 0;
}

int vol_write_file(struct vol *v, const char *path, const void *data,
		   size_t len)
{
	struct fs *fs = vol_fs(v);
	int rc;

	if (!fs)
		return -ENODEV;
	rc = fs_write_in_place(fs, path, data, len);
	if (!rc)
		rc = (int)kerr(blkfront_flush(disks[v->disk].bf));
	if (rc == -EOPNOTSUPP) /* no flush offered: the write itself is done */
		rc = 0;
	return rc;
}

static void part_log(const char *msg)
{
	pv_info("%s", msg);
}

static void add_vol(unsigned int di, struct bdev *bd, const char *grub,
		    const char *alias, const char *lname)
{
	struct vol *v;

	if (nvols == PVGRUB_MAX_VOLS) {
		pv_info("more than %u volumes: %s and later ones ignored",
			PVGRUB_MAX_VOLS, grub);
		return;
	}
	v = &vols[nvols++];
	memset(v, 0, sizeof(*v));
	v->bd = *bd;
	v->disk = di;
	snprintf(v->grub, sizeof(v->grub), "%s", grub);
	snprintf(v->alias, sizeof(v->alias), "%s", alias);
	snprintf(v->lname, sizeof(v->lname), "%s", lname);
}

static void scan_disk(unsigned int di, const char *lname)
{
	static struct part parts[PART_MAX];
	struct disk *d = &disks[di];
	int i, n = part_scan(&d->bd, parts, PART_MAX, part_log);

	if (n < 0)
		pv_error("%s (%s): cannot read its partition table (%s)",
			 d->bd.name, lname, strerror(-n));
	if (n <= 0) {
		add_vol(di, &d->bd, d->bd.name, "", lname);
		return;
	}
	for (i = 0; i < n; i++) {
		struct bdev sub;
		char alias[24], ln[24];

		if (part_bdev(&d->bd, &parts[i], &sub))
			continue;
		snprintf(alias, sizeof(alias), "%s,%u", d->bd.name,
			 parts[i].number);
		snprintf(ln, sizeof(ln), "%s%u", lname, parts[i].number);
		add_vol(di, &sub, sub.name, alias, ln);
	}
}

static int open_disk(unsigned int id)
{
	struct disk *d = &disks[ndisks];
	const struct blkfront_info *info;
	char name[12], lname[16];
	unsigned int i;
	int rc;

	snprintf(name, sizeof(name), "%u", id);
	linux_name(id, lname, sizeof(lname));
	rc = (int)kerr(blkfront_open(name, &d->bf));
	if (rc) {
		pv_error("disk %s (vbd %u): cannot connect (%s)", lname, id,
			 strerror(-rc));
		return rc;
	}
	info = blkfront_info(d->bf);
	d->cache = calloc(CACHE_N, sizeof(*d->cache));
	if (!d->cache) {
		blkfront_close(d->bf);
		return -ENOMEM;
	}
	for (i = 0; i < CACHE_N; i++)
		d->cache[i].off = UINT64_MAX;
	if (info->sector_size > CHUNK || CHUNK % info->sector_size) {
		pv_error("disk %s: %u-byte sectors are not supported", lname,
			 info->sector_size);
		blkfront_close(d->bf);
		free(d->cache);
		return -EINVAL;
	}
	d->chunk = CHUNK;
	memset(&d->bd, 0, sizeof(d->bd));
	d->bd.read = disk_read;
	/* Before part_bdev: partitions are writable only if their disk is. */
	d->bd.write = info->read_only ? NULL : disk_write;
	d->bd.priv = d;
	d->bd.size = info->sectors * 512;
	d->bd.block_size = info->sector_size;
	snprintf(d->bd.name, sizeof(d->bd.name), "hd%u", ndisks);
	pv_info("%s: %s, %llu MiB, %u-byte sectors", d->bd.name, lname,
		(unsigned long long)(d->bd.size >> 20), info->sector_size);
	scan_disk(ndisks++, lname);
	return 0;
}

int disks_open(void)
{
	unsigned int ids[PVGRUB_MAX_DISKS];
	int i, n = (int)kerr(blkfront_list(ids, PVGRUB_MAX_DISKS));

	if (n < 0) {
		pv_error("cannot list the disks (device/vbd: %s)",
			 strerror(-n));
		return n;
	}
	for (i = 0; i < n; i++)
		open_disk(ids[i]);
	return (int)ndisks;
}

void disks_close(void)
{
	unsigned int i;

	for (i = 0; i < nvols; i++)
		if (vols[i].fs) {
			fs_close(vols[i].fs);
			vols[i].fs = NULL;
		}
	for (i = 0; i < ndisks; i++) {
		blkfront_close(disks[i].bf);
		free(disks[i].cache);
		disks[i].bf = NULL;
	}
	ndisks = nvols = 0;
}

unsigned int vol_count(void)
{
	return nvols;
}

struct vol *vol_get(unsigned int i)
{
	return i < nvols ? &vols[i] : NULL;
}

struct vol *vol_find(const char *name)
{
	size_t len = strlen(name);
	unsigned int i;

	if (len >= 2 && name[0] == '(' && name[len - 1] == ')') {
		name++;
		len -= 2;
	}
	for (i = 0; i < nvols; i++) {
		struct vol *v = &vols[i];

		if ((strlen(v->grub) == len && !strncmp(v->grub, name, len)) ||
		    (v->alias[0] && strlen(v->alias) == len &&
		     !strncmp(v->alias, name, len)) ||
		    (strlen(v->lname) == len && !strncmp(v->lname, name, len)))
			return v;
	}
	return NULL;
}

struct fs *vol_fs(struct vol *v)
{
	int rc;

	if (v->probed)
		return v->fs;
	v->probed = true;
	rc = fs_open(&v->bd, &v->fs);
	if (rc == -ENODEV)
		v->fs = NULL;
	else if (rc) {
		pv_error("%s: filesystem unusable (%s)", v->grub,
			 strerror(-rc));
		v->fs = NULL;
	}
	return v->fs;
}

int path_split(const char *spec, const char *dflt_dev, struct vol **vol,
	       const char **path)
{
	char dev[40];
	const char *close;

	if (spec[0] != '(') {
		*vol = dflt_dev && *dflt_dev ? vol_find(dflt_dev) : NULL;
		*path = spec;
		return *vol ? 0 : -ENODEV;
	}
	close = strchr(spec, ')');
	if (!close || (size_t)(close - spec) >= sizeof(dev))
		return -EINVAL;
	memcpy(dev, spec + 1, (size_t)(close - spec - 1));
	dev[close - spec - 1] = 0;
	*vol = vol_find(dev);
	*path = close[1] ? close + 1 : "/";
	return *vol ? 0 : -ENODEV;
}

struct vol *vol_search(const char *kind, const char *value)
{
	unsigned int i;

	for (i = 0; i < nvols; i++) {
		struct fs *fs = vol_fs(&vols[i]);
		struct fs_stat st;

		if (!fs)
			continue;
		if (!strcmp(kind, "fs-uuid") || !strcmp(kind, "fs_uuid")) {
			if (!strcasecmp(fs_uuid(fs), value))
				return &vols[i];
		} else if (!strcmp(kind, "label")) {
			if (!strcmp(fs_label(fs), value))
				return &vols[i];
		} else if (!strcmp(kind, "file")) {
			if (!fs_stat(fs, value, &st))
				return &vols[i];
		}
	}
	return NULL;
}
