/*
 * xs_wire.h - the xenstore wire protocol as pure functions
 * (kernel/lib/xs_wire.c): building requests, reassembling replies from the
 * ring byte stream, and checking them.
 *
 * xenstored is untrusted.  Every reply goes through xs_rx_feed(), which
 * rejects a header whose len exceeds XENSTORE_PAYLOAD_MAX and always leaves
 * the payload NUL-terminated (body[len] == 0) so string functions cannot run
 * off the end; xs_reply_check() then matches req_id and type before any
 * caller looks at the body.  Nothing here allocates or touches shared memory.
 */
#ifndef DOMLET_XS_WIRE_H
#define DOMLET_XS_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <domlet/errno.h>
#include <xen/io/xs_wire.h>

/* Reassembly state for one incoming message. */
struct xs_rx {
	struct xsd_sockmsg hdr;
	uint32_t have;			     /* bytes of hdr+body so far */
	char body[XENSTORE_PAYLOAD_MAX + 1]; /* payload, then a NUL */
};

void xs_rx_reset(struct xs_rx *rx);

/*
 * Consumes bytes of the stream.  Returns how many of `n` were used (>= 0)
 * and sets *done to 1 once a whole message is in rx (stop feeding, handle
 * it, then xs_rx_reset()).  Returns -EBADMSG when the header announces more
 * than XENSTORE_PAYLOAD_MAX bytes: the stream cannot be resynchronised and
 * the caller must treat the connection as broken.
 */
long xs_rx_feed(struct xs_rx *rx, const void *data, size_t n, int *done);

/*
 * Checks a complete reply against the request it should answer.
 * 0: type and req_id match.  Negative errno from an XS_ERROR reply's
 * payload (e.g. "ENOENT" -> -ENOENT; unknown names -> -EIO).  -EPROTO for a
 * wrong req_id or an unexpected type.
 */
int xs_reply_check(const struct xs_rx *rx, uint32_t req_id, uint32_t type);

/* Maps an error name from xenstored ("EACCES") to -EACCES; -EIO if
 * unknown. s need not be NUL-terminated. */
int xs_error_to_errno(const char *s, size_t len);

/* One piece of a request payload. */
struct xs_iov {
	const void *base;
	size_t len;
};

/*
 * Writes header + payload (the parts concatenated as given: callers
 * include each string's NUL where the protocol wants one) into buf.
 * Returns the total size, or -E2BIG if the payload would exceed
 * XENSTORE_PAYLOAD_MAX or not fit in bufsize.
 */
long xs_build_request(void *buf, size_t bufsize, uint32_t type, uint32_t req_id,
		      uint32_t tx_id, const struct xs_iov *parts,
		      unsigned int nparts);

/*
 * Splits a NUL-separated list (an XS_DIRECTORY reply, a watch event's
 * "path\0token\0") into at most max pointers into body.  Returns the count,
 * -EBADMSG if the last string is not NUL-terminated within len (an empty
 * body is zero strings), or -E2BIG if there are more than max strings.
 */
int xs_split_strings(const char *body, uint32_t len, const char **out,
		     unsigned int max);

/* Parses a watch event payload; 0 or -EBADMSG (needs exactly 2 strings,
 * extra trailing strings are tolerated as xenstored may append). */
int xs_parse_watch_event(const char *body, uint32_t len, const char **path,
			 const char **token);

/* A node permission: 'n' none, 'r' read, 'w' write, 'b' both. */
struct xs_perm {
	uint16_t domid;
	char perm;
};

/* Parses an XS_GET_PERMS reply ("n0\0r5\0").  Returns the count, -EBADMSG
 * for a malformed entry (bad letter, non-digits, domid > 65535), -E2BIG if
 * more than max. */
int xs_parse_perms(const char *body, uint32_t len, struct xs_perm *perms,
		   unsigned int max);

/* Formats perms for XS_SET_PERMS ("n0\0r5\0"); returns bytes written
 * including the NULs, or -E2BIG / -EINVAL (bad perm letter). */
long xs_format_perms(char *buf, size_t size, const struct xs_perm *perms,
		     unsigned int n);

#endif
