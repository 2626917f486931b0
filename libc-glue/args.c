/*
 * args.c - the environment from the command line, as Linux's init gets
 * it: leading NAME=value words.  See args.h.
 */
#include <stdbool.h>
#include <string.h>
#include "args.h"

static bool is_name_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* NAME=value with NAME a C identifier. */
static bool is_assignment(const char *s)
{
	const char *eq = strchr(s, '=');

	if (!eq || eq == s)
		return false;
	for (const char *p = s; p < eq; p++)
		if (!is_name_char(*p, p == s))
			return false;
	return true;
}

int args_split_env(int argc, char **argv, char **env, int env_max)
{
	int i = 1, n = 0, out = 1;

	while (i < argc && n < env_max && is_assignment(argv[i]))
		env[n++] = argv[i++];
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	while (i < argc)
		argv[out++] = argv[i++];
	argv[out] = NULL;
	env[n] = NULL;
	return out;
}
