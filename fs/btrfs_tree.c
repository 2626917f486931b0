/*
 * btrfs_tree.c - the btrfs logical address space and its B-trees: the
 * chunk map (from the superblock's system chunk array, then the chunk
 * tree) turning logical addresses into offsets on our one device, node
 * reading with a small cache, and key search.
 *
 * The disk is untrusted.  Chunks must be SINGLE or DUP on our device
 * (RAID profiles are refused with a message), not overlap, and lie inside
 * the device.  A node must carry its own address, our fsid, the level its
 * parent promised and (crc32c filesystems) a good checksum; its item
 * count must fit the node, and every item's data is checked to lie inside
 * the node before it is copied out.  A search reads at most
 * BTRFS_SEARCH_READ nodes, so no tree shape makes it loop.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs/btrfs_priv.h"

#define BG_RAID_MASK 0x7d8ULL /* RAID0,1,10,5,6,1C3,1C4 */
#define BG_DUP	     0x20ULL
#define CHUNK_SIZE   48
#define STRIPE_SIZE  32

static int chunk_insert(struct btrfs *b, uint64_t logical, uint64_t length,
			uint64_t physical, uint64_t physical2)
{
	unsigned int i;

	for (i = 0; i < b->nchunks; i++) {
		struct btrfs_chunk *c = &b->chunks[i];
		if (c->logical == logical && c->length == length &&
		    c->physical == physical && c->physical2 == physical2)
			return 0; /* the chunk tree repeats the sys array */
		if (logical < c->logical + c->length &&
		    c->logical < logical + length) {
			btrfs_log(b, "chunk at %llu overlaps another",
				  (unsigned long long)logical);
			return -EIO;
		}
		if (c->logical > logical)
			break;
	}
	if (b->nchunks >= BTRFS_MAX_CHUNKS) {
		btrfs_log(b, "more than %u chunks", BTRFS_MAX_CHUNKS);
		return -EIO;
	}
	memmove(&b->chunks[i + 1], &b->chunks[i],
		(b->nchunks - i) * sizeof(b->chunks[0]));
	b->chunks[i] =
	    (struct btrfs_chunk){logical, length, physical, physical2};
	b->nchunks++;
	return 0;
}

/* Adds the chunk item chunk[0..len) mapping logical; *used is its size. */
int btrfs_add_chunk(struct btrfs *b, uint64_t logical, const uint8_t *chunk,
		    size_t len, size_t *used)
{
	uint64_t length, type, devid, physical, phys[2] = {0, 0};
	uint16_t nstripes;

	if (len < CHUNK_SIZE + STRIPE_SIZE)
		return btrfs_log(b, "chunk item too short"), -EIO;
	length = btrfs_le64(chunk);
	type = btrfs_le64(chunk + 24);
	nstripes = btrfs_le16(chunk + 44);
	if (nstripes == 0 || (size_t)nstripes * STRIPE_SIZE > len - CHUNK_SIZE)
		return btrfs_log(b, "chunk %llu: bad stripe count %u",
				 (unsigned long long)logical, nstripes),
		       -EIO;
	*used = CHUNK_SIZE + (size_t)nstripes * STRIPE_SIZE;
	if (type & BG_RAID_MASK)
		return btrfs_log(b,
				 "chunk %llu: RAID profile %#llx not "
				 "supported (single device only)",
				 (unsigned long long)logical,
				 (unsigned long long)type),
		       -EIO;
	if (nstripes > ((type & BG_DUP) ? 2 : 1))
		return btrfs_log(b, "chunk %llu: %u stripes",
				 (unsigned long long)logical, nstripes),
		       -EIO;
	if (length == 0 || length % b->sectorsize || logical % b->sectorsize ||
	    logical + length < logical)
		return btrfs_log(b, "chunk %llu: bad length %llu",
				 (unsigned long long)logical,
				 (unsigned long long)length),
		       -EIO;
	for (uint16_t s = 0; s < nstripes; s++) {
		const uint8_t *st = chunk + CHUNK_SIZE + s * STRIPE_SIZE;
		devid = btrfs_le64(st);
		physical = btrfs_le64(st + 8);
		if (devid != b->devid)
			return btrfs_log(b,
					 "chunk %llu is on device %llu, "
					 "not ours",
					 (unsigned long long)logical,
					 (unsigned long long)devid),
			       -EIO;
		if (physical == 0 || physical > b->head.bd->size ||
		    length > b->head.bd->size - physical)
			return btrfs_log(b,
					 "chunk %llu: %llu bytes at %llu: "
					 "past the device",
					 (unsigned long long)logical,
					 (unsigned long long)length,
					 (unsigned long long)physical),
			       -EIO;
		phys[s] = physical;
	}
	return chunk_insert(b, logical, length, phys[0], phys[1]);
}

