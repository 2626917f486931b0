/*
 * console.c - the PV console: a pair of byte rings in one page shared with
 * xenconsoled in dom0, plus printk.
 *
 * We produce into out[] and xenconsoled consumes; its out_cons index is
 * untrusted and read once per check: an impossible value (more unread bytes
 * than the ring holds) marks the ring broken and output falls back to the
 * console_io hypercall, which a release hypervisor may ignore for a domU.
 * Until console_init() finds the ring, console_io is all there is.
 * Newlines become CR LF for the terminal that `xl console` drives.
 *
 * Input (console_read) is the in[] ring, produced by xenconsoled from
 * whatever is typed at `xl console` (or written to the domain's pty).
 * Its in_prod is untrusted like out_cons: read once, checked, and an
 * impossible value turns input off (reads then see -EIO), output goes on.
 * The console's event channel is attached on the first read, so apps
 * that never read pay nothing.
 */
#include <domlet/kernel.h>
#include <domlet/printf.h>
#include <domlet/ring.h>
#include <arch/hypercall.h>
#include <arch/x86.h>
#include <xen/io/console.h>

static struct xencons_interface *ring;
static evtchn_port_t port;
static bool broken, in_broken, in_attached;
static struct waitqueue in_wq = WAITQUEUE_INIT;
static unsigned long dropped, reported; /* bytes lost; of them, told */

void console_init(void)
{
	if (start_info->flags & SIF_INITDOMAIN)
		return;
	ring = mfn_to_virt(start_info->console.domU.mfn);
	port = start_info->console.domU.evtchn;
	broken = false;
	in_broken = false;
	in_attached =
	    false; /* a restored domain has a new port: attach again */
}

/*
 * Waits for xenconsoled to make room, up to CONSOLE_WAIT_NS of system
 * time: a busy dom0 under emulation has been seen to leave the ring full
 * for longer than 200,000 yields, and the lines lost were test verdicts.
 * The spin cap only guards against a clock that does not move.
 */
#define CONSOLE_WAIT_NS (3 * NSEC_PER_SEC)

static bool wait_for_space(void)
{
	uint64_t spins, deadline = monotonic_ns() + CONSOLE_WAIT_NS;

	for (spins = 0; spins < 50000000 && monotonic_ns() < deadline;
	     spins++) {
		uint32_t cons = READ_ONCE(ring->out_cons);
		long space =
		    ring_space(cons, ring->out_prod, sizeof(ring->out));

		if (space != 0)
			return true;
		hypercall_evtchn_send(port);
		hypercall_sched_op(SCHEDOP_yield, NULL);
	}
	return false;
}

/* Puts len bytes (no newline translation) on the ring. */
static void ring_put(const char *s, size_t len)
{
	while (len) {
		uint32_t cons = READ_ONCE(ring->out_cons);
		uint32_t prod = ring->out_prod;
		long n;

		rmb(); /* read out_cons before we reuse the space it frees */
		n = ring_copy_in(ring->out, sizeof(ring->out), cons, prod, s,
				 len);
		if (n < 0) {
			broken = true;
			return;
		}
		if (n == 0) {
			if (!wait_for_space()) {
				dropped += len;
				return;
			}
			continue;
		}
		wmb(); /* the bytes before the index that publishes them */
		WRITE_ONCE(ring->out_prod, prod + (uint32_t)n);
		s += n;
		len -= (size_t)n;
	}
}

void console_write(const char *s, size_t len)
{
	unsigned long flags = irq_save();
	size_t start = 0, i;

	if (!ring || broken) {
		hypercall_console_write(s, (unsigned int)len);
		irq_restore(flags);
		return;
	}
	if (dropped != reported) {
		/* Say so once room is back, so a gap is never silent. */
		char note[64];
		int n = ksnprintf(note, sizeof(note),
				  "[console: %lu bytes lost]\r\n",
				  dropped - reported);

		reported = dropped;
		ring_put(note, (size_t)n);
	}
	for (i = 0; i < len; i++) {
		if (s[i] != '\n')
			continue;
		ring_put(s + start, i - start);
		ring_put("\r\n", 2);
		start = i + 1;
	}
	ring_put(s + start, len - start);
	hypercall_evtchn_send(port);
	irq_restore(flags);
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = kvsnprintf(buf, sizeof(buf), fmt, ap);

	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* Before the domain dies: give xenconsoled time to read everything, or the
 * last lines (a crash report) are lost with the ring. */
void console_flush(void)
{
	uint64_t spins;

	if (!ring || broken)
		return;
	for (spins = 0; spins < 100000; spins++) {
		if (READ_ONCE(ring->out_cons) == ring->out_prod)
			return;
		hypercall_evtchn_send(port);
		hypercall_sched_op(SCHEDOP_yield, NULL);
	}
}

/* ---- input ---- */

static void console_event(evtchn_port_t p, void *data)
{
	(void)p;
	(void)data;
	wake_up(&in_wq);
}

/* Bytes waiting in in[] (0 when none or broken); events masked. */
static long in_unread(void)
{
	uint32_t prod = READ_ONCE(ring->in_prod);
	long n = ring_unread(ring->in_cons, prod, sizeof(ring->in));

	if (n < 0) {
		in_broken = true;
		printk("console: impossible input index %u (consumed %u): "
		       "input off\n",
		       prod, ring->in_cons);
		return 0;
	}
	return n;
}

long console_read(char *buf, size_t len, uint64_t deadline)
{
	unsigned long flags;
	uint32_t cons, prod;
	long n;

	if (!ring || broken || in_broken)
		return -EIO;
	if (!in_attached) {
		if (evtchn_attach(port, console_event, NULL))
			return -EIO;
		in_attached = true;
	}
	if (wait_event_until(in_wq, in_unread() > 0 || in_broken, deadline))
		return -ETIMEDOUT;
	if (in_broken)
		return -EIO;
	flags = irq_save();
	cons = ring->in_cons;
	prod = READ_ONCE(ring->in_prod);
	rmb(); /* the index before the bytes it publishes */
	n = ring_copy_out(buf, ring->in, sizeof(ring->in), cons, prod, len);
	if (n > 0) {
		mb(); /* bytes copied out before the space is given back */
		WRITE_ONCE(ring->in_cons, cons + (uint32_t)n);
		hypercall_evtchn_send(port);
	} else if (n < 0) {
		in_broken = true;
		n = -EIO;
	}
	irq_restore(flags);
	return n;
}
