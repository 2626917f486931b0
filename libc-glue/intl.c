/*
 * intl.c - gettext without catalogs (see include/libintl.h).
 *
 * Lookups return their msgid.  The current text domain and the last
 * directory and codeset bound to each of a few domains are kept so they
 * read back; a NULL argument queries, as in GNU gettext.  The table is
 * small and fixed: a program binds one or two domains (glib binds its
 * own), and one more than fits gets ENOMEM.
 */
#include <errno.h>
#include <libintl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define INTL_DOMAINS 8

struct intl_binding {
	char *domain;
	char *dirname;
	char *codeset;
};

static pthread_mutex_t intl_lock = PTHREAD_MUTEX_INITIALIZER;
static struct intl_binding intl_bindings[INTL_DOMAINS];
static char *intl_current;

char *gettext(const char *msgid)
{
	return (char *)msgid;
}

char *dgettext(const char *domain, const char *msgid)
{
	(void)domain;
	return (char *)msgid;
}

char *dcgettext(const char *domain, const char *msgid, int category)
{
	(void)domain;
	(void)category;
	return (char *)msgid;
}

char *ngettext(const char *msgid1, const char *msgid2, unsigned long n)
{
	return (char *)(n == 1 ? msgid1 : msgid2);
}

char *dngettext(const char *domain, const char *msgid1, const char *msgid2,
		unsigned long n)
{
	(void)domain;
	return ngettext(msgid1, msgid2, n);
}

char *dcngettext(const char *domain, const char *msgid1, const char *msgid2,
		 unsigned long n, int category)
{
	(void)domain;
	(void)category;
	return ngettext(msgid1, msgid2, n);
}

/* Replaces *slot with a copy of value; false (errno ENOMEM) if none. */
static int intl_set(char **slot, const char *value)
{
	char *copy = strdup(value);

	if (!copy) {
		errno = ENOMEM;
		return 0;
	}
	free(*slot);
	*slot = copy;
	return 1;
}

char *textdomain(const char *domain)
{
	char *ret;

	pthread_mutex_lock(&intl_lock);
	if (domain && !intl_set(&intl_current, *domain ? domain : "messages"))
		ret = NULL;
	else
		ret = intl_current ? intl_current : "messages";
	pthread_mutex_unlock(&intl_lock);
	return ret;
}

/* The binding of domain, a free slot for it, or NULL (table full). */
static struct intl_binding *intl_find(const char *domain)
{
	struct intl_binding *free_slot = NULL;

	for (int i = 0; i < INTL_DOMAINS; i++) {
		struct intl_binding *b = &intl_bindings[i];

		if (b->domain && !strcmp(b->domain, domain))
			return b;
		if (!b->domain && !free_slot)
			free_slot = b;
	}
	return free_slot;
}

/* bindtextdomain and bind_textdomain_codeset: one field of a binding. */
static char *intl_bind(const char *domain, const char *value, int codeset)
{
	struct intl_binding *b;
	char *ret = NULL;

	if (!domain || !*domain) {
		errno = EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&intl_lock);
	b = intl_find(domain);
	if (!b) {
		errno = ENOMEM;
	} else if (!value) {
		ret = codeset ? b->codeset : b->dirname;
	} else if ((b->domain || intl_set(&b->domain, domain)) &&
		   intl_set(codeset ? &b->codeset : &b->dirname, value)) {
		ret = codeset ? b->codeset : b->dirname;
	}
	pthread_mutex_unlock(&intl_lock);
	return ret;
}

char *bindtextdomain(const char *domain, const char *dirname)
{
	return intl_bind(domain, dirname, 0);
}

char *bind_textdomain_codeset(const char *domain, const char *codeset)
{
	return intl_bind(domain, codeset, 1);
}
