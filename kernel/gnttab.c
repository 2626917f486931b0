/*
 * gnttab.c - grant tables (v1): letting another domain map or copy one of
 * our frames, and mapping frames other domains grant us.
 *
 * An entry is published by writing frame and domid first and the flags
 * last, behind a write barrier, so the other end never sees permission on
 * a half-written entry.  Ending access races with the other domain mapping
 * it: the flags are cleared with a compare-and-exchange that fails while
 * Xen has GTF_reading/GTF_writing set, and then the reference stays
 * allocated (-EBUSY) so the frame is not reused while still mapped.
 * Reference numbers come from kernel/lib/gntref.c.
 */
#include <domlet/kernel.h>
#include <domlet/gntref.h>
#include <arch/hypercall.h>
#include <arch/page.h>
#include <arch/x86.h>

#define GNTTAB_FRAMES 8 /* 4096 v1 entries */
#define NR_REFS	      (GNTTAB_FRAMES * PAGE_SIZE / sizeof(grant_entry_v1_t))

static grant_entry_v1_t *table;
static unsigned int nr_frames;
static struct gref_pool refs;
static uint32_t ref_links[NR_REFS];

static unsigned int frames_to_use(void)
{
	struct gnttab_query_size q = {.dom = DOMID_SELF};

	if (hypercall_grant_table_op(GNTTABOP_query_size, &q, 1) ||
	    q.status != GNTST_okay || q.max_nr_frames == 0)
		return 1;
	return q.max_nr_frames < GNTTAB_FRAMES ? q.max_nr_frames
					       : GNTTAB_FRAMES;
}

int gnttab_init(void)
{
	unsigned long frames[GNTTAB_FRAMES];
	xen_pfn_t xframes[GNTTAB_FRAMES];
	struct gnttab_setup_table setup = {.dom = DOMID_SELF};
	unsigned int i, n = frames_to_use();
	int rc;

	setup.nr_frames = n;
	set_xen_guest_handle(setup.frame_list, xframes);
	rc = hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1);
	if (rc || setup.status != GNTST_okay) {
		printk("gnttab: setup_table failed (rc %d, status %d)\n", rc,
		       setup.status);
		return rc ? rc : -EIO;
	}
	for (i = 0; i < n; i++)
		frames[i] = xframes[i];
	table = map_frames(frames, n, true);
	if (!table)
		return -ENOMEM;
	if (nr_frames)
		return 0; /* resumed: the references we handed out stay ours */
	nr_frames = n;
	gref_pool_init(&refs, GNTTAB_NR_RESERVED_ENTRIES,
		       (uint32_t)(n * PAGE_SIZE / sizeof(*table)) -
			   GNTTAB_NR_RESERVED_ENTRIES,
		       ref_links);
	return 0;
}

/*
 * Before suspending: the table frames belong to Xen, and a save can only
 * translate mappings of our own frames.  After a restore the table is new
 * and empty; references stay allocated so their owners can end them.
 */
void gnttab_suspend(void)
{
	if (table)
		unmap_frames(table, nr_frames);
	table = NULL;
}

long gnttab_grant(domid_t domid, unsigned long mfn, bool readonly)
{
	unsigned long flags = irq_save();
	long ref = gref_alloc(&refs);

	irq_restore(flags);
	if (ref < 0)
		return ref;
	table[ref].frame = (uint32_t)mfn;
	table[ref].domid = domid;
	wmb(); /* frame and domid before the flags that publish them */
	table[ref].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
	return ref;
}

int gnttab_end(grant_ref_t ref)
{
	volatile uint16_t *fl;
	uint16_t flags, seen;
	unsigned long irq;
	int rc;

	if (ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= refs.first + refs.count)
		return -EINVAL;
	fl = &table[ref].flags;
	flags = *fl;
	do {
		if (flags & (GTF_reading | GTF_writing))
			return -EBUSY;
		seen = flags;
		flags = cmpxchg_u16(fl, seen, 0);
	} while (flags != seen);
	irq = irq_save();
	rc = gref_free(&refs, ref);
	irq_restore(irq);
	return rc;
}

unsigned int gnttab_free_count(void)
{
	return gref_nfree(&refs);
}

/* Maps grant ref of domid at va, a page of a map-area reservation. */
int gnttab_map_at(domid_t domid, grant_ref_t ref, bool readonly, void *va,
		  grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
	    .host_addr = (unsigned long)va,
	    .dom = domid,
	    .ref = ref,
	    .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
	};
	int rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

	if (rc || op.status != GNTST_okay)
		return rc ? rc
			  : (op.status == GNTST_bad_gntref ? -ENOENT : -EIO);
	*handle = op.handle;
	return 0;
}

/* Undoes gnttab_map_at; the address stays reserved. */
int gnttab_unmap_at(void *va, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = {
	    .host_addr = (unsigned long)va,
	    .handle = handle,
	};
	int rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

	if (rc || op.status != GNTST_okay)
		return rc ? rc : -EIO;
	return 0;
}

int gnttab_map(domid_t domid, grant_ref_t ref, bool readonly, void **va,
	       grant_handle_t *handle)
{
	void *addr = map_area_reserve(1);
	int rc;

	if (!addr)
		return -ENOMEM;
	rc = gnttab_map_at(domid, ref, readonly, addr, handle);
	if (rc) {
		map_area_free(addr, 1);
		return rc;
	}
	*va = addr;
	return 0;
}

int gnttab_unmap(void *va, grant_handle_t handle)
{
	int rc = gnttab_unmap_at(va, handle);

	if (!rc)
		map_area_free(va, 1);
	return rc;
}
