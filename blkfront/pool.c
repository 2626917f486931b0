/*
 * pool.c - blkfront's bounce pages, each granted to the backend once and
 * kept granted until the device is torn down.
 *
 * Why bounce: with feature-persistent, blkback keeps our grants mapped
 * across requests, so a page we grant must stay granted (and unused for
 * anything else) until the backend disconnects; handing it a caller's
 * buffer would pin that buffer forever.  Copying through a LIFO of
 * long-lived grants (the order blkif.h recommends, so a backend limiting
 * its persistent maps keeps reusing the same few) also means the
 * caller's memory is never shared and a detach can fail a request
 * immediately while the backend may still be writing its pages.  The
 * pool grows on demand up to BF_POOL_MAX pages.
 */
#include "internal.h"

long bf_grant_page(struct blkfront *dev, void *page, bool readonly)
{
	return gnttab_grant(dev->backend_id, virt_to_mfn(page), readonly);
}

/*
 * Ends a grant and frees its pages.  blkback may still be finishing I/O
 * when it reports Closed, so a grant still mapped is retried until
 * `deadline` (0: no retry); after that the page is leaked (never reused)
 * rather than handed back to the heap while the backend can write it.
 */
void bf_end_grant(struct blkfront *dev, long ref, void *page,
		  unsigned int order, uint64_t deadline)
{
	while (ref >= 0 && gnttab_end((grant_ref_t)ref) == -EBUSY) {
		if (monotonic_ns() >= deadline) {
			dev->leaked++;
			return;
		}
		msleep(10);
	}
	if (page)
		free_pages(page, order);
}

static int pool_grow(struct blkfront *dev)
{
	struct bf_pool *p = &dev->pool;
	void *page;
	long ref;

	if (p->count == BF_POOL_MAX)
		return -EAGAIN;
	page = alloc_pages(0);
	if (!page)
		return -EAGAIN;
	ref = bf_grant_page(dev, page, false);
	if (ref < 0) {
		free_pages(page, 0);
		return -EAGAIN;
	}
	p->va[p->count] = page;
	p->ref[p->count] = ref;
	p->free[p->nfree++] = (uint16_t)p->count;
	p->count++;
	return 0;
}

/* n pool page indices into idx, or -EAGAIN until requests complete. */
int bf_pool_get(struct blkfront *dev, unsigned int n, uint16_t *idx)
{
	struct bf_pool *p = &dev->pool;
	unsigned int i;

	while (p->nfree < n)
		if (pool_grow(dev))
			return -EAGAIN;
	for (i = 0; i < n; i++)
		idx[i] = p->free[--p->nfree];
	return 0;
}

void bf_pool_put(struct blkfront *dev, unsigned int n, const uint16_t *idx)
{
	struct bf_pool *p = &dev->pool;

	/* Pushed back in reverse so the next get returns the same pages in
	 * the same order (LIFO: the backend's persistent maps stay hot). */
	while (n--)
		p->free[p->nfree++] = idx[n];
}

/* After the backend disconnected: every page's grant ends. */
void bf_pool_release(struct blkfront *dev, uint64_t deadline)
{
	struct bf_pool *p = &dev->pool;
	unsigned int i;

	for (i = 0; i < p->count; i++)
		bf_end_grant(dev, p->ref[i], p->va[i], 0, deadline);
	p->count = p->nfree = 0;
}
