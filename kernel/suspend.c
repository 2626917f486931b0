/*
 * suspend.c - xl save / restore / migrate of a PV domlet.
 *
 * The toolstack saves a PV guest by walking its p2m (pseudo-physical to
 * machine frame list), which the guest publishes as a three-level tree of
 * frame numbers in shared_info; it rewrites every page-table entry into
 * pseudo-physical form and back on restore, so nothing may stay mapped
 * that is not our own memory (the grant table and shared info are Xen's:
 * they are unmapped first).  After a restore into a new domain, event
 * channels, the grant table, the xenstore and console rings are all new:
 * each subsystem re-attaches, then drivers' hooks reconnect.  With
 * XEN_ELFNOTE_SUSPEND_CANCEL declared, `xl save -c` resumes us in the same
 * domain instead (hypercall returns 1), where everything still stands.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <arch/page.h>

#define P2M_PER_PAGE (PAGE_SIZE / sizeof(unsigned long))
#define M2P	     ((const unsigned long *)MACH2PHYS_VIRT_START)

void arch_map_shared_info(void);
void arch_unmap_shared_info(void);
void events_init(void);
void console_init(void);
void time_suspend(void);
void time_init(void);
void time_resume(void);
int gnttab_init(void);
void gnttab_suspend(void);
void xenbus_resume(void);
void xenbus_rewatch(void);
void xenbus_forget_domid(void);

static unsigned long *p2m_top;	  /* frame list list: mfns of p2m_mid */
static unsigned long *p2m_mid[8]; /* each: mfns of 512 p2m pages */
static struct suspend_hook *hooks;

static unsigned long nr_p2m_pages(void)
{
	return (start_info->nr_pages + P2M_PER_PAGE - 1) / P2M_PER_PAGE;
}

/* Writes the tree (machine frames change across a restore) and points
 * shared info at it. */
static void p2m_fill(void)
{
	const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;
	unsigned long i;

	for (i = 0; i < nr_p2m_pages(); i++) {
		unsigned long *mid = p2m_mid[i / P2M_PER_PAGE];

		mid[i % P2M_PER_PAGE] = virt_to_mfn(p2m + i * P2M_PER_PAGE);
		p2m_top[i / P2M_PER_PAGE] = virt_to_mfn(mid);
	}
	shared_info->arch.max_pfn = start_info->nr_pages;
	shared_info->arch.pfn_to_mfn_frame_list_list = virt_to_mfn(p2m_top);
}

int p2m_publish(void)
{
	unsigned long i,
	    nr_mid = (nr_p2m_pages() + P2M_PER_PAGE - 1) / P2M_PER_PAGE;

	if (nr_mid > ARRAY_SIZE(p2m_mid))
		return -E2BIG;
	p2m_top = alloc_pages(0);
	if (!p2m_top)
		return -ENOMEM;
	for (i = 0; i < nr_mid; i++) {
		p2m_mid[i] = alloc_pages(0);
		if (!p2m_mid[i])
			return -ENOMEM;
	}
	p2m_fill();
	return 0;
}

void suspend_hook_register(struct suspend_hook *h)
{
	h->next = hooks;
	hooks = h;
}

void suspend_hook_unregister(struct suspend_hook *h)
{
	struct suspend_hook **p;

	for (p = &hooks; *p; p = &(*p)->next) {
		if (*p == h) {
			*p = h->next;
			return;
		}
	}
}

static int run_suspend_hooks(void)
{
	struct suspend_hook *h;

	for (h = hooks; h; h = h->next) {
		int rc = h->suspend ? h->suspend(h->arg) : 0;

		if (rc) {
			printk("suspend: a driver refused (%d)\n", rc);
			return rc;
		}
	}
	return 0;
}

static void run_resume_hooks(bool new_domain)
{
	struct suspend_hook *h;

	for (h = hooks; h; h = h->next)
		if (h->resume)
			h->resume(h->arg, new_domain);
}

/*
 * The save stream carries start_info, and the restoring toolstack reads
 * the xenstore and console frames in it as pseudo-physical numbers, so
 * they are translated before the suspend.  A restore writes the new
 * domain's machine frames back; a cancelled suspend must undo ours.
 */
static void start_info_to_pfns(void)
{
	start_info->store_mfn = M2P[start_info->store_mfn];
	start_info->console.domU.mfn = M2P[start_info->console.domU.mfn];
}

static void start_info_to_mfns(void)
{
	start_info->store_mfn = pfn_to_mfn(start_info->store_mfn);
	start_info->console.domU.mfn = pfn_to_mfn(start_info->console.domU.mfn);
}

/* With events masked: from the hypercall back to working rings. */
static void reattach(bool new_domain)
{
	arch_map_shared_info();
	shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
	if (new_domain) {
		events_init();
		console_init();
		xenbus_forget_domid();
	}
	time_resume();
	if (new_domain)
		time_init();
	if (gnttab_init())
		panic("suspend: grant table lost on resume");
	if (p2m_top)
		p2m_fill();
	if (new_domain)
		xenbus_resume();
}

int domain_suspend(void)
{
	unsigned long flags;
	int rc;

	if (!p2m_top)
		return -ENOMEM;
	rc = run_suspend_hooks();
	if (rc)
		return rc;
	printk("domlet: suspending\n");
	console_flush();
	flags = irq_save();
	time_suspend();
	gnttab_suspend();
	arch_unmap_shared_info();
	start_info_to_pfns();
	rc = hypercall_suspend(virt_to_mfn(start_info));
	if (rc != 0)
		start_info_to_mfns();
	reattach(rc == 0);
	irq_restore(flags);
	if (rc == 0)
		xenbus_rewatch();
	run_resume_hooks(rc == 0);
	return rc;
}
