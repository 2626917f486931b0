/*
 * kexec_reset.c - before a kexec (arch/x86/kexec.c) jumps: puts back
 * what Xen and the toolstack keep per domain as a freshly built domain
 * has it, so the next kernel trips on nothing we left: frontends,
 * xenstore watches, event channels and VIRQs, timers, the p2m tree
 * pointer in shared info, the %fs base (libc's thread pointer).
 *
 * Left as they are, because the next kernel resets them itself or they
 * cannot be undone: the event and failsafe callbacks (Linux registers
 * its own; events stay masked meanwhile), the grant table (set up again
 * by the next kernel; the caller ended every grant), the 2-level event
 * ABI (we never switch to FIFO, so Linux can), vm_assist, LDT and iopl
 * (never set by domlet).  The trap table is cleared by kexec_exec at the
 * last moment.  domlet registers no vcpu_info or runstate area, which a
 * next kernel could not register again / would find written to.
 *
 * xenstored and the backends are untrusted: every wait is bounded and a
 * failure is reported, never fatal.
 */
#include <domlet/kernel.h>
#include <string.h>
#include <arch/hypercall.h>
#include <domlet/printf.h>

void events_close_all_except(evtchn_port_t keep_a, evtchn_port_t keep_b);
void xenbus_unwatch_all(void);

/*
 * A device the caller closed is left Closed, with the keys our driver
 * wrote, and Linux's xenbus probes only devices in state Initialising (as
 * a fresh domain has them), and writes only the keys it uses: a stale
 * ring-page-order makes blkback map our old ring references.  So each
 * Closed frontend loses every key but the toolstack's (TOOLSTACK_KEYS),
 * goes back to Initialising, and its backend, seeing that, back to
 * InitWait (blkback and netback "prepare for reconnect"); we wait for
 * that, bounded.  A device still connected is the caller's bug: it is
 * reported, not touched.
 */
#define FRONT_WAIT_NS (5 * NSEC_PER_SEC)

/* What libxl writes in a vbd's or vif's frontend directory. */
static const char *const toolstack_keys[] = {
    "backend",	   "backend-id", "state", "virtual-device",
    "device-type", "handle",	 "mac",	  "trusted",
};

static bool toolstack_key(const char *k)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(toolstack_keys); i++)
		if (!strcmp(k, toolstack_keys[i]))
			return true;
	return false;
}

static void remove_driver_keys(const char *dir)
{
	static char buf[1024];
	const char *keys[48];
	char path[160];
	int n =
	    xenbus_ls(XBT_NIL, dir, buf, sizeof(buf), keys, ARRAY_SIZE(keys));
	int i;

	for (i = 0; i < n; i++) {
		if (toolstack_key(keys[i]))
			continue;
		ksnprintf(path, sizeof(path), "%s/%s", dir, keys[i]);
		xenbus_rm(XBT_NIL, path);
	}
}

static void reset_frontend(const char *dir)
{
	char path[160], backend[128];
	unsigned long state;
	XenbusState seen;

	ksnprintf(path, sizeof(path), "%s/state", dir);
	if (xenbus_read_ulong(XBT_NIL, path, &state) ||
	    state == XenbusStateInitialising)
		return;
	if (state != XenbusStateClosed) {
		printk("kexec: %s is still in state %lu: the next kernel will "
		       "not probe it\n",
		       dir, state);
		return;
	}
	ksnprintf(path, sizeof(path), "%s/backend", dir);
	remove_driver_keys(dir);
	if (xenbus_read(XBT_NIL, path, backend, sizeof(backend)) <= 0 ||
	    xenbus_switch_state(dir, XenbusStateInitialising) ||
	    xenbus_wait_state(backend, XenbusStateInitWait,
			      monotonic_ns() + FRONT_WAIT_NS, &seen))
		printk("kexec: %s: the backend did not get ready again\n", dir);
}

static void reset_frontends(void)
{
	static char cbuf[256], dbuf[1024];
	const char *classes[16], *devs[64];
	char dir[96];
	int nc, nd, i, j;

	nc = xenbus_ls(XBT_NIL, "device", cbuf, sizeof(cbuf), classes,
		       ARRAY_SIZE(classes));
	for (i = 0; i < nc; i++) {
		ksnprintf(dir, sizeof(dir), "device/%s", classes[i]);
		nd = xenbus_ls(XBT_NIL, dir, dbuf, sizeof(dbuf), devs,
			       ARRAY_SIZE(devs));
		for (j = 0; j < nd; j++) {
			ksnprintf(dir, sizeof(dir), "device/%s/%s", classes[i],
				  devs[j]);
			reset_frontend(dir);
		}
	}
}

/* What Xen keeps per domain that the next kernel must find as a fresh
 * domain has it.  Events are masked from here on. */
void kexec_reset_domain(void)
{
	reset_frontends();
	xenbus_unwatch_all();
	console_flush();
	irq_save();
	events_close_all_except(start_info->console.domU.evtchn,
				start_info->store_evtchn);
	hypercall_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
	hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	/* events are masked: no thread switch loads another base now */
	hypercall_set_segment_base(SEGBASE_FS, 0);
	shared_info->arch.pfn_to_mfn_frame_list_list = 0;
	shared_info->arch.max_pfn = 0;
}
