/*
 * heap.c - kernel malloc/free over a page source.
 *
 * Every block is preceded by a 16-byte header (so user memory stays
 * 16-byte aligned) holding a magic value mixed with the header's own
 * address, the requested size, the block's kind and the offset back to the
 * start of its slab or page run.  Small requests (<= 2048 bytes) come from
 * per-size-class slabs of 1-8 pages; large ones, and memalign above 16,
 * take a run of 2^order pages of their own.
 *
 * heap_free() validates before it writes: the magic must say "live" for
 * exactly this address (a double free finds the "free" magic, a foreign or
 * interior pointer finds neither), and the slab it points back to must be
 * one of this heap's, with the block on a chunk boundary.  Free chunks are
 * linked through their payload, which a use-after-free can overwrite, so
 * chunks are checked again when taken off a free list.  A slab whose
 * chunks are all free goes back to the page source at once, so a heap with
 * nothing allocated holds no pages.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <domlet/errno.h>
#include <domlet/heap.h>

#define PAGE	       4096ul
#define HDR_SIZE       16ul
#define SLAB_HDR       64ul	   /* struct heap_slab, rounded up */
#define MIN_CHUNKS     8	   /* slab size: at least this many chunks... */
#define MAX_SLAB_ORDER 3	   /* ...in at most 8 pages */
#define MAX_ALLOC      (1ul << 30) /* larger requests are bugs, not workloads */
#define KIND_LARGE     0xff

#define MAGIC_LIVE 0x4c495645u
#define MAGIC_FREE 0x46524545u
#define MAGIC_SLAB 0x534c4142u

struct heap_hdr {
	uint32_t magic;	 /* MAGIC_LIVE/FREE ^ tag(address) */
	uint32_t offset; /* bytes from the slab / page run start */
	uint32_t size;	 /* as requested */
	uint8_t kind;	 /* size class, or KIND_LARGE */
	uint8_t order;	 /* pages of a large block */
	uint16_t pad;
};

struct heap_slab {
	uint32_t magic;
	uint8_t cls;
	uint8_t order;
	uint16_t nfree;
	uint16_t total;
	uint8_t listed; /* on h->partial[cls] */
	struct heap_slab *next;
	struct heap_slab *prev;
	struct heap *owner;
	struct heap_hdr *free; /* free chunks, linked through the payload */
};

_Static_assert(sizeof(struct heap_hdr) == HDR_SIZE, "header size");
_Static_assert(sizeof(struct heap_slab) <= SLAB_HDR, "slab header size");

static uint32_t tag(uint32_t magic, const struct heap_hdr *hdr)
{
	uint64_t a = (uintptr_t)hdr;

	return magic ^ (uint32_t)(a >> 4) ^ (uint32_t)(a >> 36);
}

static size_t class_payload(unsigned int c)
{
	return 16ul << c;
}

static size_t class_chunk(unsigned int c)
{
	return HDR_SIZE + class_payload(c);
}

static unsigned int class_order(unsigned int c)
{
	unsigned int o = 0;

	while (o < MAX_SLAB_ORDER &&
	       ((PAGE << o) - SLAB_HDR) / class_chunk(c) < MIN_CHUNKS)
		o++;
	return o;
}

/* Smallest class holding size bytes; HEAP_NR_CLASSES if none does. */
static unsigned int class_of(size_t size)
{
	unsigned int c = 0;

	while (c < HEAP_NR_CLASSES && class_payload(c) < size)
		c++;
	return c;
}

static struct heap_hdr **free_link(struct heap_hdr *hdr)
{
	return (struct heap_hdr **)(hdr + 1);
}

void heap_init(struct heap *h, void *(*get_pages)(unsigned int, void *),
	       void (*put_pages)(void *, unsigned int, void *), void *ctx)
{
	memset(h, 0, sizeof(*h));
	h->get_pages = get_pages;
	h->put_pages = put_pages;
	h->ctx = ctx;
}

/* A slab is on partial[] while it has free chunks, unless it was retired
 * for a corrupted free list. */
