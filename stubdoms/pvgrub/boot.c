/*
 * boot.c - from a chosen entry to the hand-over: read the kernel and
 * initrds from the guest's filesystems, check the kernel (kload/: bzImage
 * or ELF, any compression, Xen notes), load it into fresh pages of this
 * domain (kexec_load), close the disks so the guest's blkfront finds them
 * free, and jump (kexec_exec).
 *
 * Every failure before the disks are closed is reported and returns, so
 * the menu comes back; kexec_load checks that the layout fits the domain
 * before anything is committed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kload/kload.h"
#include "libc-glue/kapi.h"
#include "pvgrub.h"

/* Milliseconds since an arbitrary start, for the phase times printed
 * (where a slow boot spends its time, for the user and the bench). */
static unsigned long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000 +
	       (unsigned long)ts.tv_nsec / 1000000;
}

/* Room left for one more buffer: what the page pool has, less a margin
 * for the heap's own needs and the page tables kexec builds. */
static size_t room(void)
{
	size_t avail = (size_t)free_page_count() * 4096;
	size_t margin = 4u << 20;

	return avail > margin ? avail - margin : 0;
}

static int read_file(struct vol *v, const char *path, const char *what,
		     void **data, size_t *len)
{
	struct fs *fs = vol_fs(v);
	unsigned long t0;
	int rc;

	if (!fs) {
		pv_error("%s %s: no filesystem on (%s)", what, path, v->grub);
		return -ENODEV;
	}
	t0 = ms_now();
	rc = fs_read_all(fs, path, room(), data, len);
	if (rc == 0) {
		pv_info("%s (%s)%s: %zu KiB read in %lu ms", what, v->grub,
			path, *len >> 10, ms_now() - t0);
		measure_file(v->grub, path, *data, *len);
	}
	if (rc == -EFBIG)
		pv_error("%s (%s)%s: larger than the memory left (%zu MiB)",
			 what, v->grub, path, room() >> 20);
	else if (rc)
		pv_error("%s (%s)%s: %s", what, v->grub, path, strerror(-rc));
	return rc;
}

/* All initrds as one module, each padded to 4 bytes as GRUB does:
 * Linux unpacks concatenated (compressed) cpio archives in turn. */
static int read_initrds(const struct boot_files *bf, void **mod, size_t *len)
{
	uint8_t *all = NULL;
	size_t total = 0;
	unsigned int i;

	for (i = 0; i < bf->n_initrd; i++) {
		void *data;
		size_t n;
		uint8_t *grown;
		int rc = read_file(bf->initrd_vol[i], bf->initrd[i], "initrd",
				   &data, &n);

		if (rc) {
			free(all);
			return rc;
		}
		if (bf->n_initrd == 1) { /* as read: no copy, no second home */
			*mod = data;
			*len = n;
			return 0;
		}
		grown = realloc(all, total + n + 4);
		if (!grown) {
			free(data);
			free(all);
			pv_error("initrd %s: out of memory", bf->initrd[i]);
			return -ENOMEM;
		}
		all = grown;
		memcpy(all + total, data, n);
		free(data);
		total += n;
		while (total % 4 && i + 1 < bf->n_initrd)
			all[total++] = 0;
	}
	*mod = all;
	*len = total;
	return 0;
}

static int load(const struct boot_files *bf, struct kload_image *img, void *mod,
		size_t mod_len)
{
	struct kexec_segment segs[KLOAD_MAX_SEGS];
	struct kexec_image k = {0};
	unsigned int i;
	int rc;

	if (img->nsegs > KLOAD_MAX_SEGS)
		return -EINVAL;
	for (i = 0; i < img->nsegs; i++) {
		segs[i].vaddr = img->seg[i].vaddr;
		segs[i].data = img->seg[i].data;
		segs[i].filesz = img->seg[i].filesz;
		segs[i].memsz = img->seg[i].memsz;
	}
	k.virt_base = img->virt_base;
	k.entry = img->entry;
	k.hypercall_page = img->hypercall_page;
	k.segs = segs;
	k.nsegs = img->nsegs;
	k.module = mod;
	k.module_len = mod_len;
	k.cmdline = bf->args ? bf->args : "";
	k.mod_start_pfn = img->mod_start_pfn;
	rc = (int)kerr(kexec_load(&k));
	if (rc)
		pv_error("kernel (%s)%s: cannot be laid out in this domain "
			 "(%s)",
			 bf->vol->grub, bf->kernel, strerror(-rc));
	return rc;
}

int boot_files(const struct boot_files *bf)
{
	struct kload_image img;
	void *file = NULL, *mod = NULL;
	size_t len, mod_len = 0;
	char err[160];
	unsigned long t0;
	int rc;

	pv_info("loading (%s)%s", bf->vol->grub, bf->kernel);
	rc = read_file(bf->vol, bf->kernel, "kernel", &file, &len);
	if (rc)
		return rc;
	t0 = ms_now();
	rc = kload_parse(file, len, room(), &img, err, sizeof(err));
	if (rc) {
		pv_error("kernel (%s)%s: %s", bf->vol->grub, bf->kernel, err);
		free(file);
		return rc;
	}
	pv_info("kernel: %s%s%s, %u segments, entry %#llx (%lu ms to "
		"unpack and check)",
		img.container == KLOAD_BZIMAGE ? "bzImage" : "ELF",
		img.outer ? ", " : "", img.outer ? decomp_name(img.outer) : "",
		img.nsegs, (unsigned long long)img.entry, ms_now() - t0);
	/* The ELF is in img.owned when the file was compressed: the file
	 * can go now, which leaves room for the lay-out. */
	if (img.owned) {
		free(file);
		file = NULL;
	}
	rc = read_initrds(bf, &mod, &mod_len);
	t0 = ms_now();
	if (!rc)
		rc = load(bf, &img, mod, mod_len);
	if (rc) {
		kload_free(&img);
		free(file);
		free(mod);
		return rc;
	}
	/* Not freed from here on: kexec_load uses the pages of the ELF and
	 * the initrd where they are (a free would unload the kernel). */
	pv_info("laid out in %lu ms; booting with command line: %s",
		ms_now() - t0, bf->args ? bf->args : "");
	fflush(stdout);
	measure_close(); /* the kernel's tpmfront connects anew */
	disks_close();
	rc = (int)kerr(kexec_exec());
	/* Only a failure before the switch comes back; the disks are gone. */
	pv_error("hand-over failed (%s)", strerror(-rc));
	kload_free(&img);
	free(file);
	free(mod);
	return rc;
}
