/*
 * rlimit.c - getrlimit/setrlimit: a table of soft and hard limits that
 * reads back, all unlimited at start.  Nothing enforces them (domlet
 * writes no core files and has one address space); lowering works,
 * raising a soft limit past the hard one or the hard one at all is
 * EPERM, as for an unprivileged Linux process.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>

static pthread_mutex_t rlimit_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rlimit rlimits[RLIMIT_NLIMITS];
static int rlimits_set;

static void rlimit_init(void)
{
	if (rlimits_set)
		return;
	for (int i = 0; i < RLIMIT_NLIMITS; i++)
		rlimits[i].rlim_cur = rlimits[i].rlim_max = RLIM_INFINITY;
	rlimits_set = 1;
}

int getrlimit(int resource, struct rlimit *rlim)
{
	if (resource < 0 || resource >= RLIMIT_NLIMITS || !rlim) {
		errno = resource < 0 || resource >= RLIMIT_NLIMITS ? EINVAL
								   : EFAULT;
		return -1;
	}
	pthread_mutex_lock(&rlimit_lock);
	rlimit_init();
	*rlim = rlimits[resource];
	pthread_mutex_unlock(&rlimit_lock);
	return 0;
}

int setrlimit(int resource, const struct rlimit *rlim)
{
	int ret = 0;

	if (resource < 0 || resource >= RLIMIT_NLIMITS || !rlim ||
	    rlim->rlim_cur > rlim->rlim_max) {
		errno = rlim ? EINVAL : EFAULT;
		return -1;
	}
	pthread_mutex_lock(&rlimit_lock);
	rlimit_init();
	if (rlim->rlim_max > rlimits[resource].rlim_max) {
		errno = EPERM;
		ret = -1;
	} else {
		rlimits[resource] = *rlim;
	}
	pthread_mutex_unlock(&rlimit_lock);
	return ret;
}
