/*
 * xs.c - libxenstore's client API (xenstore.h) on domlet's xenbus: the
 * calls a device model makes (read, write, directory, mkdir, rm,
 * permissions, transactions, domain paths, watches), each one request
 * through the kernel's xenstore client.  Xen's own xs.c (a socket or
 * /dev/xen/xenbus and a reader thread) is not used.
 *
 * Watches: each handle has a libc-glue fd (xs_fileno) that poll() sees
 * readable while watch events are queued on it, so QEMU's main loop can
 * wait on it.  The kernel's xenbus client parses the events (untrusted:
 * kernel/lib/xs_wire.c) and calls us in its watch thread with the
 * changed path; we queue the path with the caller's token for
 * xs_read_watch/xs_check_watch.  xs_unwatch drops queued events of that
 * watch (XS_UNWATCH_FILTER's behaviour, always).  A handle queues at
 * most XS_EVENTS_MAX events; more are dropped and counted.
 *
 * Results are malloc'd as Xen's are (the caller frees them); failures
 * return NULL/false with errno in newlib's numbering.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libc-glue/glue.h"
#include <domlet/xs_wire.h>
#include <xenstore.h>

#define XS_EVENTS_MAX 4096 /* queued watch events per handle */

struct xs_event {
	struct xs_event *next;
	const struct xs_uwatch *w;
	char *vec[2]; /* XS_WATCH_PATH, XS_WATCH_TOKEN: strings after it */
};

struct xs_uwatch {
	struct xenbus_watch kw; /* first: the callback gets &kw */
	struct xs_handle *h;
	char *path, *token;
	struct xs_uwatch *next;
};

struct xs_handle {
	int fd; /* readable while events are queued */
	struct waitqueue wq;
	struct xs_uwatch *watches;
	struct xs_event *events, **tail;
	unsigned int nevents;
	unsigned long dropped;
};

static bool fail(long kernel_rc)
{
	errno = (int)-kerr(kernel_rc);
	return false;
}

static int xsh_poll(struct gfile *f)
{
	struct xs_handle *h = f->priv;
	return GF_WRITABLE | (h->events ? GF_READABLE : 0);
}

static void xsh_close(struct gfile *f)
{
	(void)f; /* xs_close frees the handle */
}

static const struct file_ops xsh_ops = {
    .kind = "xenstore",
    .poll = xsh_poll,
    .close = xsh_close,
};

struct xs_handle *xs_open(unsigned long flags)
{
	struct xs_handle *h = calloc(1, sizeof(*h));
	struct gfile *f = h ? gfile_new(&xsh_ops, h, O_RDWR) : NULL;

	(void)flags;
	if (!f) {
		free(h);
		errno = ENOMEM;
		return NULL;
	}
	h->fd = fd_install(&glue_fds, f, 0);
	if (h->fd < 0) {
		errno = -h->fd;
		free(f);
		free(h);
		return NULL;
	}
	h->tail = &h->events;
	return h;
}

static void forget_watch(struct xs_uwatch *w);

void xs_close(struct xs_handle *xsh)
{
	if (!xsh)
		return;
	while (xsh->watches) /* drops their queued events too */
		forget_watch(xsh->watches);
	close(xsh->fd);
	free(xsh);
}

struct xs_handle *xs_daemon_open(void)
{
	return xs_open(0);
}

struct xs_handle *xs_domain_open(void)
{
	return xs_open(0);
}

void xs_daemon_close(struct xs_handle *h)
{
	xs_close(h);
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
	      unsigned int *len)
{
	char *buf = malloc(XENSTORE_PAYLOAD_MAX + 1);
	int n;

	(void)h;
	if (!buf) {
		errno = ENOMEM;
		return NULL;
	}
	n = xenbus_read(t, path, buf, XENSTORE_PAYLOAD_MAX + 1);
	if (n < 0) {
		free(buf);
		fail(n);
		return NULL;
	}
	if (len)
		*len = (unsigned int)n;
	return buf;
}

/* The kernel's xenbus_write takes a string: binary values (a NUL
 * inside) are refused rather than cut short. */
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
	      const void *data, unsigned int len)
{
	char *s;
	int rc;

	(void)h;
	if (memchr(data, 0, len)) {
		errno = EINVAL;
		return false;
	}
	s = malloc(len + 1);
	if (!s) {
		errno = ENOMEM;
		return false;
	}
	memcpy(s, data, len);
	s[len] = 0;
	rc = xenbus_write(t, path, s);
	free(s);
	return rc < 0 ? fail(rc) : true;
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	int rc = xenbus_mkdir(t, path);

	(void)h;
	return rc < 0 ? fail(rc) : true;
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	int rc = xenbus_rm(t, path);

	(void)h;
	return rc < 0 ? fail(rc) : true;
}

