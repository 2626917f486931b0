/*
 * path.c - normalising paths and recognising device names.  Works on
 * the string only (no lookups), so one copy serves the guest and the host
 * unit test.
 */
#include <errno.h>
#include <string.h>
#include "path.h"

/* Appends "/comp" (len bytes) at out[*n]; -ENAMETOOLONG if no room for
 * it and the terminating NUL. */
static int push(char *out, size_t size, size_t *n, const char *comp, size_t len)
{
	if (*n + 1 + len + 1 > size)
		return -ENAMETOOLONG;
	out[(*n)++] = '/';
	memcpy(out + *n, comp, len);
	*n += len;
	return 0;
}

/* Drops the last "/comp" of out[0..*n). */
static void pop(char *out, size_t *n)
{
	while (*n > 0 && out[*n - 1] != '/')
		(*n)--;
	if (*n > 0)
		(*n)--;
}

int path_normalize(const char *path, char *out, size_t size)
{
	size_t n = 0;

	if (!*path)
		return -ENOENT;
	if (size < 2)
		return -ENAMETOOLONG;
	while (*path) {
		const char *c;
		size_t len;

		while (*path == '/')
			path++;
		c = path;
		while (*path && *path != '/')
			path++;
		len = (size_t)(path - c);
		if (len == 0 || (len == 1 && c[0] == '.'))
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			pop(out, &n);
			continue;
		}
		if (push(out, size, &n, c, len))
			return -ENAMETOOLONG;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return (int)n;
}

const char *path_devname(const char *norm)
{
	const char *name;

	if (strncmp(norm, "/dev/", 5) != 0)
		return NULL;
	name = norm + 5;
	if (!*name || strchr(name, '/'))
		return NULL;
	return name;
}

static int is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

int path_dev_number(const char *name, const char *prefix, int max)
{
	size_t plen = strlen(prefix), len = strlen(name);
	int n = 0;

	if (strncmp(name, prefix, plen) != 0 || len < plen + 1 ||
	    len > plen + 2 || (len == plen + 2 && name[plen] == '0'))
		return -1;
	for (size_t i = plen; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n < max ? n : -1;
}

int path_is_xvd(const char *name)
{
	size_t len = strlen(name);

	if (strncmp(name, "xvd", 3) != 0 || len < 4 || len > 5)
		return 0;
	return is_lower(name[3]) && (len == 4 || is_lower(name[4]));
}
