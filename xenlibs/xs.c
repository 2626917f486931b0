/*
 * xs.c - libxenstore's client API (xenstore.h) on domlet's xenbus: the
 * calls a device model makes (read, write, directory, mkdir, rm,
 * transactions, domain paths), each one request through the kernel's
 * xenstore client.  Xen's own xs.c (a socket or /dev/xen/xenbus and a
 * reader thread) is not used.  Watches are not there yet.
 *
 * Results are malloc'd as Xen's are (the caller frees them); failures
 * return NULL/false with errno in newlib's numbering.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libc-glue/kapi.h"
#include <xenstore.h>

struct xs_handle {
	int unused;
};

static bool fail(long kernel_rc)
{
	errno = (int)-kerr(kernel_rc);
	return false;
}

struct xs_handle *xs_open(unsigned long flags)
{
	struct xs_handle *h = calloc(1, sizeof(*h));

	(void)flags;
	if (!h)
		errno = ENOMEM;
	return h;
}

void xs_close(struct xs_handle *xsh)
{
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
