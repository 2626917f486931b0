/*
 * evtchn.c - libxenevtchn's backend on domlet: each handle is a libc-glue
 * fd (xenevtchn_fd), so poll()/select() in an app's main loop wake when
 * one of its ports fires, as with Linux's /dev/xen/evtchn.
 *
 * Semantics follow Linux's driver: a port that fires is masked and queued
 * on its handle; xenevtchn_pending takes the oldest queued port (it
 * blocks unless the fd is O_NONBLOCK) and xenevtchn_unmask re-arms it.
 * The queue is filled by the kernel's event handler (events masked), so
 * readers take it with irq_save.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libc-glue/glue.h"
#include "xen-private/evtchn/private.h"
#include "xenlibs/evq.h"

#define MAX_PORTS 64 /* bound per handle */

struct evtchn_dev {
	struct evq q;
	struct waitqueue wq;
	evtchn_port_t ports[MAX_PORTS];
	unsigned int nports;
};

static int ev_poll(struct gfile *f)
{
	struct evtchn_dev *d = f->priv;
	return GF_WRITABLE | (evq_empty(&d->q) ? 0 : GF_READABLE);
}

static void ev_close(struct gfile *f)
{
	struct evtchn_dev *d = f->priv;
	unsigned int i;

	for (i = 0; i < d->nports; i++)
		evtchn_close(d->ports[i]);
	free(d);
}

static const struct file_ops evtchn_ops = {
    .kind = "evtchn",
    .poll = ev_poll,
    .close = ev_close,
};

static struct evtchn_dev *dev_of(xenevtchn_handle *xce)
{
	struct gfile *f = fd_get(&glue_fds, xce->fd);
	return f && f->ops == &evtchn_ops ? f->priv : NULL;
}

/* Event handler: mask, queue, wake the readers and poll(). */
static void ev_fired(evtchn_port_t port, void *data)
{
	struct evtchn_dev *d = data;

	evtchn_mask(port);
	evq_push(&d->q, port);
	wake_up(&d->wq);
	poll_wake();
}

int osdep_evtchn_open(xenevtchn_handle *xce, unsigned int flags)
{
	struct evtchn_dev *d = calloc(1, sizeof(*d));
	struct gfile *f = d ? gfile_new(&evtchn_ops, d, O_RDWR) : NULL;
	int fd;

	(void)flags; /* XENEVTCHN_NO_CLOEXEC: there is no exec */
	if (!f) {
		free(d);
		errno = ENOMEM;
		return -1;
	}
	fd = fd_install(&glue_fds, f, 0);
	if (fd < 0) {
		free(f);
		free(d);
		errno = -fd;
		return -1;
	}
	xce->fd = fd;
	return 0;
}

int osdep_evtchn_close(xenevtchn_handle *xce)
{
	return close(xce->fd);
}

int osdep_evtchn_restrict(xenevtchn_handle *xce, domid_t domid)
{
	(void)xce;
	(void)domid;
	errno = EOPNOTSUPP;
	return -1;
}

/* rc: a kernel result (computed before the call: argument order is
 * unspecified, so port must not be read in the same call); a bound port
 * is recorded on the handle. */
static int bound(struct evtchn_dev *d, int rc, evtchn_port_t port)
{
	if (rc < 0) {
		errno = (int)-kerr(rc);
		return -1;
	}
	d->ports[d->nports++] = port;
	return (int)port;
}

static struct evtchn_dev *dev_for_bind(xenevtchn_handle *xce)
{
	struct evtchn_dev *d = dev_of(xce);

	if (!d)
		errno = EBADF;
	else if (d->nports == MAX_PORTS) {
		errno = ENOSPC;
		d = NULL;
	}
	return d;
}

xenevtchn_port_or_error_t xenevtchn_bind_unbound_port(xenevtchn_handle *xce,
						      uint32_t domid)
{
	struct evtchn_dev *d = dev_for_bind(xce);
	evtchn_port_t port = 0;

	if (!d)
		return -1;
	int rc = evtchn_alloc_unbound((domid_t)domid, ev_fired, d, &port);
	return bound(d, rc, port);
}

xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *xce,
						     uint32_t domid,
						     evtchn_port_t remote_port)
{
	struct evtchn_dev *d = dev_for_bind(xce);
	evtchn_port_t port = 0;

	if (!d)
		return -1;
	int rc = evtchn_bind_interdomain((domid_t)domid, remote_port, ev_fired,
					 d, &port);
	return bound(d, rc, port);
}

xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *xce,
					      unsigned int virq)
{
	struct evtchn_dev *d = dev_for_bind(xce);
	evtchn_port_t port = 0;

	if (!d)
		return -1;
	int rc = evtchn_bind_virq(virq, ev_fired, d, &port);
	return bound(d, rc, port);
}

int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port)
{
	struct evtchn_dev *d = dev_of(xce);
	unsigned int i;

	if (!d) {
		errno = EBADF;
		return -1;
	}
	for (i = 0; i < d->nports && d->ports[i] != port; i++)
		;
	if (i == d->nports) {
		errno = EINVAL; /* not this handle's */
		return -1;
	}
	d->ports[i] = d->ports[--d->nports];
	evtchn_close(port);
	unsigned long fl = irq_save();
	evq_drop(&d->q, port);
	irq_restore(fl);
	return 0;
}

int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
	long rc;

	(void)xce;
	rc = kerr(evtchn_notify(port));
	if (rc < 0) {
		errno = (int)-rc;
		return -1;
	}
	return 0;
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce)
{
	struct gfile *f = fd_get(&glue_fds, xce->fd);
	struct evtchn_dev *d = dev_of(xce);
	unsigned long fl;
	int port;

	if (!d) {
		errno = EBADF;
		return -1;
	}
	fl = irq_save();
	while ((port = evq_pop(&d->q)) < 0 && !(f->flags & O_NONBLOCK))
		wait_on(&d->wq, 0);
	irq_restore(fl);
	if (port < 0)
		errno = EAGAIN;
	return port < 0 ? -1 : port;
}

int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port)
{
	(void)xce;
	evtchn_unmask(port);
	return 0;
}