static void partial_add(struct heap *h, struct heap_slab *s)
{
	s->listed = 1;
	s->prev = NULL;
	s->next = h->partial[s->cls];
	if (s->next)
		s->next->prev = s;
	h->partial[s->cls] = s;
}

static void partial_del(struct heap *h, struct heap_slab *s)
{
	if (!s->listed)
		return;
	s->listed = 0;
	if (s->prev)
		s->prev->next = s->next;
	else
		h->partial[s->cls] = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static struct heap_slab *slab_new(struct heap *h, unsigned int c)
{
	unsigned int order = class_order(c);
	struct heap_slab *s = h->get_pages(order, h->ctx);
	size_t chunk = class_chunk(c), i;

	if (!s)
		return NULL;
	h->pages_held += 1ul << order;
	s->magic = MAGIC_SLAB;
	s->cls = (uint8_t)c;
	s->order = (uint8_t)order;
	s->total = (uint16_t)(((PAGE << order) - SLAB_HDR) / chunk);
	s->nfree = s->total;
	s->owner = h;
	s->free = NULL;
	s->listed = 0;
	/* Link back to front so chunks go out in address order. */
	for (i = s->total; i-- > 0;) {
		struct heap_hdr *hdr =
		    (struct heap_hdr *)((char *)s + SLAB_HDR + i * chunk);

		hdr->magic = tag(MAGIC_FREE, hdr);
		hdr->offset = (uint32_t)((char *)hdr - (char *)s);
		hdr->kind = (uint8_t)c;
		*free_link(hdr) = s->free;
		s->free = hdr;
	}
	partial_add(h, s);
	return s;
}

/* Whether hdr is on a chunk boundary inside slab s. */
static int chunk_in_slab(const struct heap_slab *s, const struct heap_hdr *hdr)
{
	uintptr_t off = (uintptr_t)hdr - (uintptr_t)s;

	return (uintptr_t)hdr >= (uintptr_t)s + SLAB_HDR &&
	       (off - SLAB_HDR) % class_chunk(s->cls) == 0 &&
	       (off - SLAB_HDR) / class_chunk(s->cls) < s->total;
}

static void *alloc_small(struct heap *h, unsigned int c, size_t size)
{
	struct heap_slab *s;
	struct heap_hdr *hdr;

	for (;;) {
		s = h->partial[c];
		if (!s && !(s = slab_new(h, c)))
			return NULL;
		hdr = s->free;
		if (hdr && chunk_in_slab(s, hdr) &&
		    hdr->magic == tag(MAGIC_FREE, hdr))
			break;
		/* Free list overwritten (use after free?): retire the slab
		 * from allocation, leaking it, rather than trust it. */
		s->free = NULL;
		partial_del(h, s);
	}
	s->free = *free_link(hdr);
	if (--s->nfree == 0 || !s->free)
		partial_del(h, s);
	hdr->magic = tag(MAGIC_LIVE, hdr);
	hdr->size = (uint32_t)size;
	h->bytes_in_use += size;
	return hdr + 1;
}

/* A run of pages with the block at offset `lead` (>= HDR_SIZE, a multiple
 * of align) so the user pointer gets the alignment asked for. */
static void *alloc_large(struct heap *h, size_t size, size_t lead)
{
	unsigned int order = 0;
	struct heap_hdr *hdr;
	char *run;

	while ((PAGE << order) < lead + size)
		order++;
	run = h->get_pages(order, h->ctx);
	if (!run)
		return NULL;
	h->pages_held += 1ul << order;
	hdr = (struct heap_hdr *)(run + lead - HDR_SIZE);
	hdr->magic = tag(MAGIC_LIVE, hdr);
	hdr->offset = (uint32_t)(lead - HDR_SIZE);
	hdr->size = (uint32_t)size;
	hdr->kind = KIND_LARGE;
	hdr->order = (uint8_t)order;
	h->bytes_in_use += size;
	return hdr + 1;
}

void *heap_alloc(struct heap *h, size_t size)
{
	unsigned int c = class_of(size);

	if (size > MAX_ALLOC)
		return NULL;
	if (c < HEAP_NR_CLASSES)
		return alloc_small(h, c, size);
	return alloc_large(h, size, HDR_SIZE);
}

void *heap_calloc(struct heap *h, size_t n, size_t size)
{
	void *p;

	if (n && size > SIZE_MAX / n)
		return NULL;
	p = heap_alloc(h, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *heap_memalign(struct heap *h, size_t align, size_t size)
{
	if (!align || (align & (align - 1)) || align > PAGE || size > MAX_ALLOC)
		return NULL;
	if (align <= HDR_SIZE)
		return heap_alloc(h, size);
	return alloc_large(h, size, align);
}

/* The header of a live block of this heap at ptr, or NULL. */
static struct heap_hdr *live_hdr(struct heap *h, void *ptr)
{
	struct heap_hdr *hdr = (struct heap_hdr *)ptr - 1;
	struct heap_slab *s;

	if ((uintptr_t)ptr % HDR_SIZE || hdr->magic != tag(MAGIC_LIVE, hdr))
		return NULL;
	if (hdr->kind == KIND_LARGE)
		return ((uintptr_t)hdr - hdr->offset) % PAGE == 0 &&
			       hdr->offset < PAGE && hdr->order < 32
			   ? hdr
			   : NULL;
	if (hdr->kind >= HEAP_NR_CLASSES ||
	    hdr->offset >= (PAGE << MAX_SLAB_ORDER))
		return NULL;
	s = (struct heap_slab *)((char *)hdr - hdr->offset);
	if (s->magic != MAGIC_SLAB || s->owner != h || s->cls != hdr->kind ||
	    !chunk_in_slab(s, hdr))
		return NULL;
	return hdr;
}

static size_t capacity(const struct heap_hdr *hdr)
{
	if (hdr->kind == KIND_LARGE)
		return (PAGE << hdr->order) - hdr->offset - HDR_SIZE;
	return class_payload(hdr->kind);
}

static void free_small(struct heap *h, struct heap_hdr *hdr)
{
	struct heap_slab *s = (struct heap_slab *)((char *)hdr - hdr->offset);

	hdr->magic = tag(MAGIC_FREE, hdr);
	*free_link(hdr) = s->free;
	s->free = hdr;
	if (s->nfree++ == 0)
		partial_add(h, s);
	if (s->nfree == s->total) {
		partial_del(h, s);
		s->magic = 0; /* stale pointers into it no longer validate */
		h->pages_held -= 1ul << s->order;
		h->put_pages(s, s->order, h->ctx);
	}
}

int heap_free(struct heap *h, void *ptr)
{
	struct heap_hdr *hdr;

	if (!ptr)
		return 0;
	hdr = live_hdr(h, ptr);
	if (!hdr)
		return -EINVAL;
	h->bytes_in_use -= hdr->size;
	if (hdr->kind != KIND_LARGE) {
		free_small(h, hdr);
		return 0;
	}
	hdr->magic = tag(MAGIC_FREE, hdr);
	h->pages_held -= 1ul << hdr->order;
	h->put_pages((char *)hdr - hdr->offset, hdr->order, h->ctx);
	return 0;
}

size_t heap_block_size(struct heap *h, void *ptr)
{
	struct heap_hdr *hdr = ptr ? live_hdr(h, ptr) : NULL;

	return hdr ? hdr->size : 0;
}

void *heap_realloc(struct heap *h, void *ptr, size_t size)
{
	struct heap_hdr *hdr;
	void *n;

	if (!ptr)
		return heap_alloc(h, size);
	hdr = live_hdr(h, ptr);
	if (!hdr || size > MAX_ALLOC)
		return NULL;
	if (!size) {
		heap_free(h, ptr);
		return NULL;
	}
	if (size <= capacity(hdr)) {
		h->bytes_in_use += size - hdr->size; /* wraps back correctly */
		hdr->size = (uint32_t)size;
		return ptr;
	}
	n = heap_alloc(h, size);
	if (!n)
		return NULL; /* the old block stays valid, as C requires */
	memcpy(n, ptr, hdr->size);
	heap_free(h, ptr);
	return n;
}
