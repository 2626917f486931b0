/*
 * kload.c - from a kernel file to the ELF inside it: a whole-file
 * compression (by magic), a Linux bzImage and its compressed payload;
 * then elf.c and notes.c say what goes where.
 *
 * The file is untrusted.  A bzImage is read as Xen's bzImage loader
 * reads it (boot protocol >= 2.08, payload at (setup_sects + 1) * 512 +
 * payload_offset, payload_length bytes, inside the file), with two
 * additions: setup_sects 0 means 4 (the boot protocol's rule), and the
 * 4-byte little-endian size Linux's build appends to every payload is
 * used: as an early size check, and as a check of the decompressed size
 * (it catches a truncated lz4 legacy stream, which has no end marker).
 * Every decompression is bounded by max_size.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "kload/kload_priv.h"

/* Boot protocol header fields (Documentation/x86/boot.rst). */
#define BZ_SETUP_SECTS 0x1f1
#define BZ_MAGIC       0x202
#define BZ_VERSION     0x206
#define BZ_PAYLOAD_OFF 0x248
#define BZ_PAYLOAD_LEN 0x24c
#define BZ_MIN_LEN     0x250

static bool is_elf(const uint8_t *p, size_t len)
{
	return len >= 4 && memcmp(p, "\177ELF", 4) == 0;
}

static bool is_bzimage(const uint8_t *p, size_t len)
{
	return len >= BZ_MAGIC + 4 && memcmp(p + BZ_MAGIC, "HdrS", 4) == 0;
}

/* The payload of the bzImage p[0..len), checked inside the file. */
static int bz_payload(const uint8_t *p, size_t len, const uint8_t **pl,
		      size_t *pl_len, char *err, size_t size)
{
	uint16_t version;
	uint64_t off, plen;
	unsigned int sects;

	if (len < BZ_MIN_LEN)
		return kl_err(err, size, -EINVAL,
			      "bzImage header truncated (%zu bytes)", len);
	version = kl_rd16(p + BZ_VERSION);
	if (version < 0x208)
		return kl_err(err, size, -EINVAL,
			      "bzImage boot protocol %u.%02u too old (2.08 "
			      "needed)",
			      version >> 8, version & 0xff);
	sects = p[BZ_SETUP_SECTS] ? p[BZ_SETUP_SECTS] : 4;
	off = (sects + 1ull) * 512 + kl_rd32(p + BZ_PAYLOAD_OFF);
	plen = kl_rd32(p + BZ_PAYLOAD_LEN);
	if (off >= len || plen > len - off)
		return kl_err(err, size, -EINVAL,
			      "bzImage payload (%#llx bytes at %#llx) past the "
			      "end of the file (%zu bytes): truncated?",
			      (unsigned long long)plen, (unsigned long long)off,
			      len);
	if (plen < 8)
		return kl_err(err, size, -EINVAL,
			      "bzImage payload too short (%llu bytes)",
			      (unsigned long long)plen);
	*pl = p + off;
	*pl_len = (size_t)plen;
	return 0;
}

/* Decompresses a bzImage payload into img->owned. */
static int bz_unpack(struct kload_image *img, const uint8_t *pl, size_t n,
		     size_t max_size, char *err, size_t size)
{
	uint32_t want = kl_rd32(pl + n - 4);
	enum decomp_fmt fmt = decomp_detect(pl, n);
	char why[120];
	size_t out_len;
	int rc;

	if (is_elf(pl, n)) { /* not built by Linux, but plain enough */
		img->elf = pl;
		img->elf_len = n;
		return 0;
	}
	if (fmt == DECOMP_NONE)
		return kl_err(err, size, -EINVAL,
			      "bzImage payload: unknown compression (%02x %02x "
			      "%02x %02x)",
			      pl[0], pl[1], pl[2], pl[3]);
	if (want > max_size)
		return kl_err(err, size, -EFBIG,
			      "bzImage payload: %u MiB unpacked, more than the "
			      "%zu MiB available",
			      want >> 20, max_size >> 20);
	img->payload = fmt;
	/* gzip's own trailer ends in the size; the others have it after. */
	rc = decomp_buffer_sized(fmt, pl, fmt == DECOMP_GZIP ? n : n - 4, want,
				 &img->owned, &out_len, why, sizeof(why));
	if (rc)
		return kl_err(err, size, rc, "bzImage payload: %s", why);
	if (out_len != want)
		return kl_err(err, size, -EINVAL,
			      "bzImage payload: %s gave %zu bytes, its size "
			      "field says %u: corrupt?",
			      decomp_name(fmt), out_len, want);
	img->elf = img->owned;
	img->elf_len = out_len;
	return 0;
}

/* Finds the ELF in p[0..len), which is not compressed as a whole. */
static int find_elf(struct kload_image *img, const uint8_t *p, size_t len,
		    size_t max_size, char *err, size_t size)
{
	const uint8_t *pl = NULL;
	size_t pl_len = 0;
	int rc;

	if (is_elf(p, len)) {
		img->container = KLOAD_ELF;
		img->elf = p;
		img->elf_len = len;
		return 0;
	}
	if (is_bzimage(p, len)) {
		img->container = KLOAD_BZIMAGE;
		rc = bz_payload(p, len, &pl, &pl_len, err, size);
		if (!rc)
			rc = bz_unpack(img, pl, pl_len, max_size, err, size);
		return rc;
	}
	if (len < 4)
		return kl_err(err, size, -EINVAL,
			      "not a kernel: %zu bytes long", len);
	return kl_err(err, size, -EINVAL,
		      "not a kernel: neither ELF, bzImage nor a known "
		      "compression (%02x %02x %02x %02x)%s",
		      p[0], p[1], p[2], p[3],
		      img->outer ? " inside the compressed file" : "");
}

/* Unwraps the file into img->elf (maybe img->owned); 0 or -errno. */
static int unwrap(struct kload_image *img, const uint8_t *p, size_t len,
		  size_t max_size, char *err, size_t size)
{
	enum decomp_fmt fmt =
	    is_elf(p, len) ? DECOMP_NONE : decomp_detect(p, len);
	void *whole = NULL;
	size_t whole_len;
	char why[120];
	int rc;

	if (fmt == DECOMP_NONE)
		return find_elf(img, p, len, max_size, err, size);
	rc = decomp_buffer(fmt, p, len, max_size, &whole, &whole_len, why,
			   sizeof(why));
	if (rc)
		return kl_err(err, size, rc, "%s", why);
	img->outer = fmt;
	rc = find_elf(img, whole, whole_len, max_size, err, size);
	/* The ELF is in whole, unless a bzImage payload was unpacked. */
	if (!img->owned)
		img->owned = whole;
	else
		free(whole);
	return rc;
}

int kload_parse(const void *file, size_t len, size_t max_size,
		struct kload_image *out, char *err, size_t err_size)
{
	struct kl_elf e;
	int rc;

	memset(out, 0, sizeof(*out));
	if (err && err_size)
		err[0] = '\0';
	if (!file || len == 0)
		return kl_err(err, err_size, -EINVAL, "empty file");
	rc = unwrap(out, file, len, max_size, err, err_size);
	if (!rc)
		rc = kl_elf_open(&e, out->elf, out->elf_len, err, err_size);
	if (!rc)
		rc = kl_xen_parse(&e, out, max_size, err, err_size);
	if (!rc)
		rc = kl_elf_segments(&e, out, err, err_size);
	if (rc) {
		kload_free(out);
		return rc;
	}
	out->elf_class = 64;
	return 0;
}

void kload_free(struct kload_image *img)
{
	free(img->owned);
	memset(img, 0, sizeof(*img));
}
