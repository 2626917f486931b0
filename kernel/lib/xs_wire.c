/*
 * xs_wire.c - the xenstore wire protocol: framing requests, reassembling
 * replies from the byte stream, checking and parsing them.
 *
 * xenstored is untrusted.  A header is accepted only if its len fits the
 * payload limit (otherwise the stream cannot be resynchronised and the
 * error is sticky); every payload is NUL-terminated here whatever the peer
 * sent; every parser below bounds itself by len and never by a NUL the peer
 * may have left out.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <domlet/errno.h>
#include <domlet/xs_wire.h>

#define HDR_SIZE ((uint32_t)sizeof(struct xsd_sockmsg))

void xs_rx_reset(struct xs_rx *rx)
{
	memset(&rx->hdr, 0, sizeof(rx->hdr));
	rx->have = 0;
	rx->body[0] = '\0';
}

long xs_rx_feed(struct xs_rx *rx, const void *data, size_t n, int *done)
{
	const char *src = data;
	size_t used = 0, take;

	*done = 0;
	if (rx->have < HDR_SIZE) {
		take = HDR_SIZE - rx->have;
		if (take > n)
			take = n;
		if (take) /* memcpy from a NULL data with n == 0 is UB */
			memcpy((char *)&rx->hdr + rx->have, src, take);
		rx->have += (uint32_t)take;
		used = take;
		if (rx->have < HDR_SIZE)
			return (long)used;
	}
	/* Checked on every call, so the error stays until xs_rx_reset(). */
	if (rx->hdr.len > XENSTORE_PAYLOAD_MAX)
		return -EBADMSG;
	take = HDR_SIZE + rx->hdr.len - rx->have;
	if (take > n - used)
		take = n - used;
	if (take)
		memcpy(rx->body + (rx->have - HDR_SIZE), src + used, take);
	rx->have += (uint32_t)take;
	used += take;
	if (rx->have == HDR_SIZE + rx->hdr.len) {
		rx->body[rx->hdr.len] = '\0';
		*done = 1;
	}
	return (long)used;
}

int xs_error_to_errno(const char *s, size_t len)
{
	size_t n = 0, i;

	while (n < len && s[n]) /* the name ends at a NUL or at len */
		n++;
	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++) {
		const char *name = xsd_errors[i].errstring;

		if (strlen(name) == n && !memcmp(name, s, n))
			return -xsd_errors[i].errnum;
	}
	return -EIO;
}

int xs_reply_check(const struct xs_rx *rx, uint32_t req_id, uint32_t type)
{
	/* An incomplete message is a caller bug, not the peer's. */
	if (rx->have < HDR_SIZE || rx->hdr.len > XENSTORE_PAYLOAD_MAX ||
	    rx->have != HDR_SIZE + rx->hdr.len)
		return -EINVAL;
	if (rx->hdr.req_id != req_id)
		return -EPROTO;
	if (rx->hdr.type == XS_ERROR)
		return xs_error_to_errno(rx->body, rx->hdr.len);
	if (rx->hdr.type != type)
		return -EPROTO;
	return 0;
}

long xs_build_request(void *buf, size_t bufsize, uint32_t type, uint32_t req_id,
		      uint32_t tx_id, const struct xs_iov *parts,
		      unsigned int nparts)
{
	struct xsd_sockmsg hdr;
	size_t total = 0;
	char *p = buf;
	unsigned int i;

	/* Checking against the limit part by part also rules out overflow
	 * of the sum. */
	for (i = 0; i < nparts; i++) {
		if (parts[i].len > XENSTORE_PAYLOAD_MAX - total)
			return -E2BIG;
		total += parts[i].len;
	}
	if (bufsize < HDR_SIZE || total > bufsize - HDR_SIZE)
		return -E2BIG;
	hdr.type = type;
	hdr.req_id = req_id;
	hdr.tx_id = tx_id;
	hdr.len = (uint32_t)total;
	memcpy(p, &hdr, HDR_SIZE);
	p += HDR_SIZE;
	for (i = 0; i < nparts; i++) {
		if (parts[i].len)
			memcpy(p, parts[i].base, parts[i].len);
		p += parts[i].len;
	}
	return (long)(HDR_SIZE + total);
}

int xs_split_strings(const char *body, uint32_t len, const char **out,
		     unsigned int max)
{
	unsigned int count = 0;
	uint32_t start = 0, i;

	if (len && body[len - 1] != '\0')
		return -EBADMSG;
	for (i = 0; i < len; i++) {
		if (body[i] != '\0')
			continue;
		if (count == max)
			return -E2BIG;
		out[count++] = body + start;
		start = i + 1;
	}
	return (int)count;
}

int xs_parse_watch_event(const char *body, uint32_t len, const char **path,
			 const char **token)
{
	const char *nul1, *nul2;

	/* Only the first two strings matter; anything after is ignored. */
	nul1 = memchr(body, '\0', len);
	if (!nul1)
		return -EBADMSG;
	nul2 = memchr(nul1 + 1, '\0', len - (uint32_t)(nul1 + 1 - body));
	if (!nul2)
		return -EBADMSG;
	*path = body;
	*token = nul1 + 1;
	return 0;
}

static int perm_letter_ok(char c)
{
	return c == 'n' || c == 'r' || c == 'w' || c == 'b';
}

/* Parses one "<letter><domid>" entry of exactly n bytes (NUL excluded). */
static int parse_perm(const char *s, uint32_t n, struct xs_perm *perm)
{
	uint32_t domid = 0, i;

	if (n < 2 || !perm_letter_ok(s[0]))
		return -EBADMSG;
	for (i = 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EBADMSG;
		domid = domid * 10 + (uint32_t)(s[i] - '0');
		if (domid > 65535)
			return -EBADMSG;
	}
	perm->perm = s[0];
	perm->domid = (uint16_t)domid;
	return 0;
}

/*
 * An empty reply is malformed too: every node has at least its owner's
 * entry, and callers index perms[0] on success.
 */
int xs_parse_perms(const char *body, uint32_t len, struct xs_perm *perms,
		   unsigned int max)
{
	unsigned int count = 0;
	uint32_t start = 0, i;
	int err;

	if (!len || body[len - 1] != '\0')
		return -EBADMSG;
	for (i = 0; i < len; i++) {
		if (body[i] != '\0')
			continue;
		if (count == max)
			return -E2BIG;
		err = parse_perm(body + start, i - start, &perms[count]);
		if (err)
			return err;
		count++;
		start = i + 1;
	}
	return (int)count;
}

/* Writes "<letter><domid>\0"; returns its length or -E2BIG. */
static long format_perm(char *buf, size_t size, const struct xs_perm *perm)
{
	char digits[5];
	unsigned int v = perm->domid;
	size_t nd = 0, i;

	do {
		digits[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (size < nd + 2)
		return -E2BIG;
	buf[0] = perm->perm;
	for (i = 0; i < nd; i++)
		buf[1 + i] = digits[nd - 1 - i];
	buf[nd + 1] = '\0';
	return (long)(nd + 2);
}

long xs_format_perms(char *buf, size_t size, const struct xs_perm *perms,
		     unsigned int n)
{
	size_t pos = 0;
	unsigned int i;
	long len;

	for (i = 0; i < n; i++) {
		if (!perm_letter_ok(perms[i].perm))
			return -EINVAL;
		len = format_perm(buf + pos, size - pos, &perms[i]);
		if (len < 0)
			return len;
		pos += (size_t)len;
	}
	return (long)pos;
}
