/*
 * tso.c - see tso.h.  Frames here are our own (lwIP built them), but the
 * parser still checks every length against the bytes it was given: it is
 * fuzzed, and a wrong guess would send a corrupt frame rather than fail.
 */
#include <string.h>
#include "libc-glue/lwip/tso.h"

#define ETH_HLEN     14
#define ETHTYPE_IPV4 0x0800
#define ETHTYPE_IPV6 0x86dd
#define IPPROTO_TCP_ 6
#define IPV6_HLEN    40
#define TCP_HLEN_MIN 20
#define IPV4_MAX_LEN 0xffffu

static unsigned int get16(const uint8_t *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* One's complement sum of n bytes (n even) added to sum, unfolded. */
static uint32_t sum16(const uint8_t *p, size_t n, uint32_t sum)
{
	for (; n >= 2; p += 2, n -= 2)
		sum += get16(p);
	return sum;
}

static unsigned int fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* The IP part: sets *l4 and *iplen (the IP packet's length); -1 if the
 * frame is not TCP over IP as tso.h describes. */
static int parse_ip(const uint8_t *f, size_t have, struct tso_frame *t,
		    size_t *iplen)
{
	unsigned int type = get16(f + 12);
	const uint8_t *ip = f + ETH_HLEN;

	if (type == ETHTYPE_IPV4) {
		unsigned int ihl;

		if (have < ETH_HLEN + 20)
			return -1;
		ihl = (ip[0] & 0xf) * 4u;
		if (ip[0] >> 4 != 4 || ihl < 20 || have < ETH_HLEN + ihl ||
		    ip[9] != IPPROTO_TCP_ ||
		    (get16(ip + 6) & 0x3fff) != 0) /* MF or an offset */
			return -1;
		*iplen = get16(ip + 2);
		t->v6 = false;
		t->l4 = ETH_HLEN + ihl;
		return *iplen >= ihl ? 0 : -1;
	}
	if (type == ETHTYPE_IPV6) {
		if (have < ETH_HLEN + IPV6_HLEN || ip[0] >> 4 != 6 ||
		    ip[6] != IPPROTO_TCP_)
			return -1;
		*iplen = IPV6_HLEN + get16(ip + 4);
		t->v6 = true;
		t->l4 = ETH_HLEN + IPV6_HLEN;
		return 0;
	}
	return -1;
}

int tso_parse(const uint8_t *f, size_t have, size_t len, struct tso_frame *t)
{
	const uint8_t *tcp;
	size_t iplen;
	unsigned int doff;

	if (have > len || have < ETH_HLEN || parse_ip(f, have, t, &iplen))
		return -1;
	/* lwIP sends no Ethernet padding after TCP: lengths must agree. */
	if (ETH_HLEN + iplen != len || have < t->l4 + TCP_HLEN_MIN)
		return -1;
	tcp = f + t->l4;
	doff = (tcp[12] >> 4) * 4u;
	if (doff < TCP_HLEN_MIN || have < t->l4 + doff || len < t->l4 + doff)
		return -1;
	t->hdrlen = t->l4 + doff;
	t->paylen = len - t->hdrlen;
	t->seq = get32(tcp + 4);
	t->flags = tcp[13];
	return 0;
}

bool tso_startable(const struct tso_frame *t, size_t max_frame)
{
	return t->paylen > 0 && t->paylen <= 0xffff &&
	       (t->flags & ~TSO_TCP_PSH) == TSO_TCP_ACK &&
	       t->hdrlen + 2 * t->paylen <= max_frame;
}

void tso_start(struct tso_batch *b, const uint8_t *hdr,
	       const struct tso_frame *t)
{
	memcpy(b->hdr, hdr, t->hdrlen);
	b->first = *t;
	b->paylen = t->paylen;
	b->next_seq = t->seq + (uint32_t)t->paylen;
	b->mss = (uint16_t)t->paylen;
	b->flags = t->flags;
	b->nseg = 1;
	b->open = true;
}

/* Clears the fields segmentation rewrites, so the rest can be compared. */
static void mask_varying(uint8_t *h, const struct tso_frame *t)
{
	uint8_t *ip = h + ETH_HLEN, *tcp = h + t->l4;

	if (t->v6) {
		memset(ip + 4, 0, 2); /* payload length */
	} else {
		memset(ip + 2, 0, 4);  /* total length, id */
		memset(ip + 10, 0, 2); /* header checksum */
	}
	memset(tcp + 4, 0, 4); /* sequence */
	tcp[13] &= (uint8_t)~TSO_TCP_PSH;
	memset(tcp + 16, 0, 2); /* checksum */
}

bool tso_join(struct tso_batch *b, const uint8_t *hdr,
	      const struct tso_frame *t, size_t max_frame)
{
	uint8_t x[TSO_HDR_MAX], y[TSO_HDR_MAX];

	if (!b->nseg || !b->open || b->nseg >= TSO_MAX_SEGS ||
	    t->v6 != b->first.v6 || t->hdrlen != b->first.hdrlen ||
	    t->l4 != b->first.l4 || t->seq != b->next_seq ||
	    !tso_startable(t, max_frame) || t->paylen > b->mss ||
	    b->first.hdrlen + b->paylen + t->paylen > max_frame ||
	    (!t->v6 &&
	     b->first.hdrlen - ETH_HLEN + b->paylen + t->paylen > IPV4_MAX_LEN))
		return false;
	memcpy(x, b->hdr, t->hdrlen);
	memcpy(y, hdr, t->hdrlen);
	mask_varying(x, t);
	mask_varying(y, t);
	if (memcmp(x, y, t->hdrlen))
		return false;
	b->paylen += t->paylen;
	b->next_seq += (uint32_t)t->paylen;
	b->flags |= t->flags;
	b->open = t->paylen == b->mss;
	b->nseg++;
	return true;
}

void tso_fixup(uint8_t *hdr, const struct tso_frame *t, size_t paylen,
	       uint8_t flags)
{
	uint8_t *ip = hdr + ETH_HLEN, *tcp = hdr + t->l4;
	size_t tcplen = t->hdrlen - t->l4 + paylen;
	uint32_t sum;

	if (t->v6) {
		put16(ip + 4, (unsigned int)tcplen);
		sum = sum16(ip + 8, 32, 0); /* source, destination */
	} else {
		put16(ip + 2, (unsigned int)(t->l4 - ETH_HLEN + tcplen));
		put16(ip + 10, 0);
		put16(ip + 10, ~fold(sum16(ip, t->l4 - ETH_HLEN, 0)) & 0xffff);
		sum = sum16(ip + 12, 8, 0);
	}
	/* Pseudo-header: addresses, protocol, TCP length (RFC 793/8200).
	 * Left uncomplemented: the backend adds the segment's own sum. */
	sum += IPPROTO_TCP_ + (uint32_t)(tcplen >> 16) + (tcplen & 0xffff);
	tcp[13] = flags;
	put16(tcp + 16, fold(sum));
}