#define XS_DIR_MAX 1024 /* names per directory */

/* One allocation: the pointer array, then the names it points into. */
char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path,
		    unsigned int *num)
{
	char *buf = malloc(XENSTORE_PAYLOAD_MAX + 1), **out = NULL;
	const char **names = calloc(XS_DIR_MAX, sizeof(*names));
	size_t bytes = 0;
	int n, i;

	(void)h;
	if (!buf || !names) {
		errno = ENOMEM;
		goto out;
	}
	n = xenbus_ls(t, path, buf, XENSTORE_PAYLOAD_MAX + 1, names,
		      XS_DIR_MAX);
	if (n < 0) {
		fail(n);
		goto out;
	}
	for (i = 0; i < n; i++)
		bytes += strlen(names[i]) + 1;
	out = malloc((size_t)n * sizeof(*out) + bytes + 1);
	if (!out) {
		errno = ENOMEM;
		goto out;
	}
	char *p = (char *)(out + n);
	for (i = 0; i < n; i++) {
		out[i] = p;
		p = stpcpy(p, names[i]) + 1;
	}
	*num = (unsigned int)n;
out:
	free(names);
	free(buf);
	return out;
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
	xbt_t t;
	int rc = xenbus_transaction_start(&t);

	(void)h;
	if (rc < 0) {
		fail(rc);
		return XBT_NULL;
	}
	return t;
}

/* false with errno EAGAIN: the transaction must be retried. */
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
	int rc = xenbus_transaction_end(t, abort);

	(void)h;
	return rc < 0 ? fail(rc) : true;
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
	char *p = malloc(32);

	(void)h;
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	snprintf(p, 32, "/local/domain/%u", domid);
	return p;
}

/* ---- permissions ---- */

#define XS_PERMS_MAX 64 /* entries per node read back */

static char perm_char(unsigned int p)
{
	switch (p & (XS_PERM_READ | XS_PERM_WRITE)) {
	case XS_PERM_READ:
		return 'r';
	case XS_PERM_WRITE:
		return 'w';
	case XS_PERM_READ | XS_PERM_WRITE:
		return 'b';
	default:
		return 'n';
	}
}

static unsigned int perm_bits(char c)
{
	return c == 'r'	  ? XS_PERM_READ
	       : c == 'w' ? XS_PERM_WRITE
	       : c == 'b' ? XS_PERM_READ | XS_PERM_WRITE
			  : XS_PERM_NONE;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
					  xs_transaction_t t, const char *path,
					  unsigned int *num)
{
	struct xs_perm *kp = calloc(XS_PERMS_MAX, sizeof(*kp));
	struct xs_permissions *out = NULL;
	int n, i;

	(void)h;
	if (!kp) {
		errno = ENOMEM;
		return NULL;
	}
	n = xenbus_get_perms(t, path, kp, XS_PERMS_MAX);
	if (n < 0)
		fail(n);
	else if (!(out = calloc(n ? (size_t)n : 1, sizeof(*out))))
		errno = ENOMEM;
	for (i = 0; out && i < n; i++) {
		out[i].id = kp[i].domid;
		out[i].perms = perm_bits(kp[i].perm);
	}
	if (out)
		*num = (unsigned int)n;
	free(kp);
	return out;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
			const char *path, struct xs_permissions *perms,
			unsigned int num)
{
	struct xs_perm *kp;
	unsigned int i;
	int rc;

	(void)h;
	if (num == 0 || num > XS_PERMS_MAX) {
		errno = EINVAL;
		return false;
	}
	kp = calloc(num, sizeof(*kp));
	if (!kp) {
		errno = ENOMEM;
		return false;
	}
	for (i = 0; i < num; i++) {
		if (perms[i].id > 0xffff) { /* domids are 16 bits */
			free(kp);
			errno = EINVAL;
			return false;
		}
		kp[i].domid = (uint16_t)perms[i].id;
		kp[i].perm = perm_char(perms[i].perms);
	}
	rc = xenbus_set_perms(t, path, kp, num);
	free(kp);
	return rc < 0 ? fail(rc) : true;
}

