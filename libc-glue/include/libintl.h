/*
 * libintl.h - the gettext interface, without message catalogs.
 *
 * domlet has no locale files, so every lookup returns its msgid (or, for
 * the plural forms, msgid1 when n == 1 and msgid2 otherwise), as GNU
 * gettext does when no catalog matches.  textdomain() and
 * bindtextdomain() remember what they are given and read it back, so
 * code that sets up a domain (glib's ggettext.c) sees its own values.
 * libc-glue/intl.c.
 */
#ifndef DOMLET_LIBINTL_H
#define DOMLET_LIBINTL_H

#ifdef __cplusplus
extern "C" {
#endif

char *gettext(const char *msgid);
char *dgettext(const char *domain, const char *msgid);
char *dcgettext(const char *domain, const char *msgid, int category);
char *ngettext(const char *msgid1, const char *msgid2, unsigned long n);
char *dngettext(const char *domain, const char *msgid1, const char *msgid2,
		unsigned long n);
char *dcngettext(const char *domain, const char *msgid1, const char *msgid2,
		 unsigned long n, int category);
char *textdomain(const char *domain);
char *bindtextdomain(const char *domain, const char *dirname);
char *bind_textdomain_codeset(const char *domain, const char *codeset);

#ifdef __cplusplus
}
#endif

#endif
