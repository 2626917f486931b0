// SOURCES: kload/kload.c kload/elf.c kload/notes.c decomp/decomp.c decomp/lz.c
// CFLAGS: -I. -Itests/unit
// LIBS: -lxenguest -lz -lbz2 -llzma -llzo2 -llz4 -lzstd
/*
 * fuzz_kload.c - kload_parse on hostile kernel files, 4 MiB limit.  The
 * first byte picks how the rest is used, so the fuzzer reaches deep
 * states without a seed corpus:
 *   0  the file itself (ELF, bzImage, any compression, junk);
 *   1  byte patches (offset16, value) on a Linux-like Xen ELF;
 *   2  the Xen notes of that ELF (in a PT_NOTE segment);
 *   3  the same as a SHT_NOTE section;
 *   4  its __xen_guest string, with no notes;
 *   5  a bzImage header (its fields from the input) around the rest.
 * On success every invariant kload promises is checked and every segment
 * byte read; on failure a message and nothing kept.  Modes 1-4 also go
 * through Xen 4.17's own libelf (kload_xen_oracle.h): kload must not
 * accept what Xen refuses, and where both accept they must agree.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "kload/kload.h"
#include "kload_mkelf.h"
#include "kload_xen_oracle.h"
#include "fuzz.h"

#define LIMIT (4u << 20)

static void check_image(const struct kload_image *img)
{
	const uint8_t *elf = img->elf;
	volatile uint8_t sink = 0;
	unsigned int i;

	REQUIRE(img->elf_class == 64 && img->nsegs <= KLOAD_MAX_SEGS);
	REQUIRE(img->virt_base <= img->virt_kstart);
	REQUIRE(img->virt_kstart <= img->virt_kend);
	REQUIRE(img->virt_kend - img->virt_kstart <= LIMIT);
	REQUIRE(img->entry >= img->virt_kstart && img->entry <= img->virt_kend);
	REQUIRE(!img->init_p2m ||
		(img->init_p2m < img->virt_base && img->init_p2m % 4096 == 0));
	REQUIRE(!img->hypercall_page ||
		((img->hypercall_page & ~4095ull) >= img->virt_kstart &&
		 img->hypercall_page < img->virt_kend));
	REQUIRE(memchr(img->guest_os, 0, sizeof(img->guest_os)));
	REQUIRE(memchr(img->features, 0, sizeof(img->features)));
	for (i = 0; i < img->nsegs; i++) {
		const struct kload_seg *s = &img->seg[i];
		const uint8_t *d = s->data;
		uint64_t k;

		REQUIRE(s->filesz <= s->memsz && s->memsz);
		REQUIRE(s->vaddr >= img->virt_kstart);
		REQUIRE(s->memsz <= img->virt_kend - s->vaddr);
		REQUIRE(i == 0 || s->vaddr - img->seg[i - 1].vaddr >=
				      img->seg[i - 1].memsz);
		REQUIRE(d >= elf && s->filesz <= img->elf_len &&
			(size_t)(d - elf) <= img->elf_len - s->filesz);
		for (k = 0; k < s->filesz; k += 61)
			sink ^= d[k];
		if (s->filesz)
			sink ^= d[s->filesz - 1];
	}
	(void)sink;
}

static void parse(const uint8_t *p, size_t n)
{
	struct kload_image img;
	char err[160];

	if (kload_parse(p, n, LIMIT, &img, err, sizeof(err)) == 0) {
		check_image(&img);
		kload_free(&img);
	} else {
		REQUIRE(err[0] && memchr(err, 0, sizeof(err)));
		REQUIRE(!img.owned && !img.nsegs);
	}
}

/* An uncompressed ELF: through kload and through Xen. */
static void parse_both(const uint8_t *p, size_t n)
{
	struct kx_tally t = {0};

	parse(p, n);
	if (kx_compare(p, n, LIMIT, &t)) {
		fprintf(stderr, "kload and Xen differ: %s\n", kx_why);
		REQUIRE(0);
	}
}

static void patched(const uint8_t *d, size_t n)
{
	struct mk_elf m;
	size_t len, i;
	uint8_t *f;

	mk_linux(&m);
	f = mk_build(&m, &len);
	for (i = 0; i + 3 <= n; i += 3)
		f[(d[i] | d[i + 1] << 8) % len] = d[i + 2];
	parse_both(f, len);
	free(f);
}

static void with_notes(const uint8_t *d, size_t n, int mode)
{
	struct mk_elf m;
	char guest[512];
	size_t len;
	uint8_t *f;

	mk_linux(&m);
	if (mode == 4) {
		m.notes_len = 0;
		n = n < sizeof(guest) - 1 ? n : sizeof(guest) - 1;
		memcpy(guest, d, n);
		guest[n] = 0;
		m.xen_guest = guest;
		m.seg[0].paddr += 0xffffffff80000000ull;
		m.seg[1].paddr += 0xffffffff80000000ull;
		m.seg[2].paddr += 0xffffffff80000000ull;
	} else {
		m.notes_len = n < sizeof(m.notes) ? n : sizeof(m.notes);
		memcpy(m.notes, d, m.notes_len);
		m.notes_in_section = mode == 3;
	}
	f = mk_build(&m, &len);
	parse_both(f, len);
	free(f);
}

/* A bzImage: 5 sectors of setup, header fields from the first 16 bytes
 * of the input, the rest as the payload. */
static void bzimage(const uint8_t *d, size_t n)
{
	static uint8_t f[0xa00 + 65536];
	size_t body;

	if (n < 16)
		return;
	body = n - 16 < 65536 ? n - 16 : 65536;
	memset(f, 0, 0xa00);
	memcpy(f + 0x202, "HdrS", 4);
	f[0x1f1] = d[0] % 5; /* 0 means 4 */
	memcpy(f + 0x206, d + 1, 2);
	memcpy(f + 0x248, d + 2, 4); /* payload_offset */
	memcpy(f + 0x24c, d + 6, 4); /* payload_length */
	if (d[10] & 1) {	     /* a sane offset and length */
		memset(f + 0x248, 0, 4);
		mk_put(f + 0x24c, body, 4);
		mk_put(f + 0x206, 0x20f, 2);
	}
	memcpy(f + 0xa00, d + 16, body);
	parse(f, 0xa00 + body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 6) {
	case 0:
		parse(data + 1, size - 1);
		break;
	case 1:
		patched(data + 1, size - 1);
		break;
	case 2:
	case 3:
	case 4:
		with_notes(data + 1, size - 1, data[0] % 6);
		break;
	case 5:
		bzimage(data + 1, size - 1);
		break;
	}
	return 0;
}
