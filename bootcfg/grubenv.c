/*
 * grubenv.c - GRUB's environment block: the file grub-editenv creates,
 * "# GRUB Environment Block\n", then "name=value\n" lines (a backslash
 * escapes the next byte, so values may hold newlines), padded with '#'
 * to 1024 bytes so GRUB can rewrite it in place without allocating.
 *
 * The block comes from the guest's disk: lengths are bounded by the
 * caller's buffer, names by BC_MAX_VALUE, and an update that would not
 * fit the block's old size is refused, never grown.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/internal.h"

static const char sig[] = "# GRUB Environment Block\n";
#define SIG_LEN (sizeof(sig) - 1)

/* Unescapes s[0..n) into a new string. */
static char *unescape(const char *s, size_t n)
{
	char *v = malloc(n + 1);
	size_t o = 0;

	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		v[o++] = s[i];
	}
	v[o] = 0;
	return v;
}

int bc_env_parse(const char *text, size_t len, bc_env_fn fn, void *arg)
{
	size_t i;

	if (len < SIG_LEN || memcmp(text, sig, SIG_LEN) != 0)
		return -EINVAL;
	for (i = SIG_LEN; i < len;) {
		size_t start = i, eq = 0;
		int rc = 0;

		/* A line ends at an unescaped newline. */
		for (; i < len && text[i] != '\n' && text[i] != 0; i++) {
			if (text[i] == '\\' && i + 1 < len)
				i++;
			else if (text[i] == '=' && !eq)
				eq = i;
		}
		if (text[start] != '#' && eq > start) {
			char *name = bc_strndup(text + start, eq - start);
			char *value = unescape(text + eq + 1, i - eq - 1);

			if (name && value)
				rc = fn(arg, name, value);
			else
				rc = -ENOMEM;
			free(name);
			free(value);
		}
		if (rc)
			return rc;
		if (i < len && text[i] == 0)
			break;
		i++;
	}
	return 0;
}

struct env_out {
	char *buf;
	size_t len, used;
	const char *name, *value;
	bool done;
};

static int put(struct env_out *o, const char *s, bool esc)
{
	for (; *s; s++) {
		if (esc && (*s == '\\' || *s == '\n')) {
			if (o->used >= o->len)
				return -ENOSPC;
			o->buf[o->used++] = '\\';
		}
		if (o->used >= o->len)
			return -ENOSPC;
		o->buf[o->used++] = *s;
	}
	return 0;
}

static int put_var(struct env_out *o, const char *name, const char *value)
{
	int rc = put(o, name, false);

	if (!rc)
		rc = put(o, "=", false);
	if (!rc)
		rc = put(o, value, true);
	if (!rc)
		rc = put(o, "\n", false);
	return rc;
}

static int copy_var(void *arg, const char *name, const char *value)
{
	struct env_out *o = arg;

	if (strcmp(name, o->name) == 0) {
		if (o->done || !o->value)
			return 0;
		o->done = true;
		value = o->value;
	}
	return put_var(o, name, value);
}

int bc_env_update(const char *old, size_t len, const char *name,
		  const char *value, char **out)
{
	struct env_out o = {.len = len, .name = name, .value = value};
	int rc;

	if (len < SIG_LEN || len > BC_MAX_TEXT)
		return -EINVAL;
	o.buf = malloc(len + 1);
	if (!o.buf)
		return -ENOMEM;
	memcpy(o.buf, sig, SIG_LEN);
	o.used = SIG_LEN;
	rc = bc_env_parse(old, len, copy_var, &o);
	if (!rc && value && !o.done)
		rc = put_var(&o, name, value);
	if (rc) {
		free(o.buf);
		return rc;
	}
	memset(o.buf + o.used, '#', len - o.used);
	o.buf[len] = 0;
	*out = o.buf;
	return 0;
}
