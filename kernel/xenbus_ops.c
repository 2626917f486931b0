/*
 * xenbus_ops.c - xenstore operations on top of xs_talk(): read, write,
 * directory, permissions, transactions, and the frontend state helpers.
 *
 * Every value from xenstored is untrusted: lengths are checked against the
 * caller's buffer (-E2BIG, nothing truncated silently), numbers parsed
 * strictly (kparse_ulong), lists split by xs_split_strings.
 */
#include <domlet/kernel.h>
#include <domlet/printf.h>
#include <domlet/xs_wire.h>
#include <string.h>
#include "xenbus_internal.h"

#define PATH_IOV(p) ((struct xs_iov){(p), strlen(p) + 1})
#define TX_RETRIES  16

static int talk_path(xbt_t t, uint32_t type, const char *path, char **reply,
		     uint32_t *len)
{
	struct xs_iov iov = PATH_IOV(path);

	return xs_talk(t, type, &iov, 1, reply, len);
}

int xenbus_read(xbt_t t, const char *path, char *buf, size_t size)
{
	char *reply;
	uint32_t len;
	int rc = talk_path(t, XS_READ, path, &reply, &len);

	if (rc)
		return rc;
	if (len >= size) {
		free(reply);
		return -E2BIG;
	}
	memcpy(buf, reply, len);
	buf[len] = '\0';
	free(reply);
	return (int)len;
}

int xenbus_read_ulong(xbt_t t, const char *path, unsigned long *val)
{
	char buf[32];
	int n = xenbus_read(t, path, buf, sizeof(buf));

	if (n < 0)
		return n;
	return kparse_ulong(buf, (size_t)n, val);
}

int xenbus_write(xbt_t t, const char *path, const char *value)
{
	struct xs_iov iov[2] = {PATH_IOV(path), {value, strlen(value)}};

	return xs_talk(t, XS_WRITE, iov, 2, NULL, NULL);
}

int xenbus_printf(xbt_t t, const char *path, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		return -E2BIG;
	return xenbus_write(t, path, buf);
}

int xenbus_mkdir(xbt_t t, const char *path)
{
	return talk_path(t, XS_MKDIR, path, NULL, NULL);
}

int xenbus_rm(xbt_t t, const char *path)
{
	return talk_path(t, XS_RM, path, NULL, NULL);
}

int xenbus_ls(xbt_t t, const char *path, char *buf, size_t size,
	      const char **names, unsigned int max)
{
	char *reply;
	uint32_t len;
	int rc = talk_path(t, XS_DIRECTORY, path, &reply, &len);

	if (rc)
		return rc;
	if (len >= size) {
		free(reply);
		return -E2BIG;
	}
	memcpy(buf, reply, len + 1);
	free(reply);
	return xs_split_strings(buf, len, names, max);
}

int xenbus_get_perms(xbt_t t, const char *path, struct xs_perm *perms,
		     unsigned int max)
{
	char *reply;
	uint32_t len;
	int rc = talk_path(t, XS_GET_PERMS, path, &reply, &len);

	if (rc)
		return rc;
	rc = xs_parse_perms(reply, len, perms, max);
	free(reply);
	return rc;
}

int xenbus_set_perms(xbt_t t, const char *path, const struct xs_perm *perms,
		     unsigned int n)
{
	char buf[512];
	long len = xs_format_perms(buf, sizeof(buf), perms, n);
	struct xs_iov iov[2] = {PATH_IOV(path), {buf, 0}};

	if (len < 0)
		return (int)len;
	iov[1].len = (size_t)len;
	return xs_talk(t, XS_SET_PERMS, iov, 2, NULL, NULL);
}

int xenbus_transaction_start(xbt_t *t)
{
	char *reply;
	uint32_t len;
	unsigned long id;
	struct xs_iov iov = {"", 1};
	int rc = xs_talk(XBT_NIL, XS_TRANSACTION_START, &iov, 1, &reply, &len);

	if (rc)
		return rc;
	rc = kparse_ulong(reply, strnlen(reply, len), &id);
	free(reply);
	if (rc || id == 0 || id > UINT32_MAX)
		return -EPROTO;
	*t = (xbt_t)id;
	return 0;
}

int xenbus_transaction_end(xbt_t t, bool abort)
{
	struct xs_iov iov = {abort ? "F" : "T", 2};

	return xs_talk(t, XS_TRANSACTION_END, &iov, 1, NULL, NULL);
}

int xenbus_transaction(int (*fn)(xbt_t t, void *arg), void *arg)
{
	int attempt, rc = -EAGAIN;

	for (attempt = 0; attempt < TX_RETRIES && rc == -EAGAIN; attempt++) {
		xbt_t t;
		int end;

		rc = xenbus_transaction_start(&t);
		if (rc == -EAGAIN)
			continue; /* sent before a restore: never answered */
		if (rc)
			return rc;
		rc = fn(t, arg);
		end = xenbus_transaction_end(t, rc != 0);
		if (!rc)
			rc = end;
	}
	return rc;
}

/* A restore gives the domain a new id. */
static unsigned long domid = ~0ul;

void xenbus_forget_domid(void)
{
	domid = ~0ul;
}

domid_t xenbus_domid(void)
{
	if (domid == ~0ul && (xenbus_read_ulong(XBT_NIL, "domid", &domid) ||
			      domid >= DOMID_FIRST_RESERVED))
		domid = ~0ul;
	return (domid_t)domid;
}

/* ---- frontend state machine helpers ---- */

int xenbus_switch_state(const char *dir, XenbusState state)
{
	char path[128];

	if (ksnprintf(path, sizeof(path), "%s/state", dir) >= (int)sizeof(path))
		return -E2BIG;
	return xenbus_printf(XBT_NIL, path, "%d", (int)state);
}

struct state_waiter {
	struct xenbus_watch w;
	struct waitqueue wq;
	unsigned int fired;
};

static void state_changed(struct xenbus_watch *w, const char *path)
{
	struct state_waiter *sw = w->arg;

	(void)path;
	sw->fired++;
	wake_up(&sw->wq);
}

static int read_state(const char *path, XenbusState *st)
{
	unsigned long v;
	int rc = xenbus_read_ulong(XBT_NIL, path, &v);

	if (rc == -ENOENT)
		return -ENODEV;
	if (rc)
		return rc;
	if (v > XenbusStateReconfigured)
		return -EPROTO;
	*st = (XenbusState)v;
	return 0;
}

int xenbus_wait_state(const char *dir, XenbusState want, uint64_t deadline,
		      XenbusState *seen)
{
	char path[128];
	struct state_waiter sw = {.wq = WAITQUEUE_INIT};
	int rc;

	if (ksnprintf(path, sizeof(path), "%s/state", dir) >= (int)sizeof(path))
		return -E2BIG;
	sw.w.path = path;
	sw.w.cb = state_changed;
	sw.w.arg = &sw;
	rc = xenbus_watch(&sw.w);
	if (rc)
		return rc;
	for (;;) {
		unsigned int fired = sw.fired;
		XenbusState st;

		rc = read_state(path, &st);
		if (rc)
			break;
		if (seen)
			*seen = st;
		if (st == want)
			break;
		rc = wait_event_until(sw.wq, sw.fired != fired, deadline);
		if (rc)
			break;
	}
	xenbus_unwatch(&sw.w);
	return rc;
}
