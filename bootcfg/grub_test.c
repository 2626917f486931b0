/*
 * grub_test.c - GRUB's `test` and `[ ... ]`: -e -f -d -s on files (through
 * the host's stat), -z -n and string comparisons, -eq -ne -lt -le -gt -ge
 * on numbers, ! and ( ), -a and -o (-a binding tighter, as in POSIX).
 *
 * Arguments are the guest's: ! and ( ) nest at most TEST_MAX_DEPTH deep
 * (deeper is false), numbers are clamped, never overflowed.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/grub.h"

struct tctx {
	struct gstate *g;
	char **a;
	int n, i;
	int depth; /* of ! and ( ), bounded: the stack is short */
};

#define TEST_MAX_DEPTH 8

static bool t_or(struct tctx *t);

static long num(const char *s)
{
	long v = strtol(s, NULL, 10); /* saturates at LONG_MIN/MAX */
	return v;
}

static bool file_test(struct tctx *t, char op, const char *spec)
{
	struct bootcfg_host *h = t->g->h;
	struct bootcfg_file f;
	char root[64];
	uint64_t size = 0;
	int is_dir = 0, rc;

	if (!h || !h->stat ||
	    bc_split_dev(spec, gs_root(t->g, root, sizeof(root)), &f))
		return false;
	rc = h->stat(h->ctx, f.dev, f.path, &is_dir, &size);
	free(f.dev);
	free(f.path);
	if (rc)
		return false;
	return op == 'e' || (op == 'f' && !is_dir) || (op == 'd' && is_dir) ||
	       (op == 's' && !is_dir && size > 0);
}

static bool binary(const char *l, const char *op, const char *r, bool *ok)
{
	int c = strcmp(l, r);

	*ok = true;
	if (!strcmp(op, "=") || !strcmp(op, "=="))
		return c == 0;
	if (!strcmp(op, "!="))
		return c != 0;
	if (!strcmp(op, "<"))
		return c < 0;
	if (!strcmp(op, ">"))
		return c > 0;
	if (!strcmp(op, "<="))
		return c <= 0;
	if (!strcmp(op, ">="))
		return c >= 0;
	if (!strcmp(op, "-eq"))
		return num(l) == num(r);
	if (!strcmp(op, "-ne"))
		return num(l) != num(r);
	if (!strcmp(op, "-lt"))
		return num(l) < num(r);
	if (!strcmp(op, "-le"))
		return num(l) <= num(r);
	if (!strcmp(op, "-gt"))
		return num(l) > num(r);
	if (!strcmp(op, "-ge"))
		return num(l) >= num(r);
	if (!strcmp(op, "-nt") || !strcmp(op, "-ot"))
		return false; /* no file times through the host */
	*ok = false;
	return false;
}

static bool t_primary(struct tctx *t)
{
	const char *a;
	bool ok, v;

	if (t->i >= t->n)
		return false;
	a = t->a[t->i];
	if ((!strcmp(a, "!") || !strcmp(a, "(")) &&
	    t->depth >= TEST_MAX_DEPTH) {
		t->i = t->n; /* too deep: false, and stop reading */
		return false;
	}
	if (!strcmp(a, "!")) {
		t->i++;
		t->depth++;
		v = !t_primary(t);
		t->depth--;
		return v;
	}
	if (!strcmp(a, "(")) {
		t->i++;
		t->depth++;
		v = t_or(t);
		t->depth--;
		if (t->i < t->n && !strcmp(t->a[t->i], ")"))
			t->i++;
		return v;
	}
	if (t->i + 2 < t->n) {
		v = binary(a, t->a[t->i + 1], t->a[t->i + 2], &ok);
		if (ok) {
			t->i += 3;
			return v;
		}
	}
	if (a[0] == '-' && a[1] && !a[2] && strchr("efdszn", a[1]) &&
	    t->i + 1 < t->n) {
		const char *arg = t->a[t->i + 1];

		t->i += 2;
		if (a[1] == 'z')
			return arg[0] == 0;
		if (a[1] == 'n')
			return arg[0] != 0;
		return file_test(t, a[1], arg);
	}
	t->i++;
	return a[0] != 0;
}

static bool t_and(struct tctx *t)
{
	bool v = t_primary(t);

	while (t->i < t->n && !strcmp(t->a[t->i], "-a")) {
		t->i++;
		v = t_primary(t) && v;
	}
	return v;
}

static bool t_or(struct tctx *t)
{
	bool v = t_and(t);

	while (t->i < t->n && !strcmp(t->a[t->i], "-o")) {
		t->i++;
		v = t_and(t) || v;
	}
	return v;
}

int gs_test(struct gstate *g, int argc, char **argv, int line)
{
	struct tctx t = {.g = g, .a = argv + 1, .n = argc - 1};

	if (argv[0][0] == '[') {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
			gs_msg(g, line, "[: missing ]");
			return 1;
		}
		t.n--;
	}
	return t_or(&t) ? 0 : 1;
}
