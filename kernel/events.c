/*
 * events.c - event channels (the 2-level ABI): binding, per-port handlers,
 * masking, and the upcall that dispatches pending ports.
 *
 * Xen marks a port pending in shared_info->evtchn_pending, sets its group
 * bit in the vCPU's evtchn_pending_sel and then evtchn_upcall_pending, and
 * enters the upcall unless the vCPU has events masked.  The upcall clears
 * in the opposite order (upcall_pending, then the selector word with an
 * atomic exchange, then each port's pending bit before running its
 * handler), so an event that arrives at any point either is seen by this
 * pass or sets upcall_pending again for another pass.  Ports we never
 * bound that turn up pending are masked and logged once.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <arch/x86.h>

#define NR_PORTS 1024

static struct {
	evtchn_handler_t fn;
	void *data;
} handlers[NR_PORTS];

static unsigned long stray_events;

void evtchn_mask(evtchn_port_t port)
{
	sync_set_bit(port, (volatile unsigned long *)shared_info->evtchn_mask);
}

void evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask op = {.port = port};

	/* Xen re-raises the upcall if the port went pending while masked. */
	hypercall_evtchn_op(EVTCHNOP_unmask, &op);
}

int evtchn_notify(evtchn_port_t port)
{
	return hypercall_evtchn_send(port);
}

static void dispatch(evtchn_port_t port)
{
	if (port < NR_PORTS && handlers[port].fn) {
		handlers[port].fn(port, handlers[port].data);
		return;
	}
	evtchn_mask(port);
	if (stray_events++ == 0)
		printk("events: event on unbound port %u masked\n", port);
}

void evtchn_do_upcall(void)
{
	volatile struct vcpu_info *v = &shared_info->vcpu_info[0];
	volatile unsigned long *pending =
	    (volatile unsigned long *)shared_info->evtchn_pending;
	volatile unsigned long *mask =
	    (volatile unsigned long *)shared_info->evtchn_mask;

	while (v->evtchn_upcall_pending) {
		unsigned long sel;

		v->evtchn_upcall_pending = 0;
		sel = xchg_ulong(&v->evtchn_pending_sel, 0);
		while (sel) {
			unsigned int word = ffs_ulong(sel);
			unsigned long bits;

			sel &= ~(1ul << word);
			bits = pending[word] & ~mask[word];
			while (bits) {
				unsigned int bit = ffs_ulong(bits);
				evtchn_port_t port = word * 64 + bit;

				bits &= ~(1ul << bit);
				sync_clear_bit(port, pending);
				dispatch(port);
			}
		}
	}
}

int evtchn_attach(evtchn_port_t port, evtchn_handler_t h, void *data)
{
	unsigned long flags;

	if (port >= NR_PORTS)
		return -ENOSPC;
	flags = irq_save();
	handlers[port].fn = h;
	handlers[port].data = data;
	irq_restore(flags);
	evtchn_unmask(port);
	return 0;
}

/* Attaches a freshly allocated port, closing it if we can't track it. */
static int attach_new(evtchn_port_t port, evtchn_handler_t h, void *data,
		      evtchn_port_t *out)
{
	int rc = evtchn_attach(port, h, data);

	if (rc) {
		struct evtchn_close close = {.port = port};
		hypercall_evtchn_op(EVTCHNOP_close, &close);
		return rc;
	}
	*out = port;
	return 0;
}

int evtchn_bind_virq(uint32_t virq, evtchn_handler_t h, void *data,
		     evtchn_port_t *port)
{
	struct evtchn_bind_virq op = {.virq = virq, .vcpu = 0};
	int rc = hypercall_evtchn_op(EVTCHNOP_bind_virq, &op);

	return rc ? rc : attach_new(op.port, h, data, port);
}

int evtchn_alloc_unbound(domid_t remote, evtchn_handler_t h, void *data,
			 evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = {.dom = DOMID_SELF,
					  .remote_dom = remote};
	int rc = hypercall_evtchn_op(EVTCHNOP_alloc_unbound, &op);

	return rc ? rc : attach_new(op.port, h, data, port);
}

int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
			    evtchn_handler_t h, void *data, evtchn_port_t *port)
{
	struct evtchn_bind_interdomain op = {.remote_dom = remote,
					     .remote_port = remote_port};
	int rc = hypercall_evtchn_op(EVTCHNOP_bind_interdomain, &op);

	return rc ? rc : attach_new(op.local_port, h, data, port);
}

int evtchn_close(evtchn_port_t port)
{
	struct evtchn_close op = {.port = port};
	unsigned long flags;

	if (port >= NR_PORTS)
		return -EINVAL;
	evtchn_mask(port);
	flags = irq_save();
	handlers[port].fn = NULL;
	handlers[port].data = NULL;
	irq_restore(flags);
	return hypercall_evtchn_op(EVTCHNOP_close, &op);
}

/* Masks every port: at boot nothing is bound to a handler yet, and after
 * a restore no port we knew exists any more. */
void events_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_PORTS; i++) {
		handlers[i].fn = NULL;
		handlers[i].data = NULL;
	}

	for (i = 0; i < NR_PORTS; i++)
		evtchn_mask(i);
}

/*
 * Before handing the domain to another kernel (arch/x86/kexec.c): closes
 * every port we bound (VIRQs included: closing a VIRQ's port unbinds
 * it), except `keep_a` and `keep_b` (start_info's console and xenstore
 * ports, which the next kernel inherits), and clears their pending bits
 * so the next kernel does not start with stale events.  Events must be
 * masked (irq_save) by the caller: no handler may run afterwards.
 */
void events_close_all_except(evtchn_port_t keep_a, evtchn_port_t keep_b)
{
	volatile unsigned long *pending =
	    (volatile unsigned long *)shared_info->evtchn_pending;
	evtchn_port_t p;

	for (p = 1; p < NR_PORTS; p++) {
		if (p == keep_a || p == keep_b || !handlers[p].fn)
			continue;
		evtchn_close(p);
		sync_clear_bit(p, pending);
	}
}
