/*
 * dmargv.c - libxl's dm-argv directory into an argv (dmargv.h).
 *
 * The keys and values were written by dom0's libxl, but they reach us
 * through xenstore, which the guest's own domain can neither write nor
 * read here; we still check every one as untrusted input, since a
 * malformed argv must end in a clear error on console 0, never in a
 * crash or in QEMU running with something else than libxl asked for.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dmargv/dmargv.h"

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

void dmargv_free(struct dmargv *a)
{
	if (a->argv) {
		for (int i = 0; i < a->argc; i++)
			free(a->argv[i]);
		free(a->argv);
	}
	a->argv = NULL;
	a->argc = 0;
}

/* A key's index: "%03d" as libxl writes it, 1..max; 0 if it is not. */
static unsigned int key_index(const char *name, unsigned int max)
{
	char canon[12];
	unsigned int v = 0;
	size_t len = strlen(name);

	if (len < 3 || len > 4)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		v = v * 10 + (unsigned int)(name[i] - '0');
	}
	if (v == 0 || v > max)
		return 0;
	snprintf(canon, sizeof(canon), "%03u", v);
	return strcmp(canon, name) ? 0 : v;
}

/* A printable rendering of an untrusted key for messages. */
static const char *shown(const char *s, char *buf, size_t size)
{
	size_t o = 0;

	for (; *s && o + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
	}
	buf[o] = '\0';
	return buf;
}

static int read_value(const char *name, dmargv_read_fn read, void *ctx,
		      char *buf, char **val, size_t *total, char *err,
		      size_t errlen)
{
	int len = read(ctx, name, buf, DMARGV_MAX_ARG);

	if (len == -E2BIG || len > DMARGV_MAX_ARG)
		return fail(err, errlen, -E2BIG,
			    "dm-argv/%s is longer than %u bytes", name,
			    DMARGV_MAX_ARG);
	if (len < 0)
		return fail(err, errlen, len, "reading dm-argv/%s failed: %s",
			    name, strerror(-len));
	if (memchr(buf, '\0', (size_t)len))
		return fail(err, errlen, -EINVAL, "dm-argv/%s holds a NUL byte",
			    name);
	*total += (size_t)len + 1;
	if (*total > DMARGV_MAX_BYTES)
		return fail(err, errlen, -E2BIG,
			    "dm-argv's values exceed %u bytes in all (at %s)",
			    DMARGV_MAX_BYTES, name);
	*val = malloc((size_t)len + 1);
	if (!*val)
		return fail(err, errlen, -ENOMEM, "out of memory at dm-argv/%s",
			    name);
	memcpy(*val, buf, (size_t)len);
	(*val)[len] = '\0';
	return 0;
}

int dmargv_collect(const char *const *names, unsigned int n,
		   dmargv_read_fn read, void *ctx, const char *prog,
		   struct dmargv *out, char *err, size_t errlen)
{
	char show[48], *buf = NULL;
	size_t total = 0;
	int rc;

	out->argc = 0;
	out->argv = NULL;
	if (n == 0)
		return fail(err, errlen, -ENOENT,
			    "dm-argv is empty: libxl wrote no arguments");
	if (n > DMARGV_MAX_ARGS)
		return fail(err, errlen, -E2BIG,
			    "dm-argv has %u keys, more than %u", n,
			    DMARGV_MAX_ARGS);
	/* argv[0], n arguments, NULL; argc counts what is filled so far,
	 * so dmargv_free works from any point (calloc: unfilled = NULL). */
	out->argv = calloc(n + 2, sizeof(char *));
	buf = malloc(DMARGV_MAX_ARG);
	if (!out->argv || !buf) {
		rc = fail(err, errlen, -ENOMEM, "out of memory for dm-argv");
		goto errout;
	}
	out->argc = (int)n + 1;
	out->argv[0] = strdup(prog);
	if (!out->argv[0]) {
		rc = fail(err, errlen, -ENOMEM, "out of memory for dm-argv");
		goto errout;
	}
	/* n distinct keys in 1..n are exactly 001..n: no gap possible. */
	for (unsigned int i = 0; i < n; i++) {
		unsigned int k = key_index(names[i], n);

		if (!k) {
			rc =
			    fail(err, errlen, -EINVAL,
				 "dm-argv/%s: not an argument number 001..%03u "
				 "(a gap, or a key libxl does not write)",
				 shown(names[i], show, sizeof(show)), n);
			goto errout;
		}
		if (out->argv[k]) {
			rc = fail(err, errlen, -EINVAL,
				  "dm-argv/%s is listed twice", names[i]);
			goto errout;
		}
		rc = read_value(names[i], read, ctx, buf, &out->argv[k], &total,
				err, errlen);
		if (rc)
			goto errout;
	}
	free(buf);
	return 0;

errout:
	free(buf);
	dmargv_free(out);
	return rc;
}

int dmargv_domid(const char *s, size_t len, unsigned int *domid)
{
	unsigned long v = 0;

	if (len == 0 || len > 5 || (s[0] == '0'))
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v >= 0x7ff0)
		return -EINVAL;
	*domid = (unsigned int)v;
	return 0;
}
