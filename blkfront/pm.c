/*
 * pm.c - blkfront across xl save / restore (kernel/suspend.c's hooks).
 *
 * Before the save the disk is paused: blkfront_submit says -EAGAIN, the
 * synchronous calls wait, and the requests already in flight are let
 * finish, so no write is lost with the old backend.  A backend that does
 * not answer within SUSPEND_DRAIN_NS refuses the suspend (the toolstack
 * reports it; the guest keeps running).  If the suspend is cancelled
 * (`xl save -c`) everything still stands and the pause just ends; after
 * a restore into a new domain, bf_reconnect rebuilds the connection in
 * the resuming thread before the pause ends.  Requests were drained, so
 * nothing needs re-issuing.
 */
#include "internal.h"

#define SUSPEND_DRAIN_NS (10 * NSEC_PER_SEC)

static int pm_suspend(void *arg)
{
	struct blkfront *dev = arg;
	uint64_t deadline = monotonic_ns() + SUSPEND_DRAIN_NS;

	if (dev->state != BF_CONNECTED)
		return 0; /* detached or broken: nothing to keep */
	dev->paused = true;
	/* Not blkfront_wait: that sleeps while paused. */
	while (blkring_in_flight(&dev->ring)) {
		unsigned long seen = dev->events;

		if (blkfront_poll(dev) < 0 || !blkring_in_flight(&dev->ring) ||
		    wait_event_until(dev->wq,
				     dev->events != seen ||
					 dev->state != BF_CONNECTED,
				     deadline))
			break;
	}
	if (dev->state == BF_CONNECTED && blkring_in_flight(&dev->ring)) {
		printk("blkfront %s: %u requests still in flight after %d s: "
		       "refusing to suspend\n",
		       dev->info.name, blkring_in_flight(&dev->ring),
		       (int)(SUSPEND_DRAIN_NS / NSEC_PER_SEC));
		dev->paused = false;
		wake_up(&dev->wq);
		return -EBUSY;
	}
	return 0;
}

static void pm_resume(void *arg, bool new_domain)
{
	struct blkfront *dev = arg;

	if (!dev->paused)
		return;
	if (new_domain && dev->state == BF_CONNECTED && bf_reconnect(dev) == 0)
		printk("blkfront %s: reconnected after restore\n",
		       dev->info.name);
	dev->paused = false;
	dev->events++;
	wake_up(&dev->wq);
}

void bf_pm_register(struct blkfront *dev)
{
	dev->pm.suspend = pm_suspend;
	dev->pm.resume = pm_resume;
	dev->pm.arg = dev;
	suspend_hook_register(&dev->pm);
}

bool bf_pm_wait(struct blkfront *dev, uint64_t deadline)
{
	if (!dev->paused)
		return false;
	wait_event_until(dev->wq, !dev->paused, deadline);
	return true;
}
