/* xenbus_internal.h - between xenbus.c (transport) and xenbus_ops.c. */
#ifndef XENBUS_INTERNAL_H
#define XENBUS_INTERNAL_H

#include <domlet/xs_wire.h>

/* Sends one request and waits for its checked reply; *reply (malloc'd,
 * NUL-terminated at [*len]) is the caller's to free.  reply may be NULL. */
int xs_talk(xbt_t t, uint32_t type, const struct xs_iov *iov, unsigned int n,
	    char **reply, uint32_t *len);
void xenbus_unwatch_local(struct xenbus_watch *w);

#endif
