/*
 * futex.c - syscall() for the one Linux system call programs make
 * directly that means something here: futex(2) FUTEX_WAIT and
 * FUTEX_WAKE (QEMU's QemuEvent in util/qemu-thread-posix.c and
 * util/lockcnt.c, built with CONFIG_LINUX, sleep and wake through
 * qemu/futex.h's syscall(__NR_futex, ...)), plus SYS_gettid
 * (util/oslib-posix.c).  Every other number fails ENOSYS, which Linux
 * programs treat as "not on this kernel".
 *
 * Waiters hang on hashed buckets keyed by the word's address; each has
 * its own wait queue, so FUTEX_WAKE wakes exactly the count asked for,
 * oldest first.  There is one address space, so FUTEX_PRIVATE_FLAG
 * changes nothing.  Threads are cooperative: between FUTEX_WAIT's
 * comparison of the word and its queueing nothing else runs, which is
 * the atomicity futex(2) promises.  No event handler touches a futex.
 */
#include <stdarg.h>
#include <stdint.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "glue.h"

#define BUCKETS 64

struct fwaiter {
	const uint32_t *addr;
	bool woken;
	struct waitqueue wq;
	struct fwaiter *next;
};

static struct fwaiter *buckets[BUCKETS];

static struct fwaiter **bucket(const uint32_t *addr)
{
	uint64_t h = ((uintptr_t)addr >> 2) * 0x9e3779b97f4a7c15ull;

	return &buckets[h >> 58]; /* the top 6 bits: 64 buckets */
}

static void unlink_waiter(struct fwaiter *w)
{
	struct fwaiter **pp = bucket(w->addr);

	while (*pp && *pp != w)
		pp = &(*pp)->next;
	if (*pp)
		*pp = w->next;
}

static long futex_wait(uint32_t *addr, uint32_t val,
		       const struct timespec *timeout)
{
	struct fwaiter w = {.addr = addr}, **pp;
	uint64_t deadline;
	int rc = deadline_from_rel(timeout, &deadline);

	if (rc)
		return rc;
	if (*(volatile uint32_t *)addr != val)
		return -EAGAIN;
	/* Appended, so that wakes go to the longest waiter first. */
	for (pp = bucket(addr); *pp; pp = &(*pp)->next)
		;
	*pp = &w;
	if (wait_event_until(w.wq, w.woken, deadline)) {
		unlink_waiter(&w);
		return -ETIMEDOUT;
	}
	return 0;
}

static long futex_wake(const uint32_t *addr, int count)
{
	struct fwaiter **pp = bucket(addr);
	long n = 0;

	while (*pp && n < count) {
		struct fwaiter *w = *pp;

		if (w->addr != addr) {
			pp = &w->next;
			continue;
		}
		*pp = w->next; /* off the list before it can run */
		w->woken = true;
		wake_up(&w->wq);
		n++;
	}
	return n;
}

static long do_futex(uint32_t *addr, int op, uint32_t val,
		     const struct timespec *timeout)
{
	if (!addr || (uintptr_t)addr % 4)
		return -EINVAL;
	switch (op & ~FUTEX_PRIVATE_FLAG) {
	case FUTEX_WAIT:
		return futex_wait(addr, val, timeout);
	case FUTEX_WAKE:
		return futex_wake(addr, (int)val);
	default:
		/* requeue, PI, bitset, wake-op, FUTEX_CLOCK_REALTIME:
		 * nothing here uses them */
		return -ENOSYS;
	}
}

long syscall(long nr, ...)
{
	va_list ap;
	long a[4];

	va_start(ap, nr);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	switch (nr) {
	case SYS_futex:
		return posix_ret(do_futex((uint32_t *)a[0], (int)a[1],
					  (uint32_t)a[2],
					  (const struct timespec *)a[3]));
	case SYS_gettid:
		return gettid();
	default:
		return posix_ret(-ENOSYS);
	}
}