/* ---- watches ---- */

/* The kernel's watch thread: queue the event on the watch's handle. */
static void watch_fired(struct xenbus_watch *kw, const char *path)
{
	struct xs_uwatch *w = (struct xs_uwatch *)kw;
	struct xs_handle *h = w->h;
	size_t lp = strlen(path) + 1, lt = strlen(w->token) + 1;
	struct xs_event *ev;

	if (h->nevents >= XS_EVENTS_MAX) {
		h->dropped++;
		return;
	}
	ev = malloc(sizeof(*ev) + lp + lt);
	if (!ev) {
		h->dropped++;
		return;
	}
	ev->next = NULL;
	ev->w = w;
	ev->vec[XS_WATCH_PATH] = memcpy((char *)(ev + 1), path, lp);
	ev->vec[XS_WATCH_TOKEN] = memcpy((char *)(ev + 1) + lp, w->token, lt);
	*h->tail = ev;
	h->tail = &ev->next;
	h->nevents++;
	wake_up(&h->wq);
	poll_wake();
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
	struct xs_uwatch *w = calloc(1, sizeof(*w));
	int rc;

	if (w) {
		w->path = strdup(path);
		w->token = strdup(token);
	}
	if (!w || !w->path || !w->token) {
		if (w) {
			free(w->path);
			free(w->token);
		}
		free(w);
		errno = ENOMEM;
		return false;
	}
	w->h = h;
	w->kw.path = w->path;
	w->kw.cb = watch_fired;
	rc = xenbus_watch(&w->kw);
	if (rc < 0) {
		free(w->path);
		free(w->token);
		free(w);
		return fail(rc);
	}
	w->next = h->watches;
	h->watches = w;
	return true;
}

/* Unlinks w, drops its queued events, tells xenstored, frees it. */
static void forget_watch(struct xs_uwatch *w)
{
	struct xs_handle *h = w->h;
	struct xs_uwatch **pw;
	struct xs_event **pe, *ev;

	for (pw = &h->watches; *pw != w; pw = &(*pw)->next)
		;
	*pw = w->next;
	xenbus_unwatch(&w->kw); /* may sleep; no callback of w after it */
	for (pe = &h->events; (ev = *pe);) {
		if (ev->w == w) {
			*pe = ev->next;
			h->nevents--;
			free(ev);
		} else {
			pe = &ev->next;
		}
	}
	for (h->tail = &h->events; *h->tail; h->tail = &(*h->tail)->next)
		;
	free(w->path);
	free(w->token);
	free(w);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
	struct xs_uwatch *w;

	for (w = h->watches; w; w = w->next)
		if (!strcmp(w->path, path) && !strcmp(w->token, token))
			break;
	if (!w) {
		errno = ENOENT;
		return false;
	}
	forget_watch(w);
	return true;
}

int xs_fileno(struct xs_handle *h)
{
	return h->fd;
}

/* The oldest event as Xen returns it: one allocation, vec then strings. */
static char **take_event(struct xs_handle *h, unsigned int *num)
{
	struct xs_event *ev = h->events;
	size_t lp, lt;
	char **out;

	h->events = ev->next;
	if (!h->events)
		h->tail = &h->events;
	h->nevents--;
	lp = strlen(ev->vec[XS_WATCH_PATH]) + 1;
	lt = strlen(ev->vec[XS_WATCH_TOKEN]) + 1;
	out = malloc(2 * sizeof(*out) + lp + lt);
	if (out) {
		out[XS_WATCH_PATH] =
		    memcpy((char *)(out + 2), ev->vec[XS_WATCH_PATH], lp);
		out[XS_WATCH_TOKEN] =
		    memcpy((char *)(out + 2) + lp, ev->vec[XS_WATCH_TOKEN], lt);
		if (num)
			*num = 2;
	} else {
		errno = ENOMEM;
	}
	free(ev);
	return out;
}

/* Blocks until an event is queued (the fd's O_NONBLOCK aside, as Xen's
 * does for a handle opened without XS_UNWATCH_FILTER's thread). */
char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
	while (!h->events)
		wait_on(&h->wq, 0);
	return take_event(h, num);
}

char **xs_check_watch(struct xs_handle *h)
{
	if (!h->events) {
		errno = EAGAIN;
		return NULL;
	}
	return take_event(h, NULL);
}
