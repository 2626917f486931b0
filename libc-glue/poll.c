/*
 * poll.c - poll() and select() across every kind of fd.
 *
 * Each file's ops->poll says what it is ready for now (no op: always
 * ready, as a console or a disk is).  When nothing is ready the caller
 * sleeps on one wait queue that every device wakes (poll_wake) when
 * something may have changed, and re-checks; with a timeout it sleeps at
 * most until then.
 */
#include <poll.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include "glue.h"

static struct waitqueue poll_wq = WAITQUEUE_INIT;

void poll_wake(void)
{
	wake_up(&poll_wq);
}

static int file_ready(struct gfile *f)
{
	return f->ops->poll ? f->ops->poll(f) : GF_READABLE | GF_WRITABLE;
}

static int poll_scan(struct pollfd *fds, nfds_t n)
{
	int ready = 0;

	for (nfds_t i = 0; i < n; i++) {
		struct gfile *f = fd_get(&glue_fds, fds[i].fd);
		int r;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		if (!f) {
			fds[i].revents = POLLNVAL;
			ready++;
			continue;
		}
		r = file_ready(f);
		if ((r & GF_READABLE) && (fds[i].events & POLLIN))
			fds[i].revents |= POLLIN;
		if ((r & GF_WRITABLE) && (fds[i].events & POLLOUT))
			fds[i].revents |= POLLOUT;
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

/* timeout_ms < 0: wait for ever. */
static int do_poll(struct pollfd *fds, nfds_t n, int64_t timeout_ns)
{
	uint64_t deadline = 0;
	int ready;

	if (timeout_ns > 0)
		deadline = monotonic_ns() + (uint64_t)timeout_ns;
	while (!(ready = poll_scan(fds, n)) && timeout_ns != 0) {
		if (wait_event_until(poll_wq, poll_scan(fds, n) > 0, deadline))
			return 0; /* timed out */
	}
	return ready;
}

int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	return do_poll(fds, n,
		       timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000);
}

int select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv)
{
	struct pollfd pfd[FD_MAX];
	int n = 0, ready;

	if (nfds < 0 || nfds > FD_MAX)
		return (int)posix_ret(-EINVAL);
	for (int fd = 0; fd < nfds; fd++) {
		short ev = 0;

		if (rd && FD_ISSET(fd, rd))
			ev |= POLLIN;
		if (wr && FD_ISSET(fd, wr))
			ev |= POLLOUT;
		if (ex && FD_ISSET(fd, ex))
			ev |= POLLPRI;
		if (ev)
			pfd[n++] = (struct pollfd){.fd = fd, .events = ev};
	}
	ready = do_poll(pfd, (nfds_t)n,
			tv ? (int64_t)tv->tv_sec * 1000000000 +
				 (int64_t)tv->tv_usec * 1000
			   : -1);
	for (int i = 0; i < n; i++) {
		if (pfd[i].revents & POLLNVAL)
			return (int)posix_ret(-EBADF);
	}
	if (rd)
		FD_ZERO(rd);
	if (wr)
		FD_ZERO(wr);
	if (ex)
		FD_ZERO(ex);
	ready = 0;
	for (int i = 0; i < n; i++) {
		if ((pfd[i].revents & POLLIN) && rd)
			FD_SET(pfd[i].fd, rd), ready++;
		if ((pfd[i].revents & POLLOUT) && wr)
			FD_SET(pfd[i].fd, wr), ready++;
	}
	return ready;
}