/* Every CHUNK_ITEM of the chunk tree into the map. */
int btrfs_read_chunk_tree(struct btrfs *b)
{
	struct btrfs_key key = {BTRFS_FIRST_CHUNK_TREE, BTRFS_CHUNK_ITEM, 0};
	struct btrfs_item it;
	size_t used;
	int rc;

	for (unsigned int n = 0; n <= BTRFS_MAX_CHUNKS; n++) {
		rc = btrfs_find(b, &b->chunk_tree, key.objectid, key.type,
				key.offset, &it);
		if (rc == -ENOENT)
			return 0;
		if (rc < 0)
			return rc;
		rc = btrfs_add_chunk(b, it.key.offset, it.data, it.size, &used);
		key.offset = it.key.offset + 1;
		btrfs_item_free(&it);
		if (rc < 0)
			return rc;
		if (key.offset == 0)
			return 0;
	}
	btrfs_log(b, "chunk tree: more than %u chunks", BTRFS_MAX_CHUNKS);
	return -EIO;
}

/* Reads [logical, logical + len), which must lie in one chunk. */
int btrfs_read_copy(struct btrfs *b, uint64_t logical, void *buf, size_t len,
		    int copy)
{
	for (unsigned int i = 0; i < b->nchunks; i++) {
		const struct btrfs_chunk *c = &b->chunks[i];
		uint64_t rel = logical - c->logical;
		if (logical < c->logical || rel >= c->length)
			continue;
		if (len > c->length - rel)
			break;
		if (copy && !c->physical2)
			return -ENOENT;
		return bdev_read(b->head.bd,
				 (copy ? c->physical2 : c->physical) + rel, buf,
				 len);
	}
	btrfs_log(b, "logical range %llu+%zu is in no chunk",
		  (unsigned long long)logical, len);
	return -EIO;
}

int btrfs_read_logical(struct btrfs *b, uint64_t logical, void *buf, size_t len)
{
	return btrfs_read_copy(b, logical, buf, len, 0);
}

static int node_check(struct btrfs *b, const uint8_t *n, uint64_t bytenr,
		      int level)
{
	uint32_t nritems = btrfs_le32(n + 0x60);
	size_t each = level ? BTRFS_PTR_SIZE : BTRFS_ITEM_SIZE;

	if (btrfs_le64(n + 0x30) != bytenr ||
	    memcmp(n + 0x20, b->meta_fsid, 16) != 0)
		return btrfs_log(b,
				 "node %llu: not this node (address or "
				 "fsid)",
				 (unsigned long long)bytenr),
		       -EIO;
	if (n[0x64] != level)
		return btrfs_log(b, "node %llu: level %u, expected %d",
				 (unsigned long long)bytenr, n[0x64], level),
		       -EIO;
	if (nritems > (b->nodesize - BTRFS_HDR_SIZE) / each ||
	    (level && nritems == 0))
		return btrfs_log(b, "node %llu: bad item count %u",
				 (unsigned long long)bytenr, nritems),
		       -EIO;
	if (!btrfs_csum_ok(b, n, b->nodesize))
		return btrfs_log(b, "node %llu: bad checksum",
				 (unsigned long long)bytenr),
		       -EIO;
	return 0;
}

