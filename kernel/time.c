/*
 * time.c - clocks from Xen's PV time info, and one-shot software timers.
 *
 * Xen publishes, per vCPU, a (tsc_timestamp, system_time) pair and the
 * TSC-to-nanoseconds scale; system time now is system_time plus the scaled
 * TSC delta.  Xen updates the record under a version counter that is odd
 * while it writes: read until the version is even and unchanged.  The wall
 * clock is Xen's wc_sec/wc_nsec (the wall time at system time 0) plus
 * system time.  Timers live on a sorted list that the scheduler runs;
 * the scheduler arms VCPUOP_set_singleshot_timer for the earliest one.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <arch/x86.h>

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/* Nanoseconds of Xen system time (since this host booted). */
static uint64_t xen_system_ns(void)
{
	volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
	uint32_t version;
	uint64_t ns;

	do {
		version = t->version;
		rmb();
		ns = t->system_time + scale_delta(rdtsc() - t->tsc_timestamp,
						  t->tsc_to_system_mul,
						  t->tsc_shift);
		rmb();
	} while ((version & 1) || version != t->version);
	return ns;
}

/*
 * The monotonic clock is Xen system time plus an offset that changes only
 * across suspend/resume: a restored domain may run on a host that booted
 * later, and our clock must not jump back.  Time spent suspended is not
 * counted (like Linux's CLOCK_MONOTONIC).
 */
static int64_t offset;
static uint64_t at_suspend;

uint64_t monotonic_ns(void)
{
	return xen_system_ns() + (uint64_t)offset;
}

uint64_t monotonic_to_xen(uint64_t t)
{
	return t - (uint64_t)offset;
}

void time_suspend(void)
{
	at_suspend = monotonic_ns();
}

/* Continue the clock where it stopped (the host may have changed). */
void time_resume(void)
{
	offset = (int64_t)(at_suspend - xen_system_ns());
}

static void timer_tick(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data; /* only wakes the vCPU: schedule() checks the deadlines */
}

/* At boot, and after a restore (event channels do not survive it). */
void time_init(void)
{
	evtchn_port_t port;

	/* Xen starts PV vCPUs with a 100 Hz periodic timer; we only want the
	 * one-shot timer the scheduler sets. */
	hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	if (evtchn_bind_virq(VIRQ_TIMER, timer_tick, NULL, &port))
		panic("time: cannot bind VIRQ_TIMER");
}

void wallclock(uint64_t *sec, uint32_t *nsec)
{
	volatile shared_info_t *s = shared_info;
	uint32_t version, wc_nsec;
	uint64_t wc_sec, now;

	do {
		version = s->wc_version;
		rmb();
		wc_sec = s->wc_sec | ((uint64_t)s->xen_wc_sec_hi << 32);
		wc_nsec = s->wc_nsec;
		rmb();
	} while ((version & 1) || version != s->wc_version);
	now = xen_system_ns() + wc_nsec;
	*sec = wc_sec + now / NSEC_PER_SEC;
	*nsec = (uint32_t)(now % NSEC_PER_SEC);
}

static struct ktimer *timers; /* sorted by deadline */

void timer_arm(struct ktimer *t, uint64_t deadline, void (*fn)(void *),
	       void *arg)
{
	unsigned long flags = irq_save();
	struct ktimer **p;

	if (t->armed)
		timer_cancel(t);
	t->deadline = deadline;
	t->fn = fn;
	t->arg = arg;
	for (p = &timers; *p && (*p)->deadline <= deadline; p = &(*p)->next)
		;
	t->next = *p;
	*p = t;
	t->armed = true;
	irq_restore(flags);
}

void timer_cancel(struct ktimer *t)
{
	unsigned long flags = irq_save();
	struct ktimer **p;

	for (p = &timers; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			break;
		}
	}
	t->armed = false;
	irq_restore(flags);
}

/* Called by the scheduler with events masked: fires what is due and
 * returns the next deadline (0: none). */
uint64_t timers_run(uint64_t now)
{
	while (timers && timers->deadline <= now) {
		struct ktimer *t = timers;

		timers = t->next;
		t->armed = false;
		t->fn(t->arg);
	}
	return timers ? timers->deadline : 0;
}
