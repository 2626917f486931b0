/*
 * time.c - clocks and sleeping: CLOCK_REALTIME is Xen's wallclock
 * (shared_info, via the kernel's wallclock()), CLOCK_MONOTONIC the
 * kernel's monotonic_ns().  Sleeps are the scheduler's sleep_until, so
 * other threads run meanwhile; nothing interrupts a sleep (there are no
 * signals), so nanosleep's remainder is always zero.
 */
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "glue.h"

static uint64_t realtime_ns(void)
{
	uint64_t sec;
	uint32_t nsec;

	wallclock(&sec, &nsec);
	return sec * NSEC_PER_SEC + nsec;
}

static void ns_to_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	if (clock == CLOCK_REALTIME)
		ns_to_ts(realtime_ns(), ts);
	else if (clock == CLOCK_MONOTONIC)
		ns_to_ts(monotonic_ns(), ts);
	else
		return (int)posix_ret(-EINVAL);
	return 0;
}

int clock_getres(clockid_t clock, struct timespec *res)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return (int)posix_ret(-EINVAL);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns = realtime_ns();

	(void)tz; /* obsolete; always UTC */
	if (tv) {
		tv->tv_sec = (time_t)(ns / NSEC_PER_SEC);
		tv->tv_usec = (suseconds_t)(ns % NSEC_PER_SEC / 1000);
	}
	return 0;
}

uint64_t deadline_from_abs(int clock, const struct timespec *abs)
{
	int64_t now = clock == CLOCK_MONOTONIC ? (int64_t)monotonic_ns()
					       : (int64_t)realtime_ns();
	int64_t want =
	    (int64_t)abs->tv_sec * (int64_t)NSEC_PER_SEC + abs->tv_nsec;
	uint64_t mono = monotonic_ns();

	if (want <= now)
		return mono ? mono : 1; /* already passed, but not "none" */
	return mono + (uint64_t)(want - now);
}

int deadline_from_rel(const struct timespec *rel, uint64_t *deadline)
{
	*deadline = 0;
	if (!rel)
		return 0;
	if (rel->tv_sec < 0 || rel->tv_nsec < 0 ||
	    rel->tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	*deadline = monotonic_ns() + (uint64_t)rel->tv_sec * NSEC_PER_SEC +
		    (uint64_t)rel->tv_nsec;
	if (!*deadline)
		*deadline = 1; /* a zero wait at boot, but not "none" */
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (req->tv_nsec < 0 || req->tv_nsec >= (long)NSEC_PER_SEC ||
	    req->tv_sec < 0)
		return (int)posix_ret(-EINVAL);
	sleep_ns((uint64_t)req->tv_sec * NSEC_PER_SEC + (uint64_t)req->tv_nsec);
	if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	if (flags & TIMER_ABSTIME) {
		sleep_until(deadline_from_abs(clock, req));
		return 0;
	}
	return nanosleep(req, rem) ? errno : 0;
}

unsigned int sleep(unsigned int sec)
{
	sleep_ns((uint64_t)sec * NSEC_PER_SEC);
	return 0;
}

int usleep(useconds_t usec)
{
	sleep_ns((uint64_t)usec * 1000);
	return 0;
}

/* All time since boot counts as user time of this one process: clock()
 * then measures elapsed time, the closest thing a domain has. */
clock_t times(struct tms *buf)
{
	clock_t ticks =
	    (clock_t)(monotonic_ns() / (NSEC_PER_SEC / CLOCKS_PER_SEC));

	if (buf) {
		buf->tms_utime = ticks;
		buf->tms_stime = buf->tms_cutime = buf->tms_cstime = 0;
	}
	return ticks;
}