/* The node at bytenr, checked; valid until the next read_node. */
static int read_node(struct btrfs *b, uint64_t bytenr, int level,
		     const uint8_t **out)
{
	unsigned int i;
	uint8_t *buf;
	int rc = -EIO;

	if (b->budget == 0)
		return btrfs_log(b, "search reads too many nodes"), -EIO;
	b->budget--;
	for (i = 0; i < BTRFS_NCACHE; i++)
		if (b->cache[i].bytenr == bytenr && b->cache[i].buf) {
			if (b->cache[i].level != level)
				return btrfs_log(b,
						 "node %llu: level %u, "
						 "expected %d",
						 (unsigned long long)bytenr,
						 b->cache[i].level, level),
				       -EIO;
			*out = b->cache[i].buf;
			return 0;
		}
	if (bytenr == 0 || bytenr % b->sectorsize)
		return btrfs_log(b, "node address %llu unaligned",
				 (unsigned long long)bytenr),
		       -EIO;
	i = b->cache_next;
	b->cache_next = (i + 1) % BTRFS_NCACHE;
	if (!b->cache[i].buf && !(b->cache[i].buf = malloc(b->nodesize)))
		return -ENOMEM;
	buf = b->cache[i].buf;
	b->cache[i].bytenr = 0;
	/* A bad node may have a good DUP twin. */
	for (int copy = 0; copy < 2; copy++) {
		int rc2 = btrfs_read_copy(b, bytenr, buf, b->nodesize, copy);
		if (rc2 == -ENOENT)
			break;
		rc = rc2 < 0 ? rc2 : node_check(b, buf, bytenr, level);
		if (rc == 0 && copy)
			btrfs_log(b, "node %llu: using its second copy",
				  (unsigned long long)bytenr);
		if (rc == 0 || rc == -ENOMEM)
			break;
	}
	if (rc < 0)
		return rc;
	b->cache[i].bytenr = bytenr;
	b->cache[i].level = (uint8_t)level;
	*out = buf;
	return 0;
}

void btrfs_cache_free(struct btrfs *b)
{
	for (unsigned int i = 0; i < BTRFS_NCACHE; i++) {
		free(b->cache[i].buf);
		b->cache[i].buf = NULL;
		b->cache[i].bytenr = 0;
	}
}

static void get_key(const uint8_t *p, struct btrfs_key *k)
{
	k->objectid = btrfs_le64(p);
	k->type = p[8];
	k->offset = btrfs_le64(p + 9);
}

static int key_cmp(const struct btrfs_key *a, const struct btrfs_key *b)
{
	if (a->objectid != b->objectid)
		return a->objectid < b->objectid ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	return 0;
}

/* The slot of the last key <= key among n keys spaced each apart; -1 if
 * all are greater. */
static int last_le(const uint8_t *first, uint32_t n, size_t each,
		   const struct btrfs_key *key)
{
	int lo = 0, hi = (int)n - 1, ans = -1;
	struct btrfs_key k;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		get_key(first + (size_t)mid * each, &k);
		if (key_cmp(&k, key) <= 0)
			ans = mid, lo = mid + 1;
		else
			hi = mid - 1;
	}
	return ans;
}

