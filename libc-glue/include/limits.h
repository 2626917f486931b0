/*
 * limits.h - newlib's, plus the host name limits POSIX names, which
 * newlib lacks (glib's ghostutils.c uses them): HOST_NAME_MAX as
 * Linux's (gethostname's names are at most 64 bytes) and POSIX's
 * minimum _POSIX_HOST_NAME_MAX; and SSIZE_MAX (glib's giounix.c).
 */
#include_next <limits.h>

#ifndef DOMLET_LIMITS_H
#define DOMLET_LIMITS_H

#ifndef _POSIX_HOST_NAME_MAX
#define _POSIX_HOST_NAME_MAX 255
#endif
#ifndef HOST_NAME_MAX
#define HOST_NAME_MAX 64
#endif
#ifndef SSIZE_MAX
#define SSIZE_MAX __LONG_MAX__
#endif

#endif