static int copy_item(struct btrfs *b, const uint8_t *n, uint64_t bytenr,
		     int slot, struct btrfs_item *it)
{
	const uint8_t *p = n + BTRFS_HDR_SIZE + (size_t)slot * BTRFS_ITEM_SIZE;
	uint32_t off = btrfs_le32(p + 17), size = btrfs_le32(p + 21);
	uint32_t room = b->nodesize - BTRFS_HDR_SIZE;

	if (off > room || size > room - off)
		return btrfs_log(b, "leaf %llu: item %d outside the node",
				 (unsigned long long)bytenr, slot),
		       -EIO;
	get_key(p, &it->key);
	it->size = size;
	it->data = malloc(size ? size : 1);
	if (!it->data)
		return -ENOMEM;
	memcpy(it->data, n + BTRFS_HDR_SIZE + off, size);
	return 0;
}

static int search_leaf(struct btrfs *b, const uint8_t *n, uint64_t bytenr,
		       const struct btrfs_key *key, enum btrfs_mode mode,
		       struct btrfs_item *it)
{
	uint32_t nritems = btrfs_le32(n + 0x60);
	int slot = last_le(n + BTRFS_HDR_SIZE, nritems, BTRFS_ITEM_SIZE, key);
	struct btrfs_key k;

	if (mode == BTRFS_GE && slot >= 0) {
		get_key(n + BTRFS_HDR_SIZE + (size_t)slot * BTRFS_ITEM_SIZE,
			&k);
		if (key_cmp(&k, key) < 0)
			slot++;
	} else if (mode == BTRFS_GE) {
		slot = 0;
	}
	if (slot < 0 || slot >= (int)nritems)
		return -ENOENT;
	return copy_item(b, n, bytenr, slot, it);
}

/* Searches the subtree at bytenr; -ENOENT sends the caller on to the
 * neighbouring child (GE: the next, LE: the previous). */
static int search_node(struct btrfs *b, uint64_t bytenr, int level,
		       const struct btrfs_key *key, enum btrfs_mode mode,
		       struct btrfs_item *it)
{
	const uint8_t *n;
	uint32_t nritems;
	int rc, slot;

	if ((rc = read_node(b, bytenr, level, &n)) < 0)
		return rc;
	if (level == 0)
		return search_leaf(b, n, bytenr, key, mode, it);
	nritems = btrfs_le32(n + 0x60);
	slot = last_le(n + BTRFS_HDR_SIZE, nritems, BTRFS_PTR_SIZE, key);
	if (mode == BTRFS_GE && slot < 0)
		slot = 0;
	while (slot >= 0 && slot < (int)nritems) {
		uint64_t child;
		/* The recursion may have pushed this node out of the cache. */
		if ((rc = read_node(b, bytenr, level, &n)) < 0)
			return rc;
		child = btrfs_le64(n + BTRFS_HDR_SIZE +
				   (size_t)slot * BTRFS_PTR_SIZE + 17);
		rc = search_node(b, child, level - 1, key, mode, it);
		if (rc != -ENOENT)
			return rc;
		slot += mode == BTRFS_GE ? 1 : -1;
	}
	return -ENOENT;
}

int btrfs_search(struct btrfs *b, const struct btrfs_tree *t,
		 const struct btrfs_key *key, enum btrfs_mode mode,
		 struct btrfs_item *it)
{
	it->data = NULL;
	if (t->level >= BTRFS_MAX_LEVEL)
		return btrfs_log(b, "tree %llu: level %u",
				 (unsigned long long)t->bytenr, t->level),
		       -EIO;
	b->budget = BTRFS_SEARCH_READ;
	return search_node(b, t->bytenr, t->level, key, mode, it);
}

int btrfs_find(struct btrfs *b, const struct btrfs_tree *t, uint64_t objectid,
	       uint8_t type, uint64_t offset, struct btrfs_item *it)
{
	struct btrfs_key key = {objectid, type, offset};
	int rc = btrfs_search(b, t, &key, BTRFS_GE, it);

	if (rc == 0 && (it->key.objectid != objectid || it->key.type != type)) {
		btrfs_item_free(it);
		rc = -ENOENT;
	}
	return rc;
}

void btrfs_item_free(struct btrfs_item *it)
{
	free(it->data);
	it->data = NULL;
}
